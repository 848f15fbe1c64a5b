import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../src/paths';

/** Runs `npm run seed`'s compiled script against `databaseUrl`, as a separate process would. */
export async function runSeedCommand(databaseUrl: string): Promise<void> {
  await promisify(execFile)(process.execPath, [path.join(projectRoot(), 'dist/seeds/run.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
  });
}
