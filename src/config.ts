import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from './paths';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a whole number' })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });

const postgresUrl = z
  .string()
  .url({ message: 'must be a URL such as postgres://user:password@host:5432/database' })
  .refine((v) => /^postgres(ql)?:\/\//.test(v), { message: 'must start with postgres:// or postgresql://' });

/** Every setting the hub reads from the environment, with its default. The README's table mirrors this. */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(4000),
  DATABASE_URL: postgresUrl.optional(),
  EMBEDDED_PG_PORT: int(1, 65535).default(54329),
  EMBEDDED_PG_DIR: z.string().min(1).default('.data/postgres'),
  SEED_ON_EMPTY: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  INTROSPECTION: bool.optional(),
  GRAPHIQL: bool.optional(),
  MAX_QUERY_DEPTH: int(2, 100).default(12),
  MAX_QUERY_COST: int(10, 10_000_000).default(20_000),
  MAX_REQUEST_BYTES: int(1024, 50 * 1024 * 1024).default(100 * 1024),
  MAX_PAGE_SIZE: int(1, 10_000).default(100),
  DB_POOL_MAX: int(1, 200).default(10),
});

export interface Config {
  readonly env: 'development' | 'test' | 'production';
  readonly host: string;
  readonly port: number;
  /** Set when the hub uses an existing PostgreSQL server; absent means start an embedded one. */
  readonly databaseUrl?: string;
  readonly embeddedPostgres: { readonly port: number; readonly dataDir: string };
  readonly seedOnEmpty: boolean;
  readonly log: { readonly level: string; readonly format: 'pretty' | 'json' };
  readonly introspection: boolean;
  readonly graphiql: boolean;
  readonly limits: {
    readonly maxDepth: number;
    readonly maxCost: number;
    readonly maxRequestBytes: number;
    readonly maxPageSize: number;
  };
  readonly dbPoolMax: number;
}

/** Raised when the environment holds invalid settings; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Parses the settings once. Empty strings count as unset, so a `.env` copied from `.env.example`
 * with blank values behaves like no file at all.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(
    Object.keys(schema.shape).flatMap((k) => (env[k] === undefined || env[k] === '' ? [] : [[k, env[k]]])),
  );
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  return deepFreeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    embeddedPostgres: { port: e.EMBEDDED_PG_PORT, dataDir: path.resolve(projectRoot(), e.EMBEDDED_PG_DIR) },
    seedOnEmpty: e.SEED_ON_EMPTY ?? true,
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? (production ? 'json' : 'pretty') },
    introspection: e.INTROSPECTION ?? !production,
    graphiql: e.GRAPHIQL ?? true,
    limits: {
      maxDepth: e.MAX_QUERY_DEPTH,
      maxCost: e.MAX_QUERY_COST,
      maxRequestBytes: e.MAX_REQUEST_BYTES,
      maxPageSize: e.MAX_PAGE_SIZE,
    },
    dbPoolMax: e.DB_POOL_MAX,
  } satisfies Config);
}
