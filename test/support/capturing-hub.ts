import pino from 'pino';
import { createApp, type AppHandle } from '../../src/app';
import { loadConfig } from '../../src/config';
import { seedDatabase } from '../../seeds/seeder';
import { TEST_JWT_SECRET } from './auth';
import type { TestDatabase } from './db';

export interface CapturedLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface CapturingHub {
  app: AppHandle;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  /** Everything the hub logged, parsed (at the level asked for; 'trace' includes every SQL statement). */
  lines: CapturedLine[];
  close(): Promise<void>;
}

/**
 * The real hub in this process, like startTestApp, but with a logger that keeps what it writes, so
 * a test can tell what this hub did (which scheduled jobs it ran or skipped, say). Closing it leaves
 * the database alone.
 */
export async function startCapturingHub(
  db: Pick<TestDatabase, 'url'>,
  env: Record<string, string> = {},
  level = 'debug',
): Promise<CapturingHub> {
  const lines: CapturedLine[] = [];
  const log = pino({ level }, { write: (s: string) => void lines.push(JSON.parse(s) as CapturedLine) });
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: db.url,
    SEED_ON_EMPTY: 'false',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    ...env,
  });
  const app = await createApp(config, { log, seed: seedDatabase });
  return { app, url: `http://127.0.0.1:${app.port}/graphql`, lines, close: () => app.close() };
}
