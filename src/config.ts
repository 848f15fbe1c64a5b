import { createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isLoopbackHost } from './loopback';
import { projectRoot } from './paths';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

const postgresUrl = z
  .url({ error: 'must be a URL such as postgres://user:password@host:5432/database' })
  .refine((v) => /^postgres(ql)?:\/\//.test(v), { error: 'must start with postgres:// or postgresql://' });

const httpUrl = z
  .url({ error: 'must be a URL such as https://login.example.org/.well-known/jwks.json' })
  .refine((v) => /^https?:\/\//.test(v), { error: 'must start with http:// or https://' });

const redisUrl = z
  .url({ error: 'must be a URL such as redis://localhost:6379' })
  .refine((v) => /^rediss?:\/\//.test(v), { error: 'must start with redis:// or rediss://' });

/** Whether the PEM holds a key for RS256 (RSA), ES256 (EC P-256) or EdDSA (Ed25519), the algorithms tokens.ts verifies with it. */
function isUsablePublicKey(pem: string): boolean {
  try {
    const key = createPublicKey({ key: pem, format: 'pem' });
    if (key.asymmetricKeyType === 'ec') return key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
    return key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

const publicKeyPem = z
  .string()
  // A PEM squeezed onto one line of a .env or a container's environment usually arrives with literal "\n"s.
  .transform((v) => v.replace(/\\n/g, '\n').trim())
  .refine((v) => v.startsWith('-----BEGIN PUBLIC KEY-----'), {
    error: 'must be a PEM public key starting with -----BEGIN PUBLIC KEY----- (SPKI)',
  })
  .refine(isUsablePublicKey, { error: 'must be a readable RSA, EC (P-256) or Ed25519 public key' });

/**
 * One entry of CORS_ORIGINS, as a browser sends it in `Origin`: scheme, host and port only. Written
 * exactly so that a plain string comparison with the header is the whole check.
 */
function originProblem(entry: string): string | undefined {
  if (entry === '*' || entry.includes('*')) {
    return `"${entry}" is refused: a wildcard would let any website call the hub with its visitors' tokens; list each origin, e.g. https://dashboard.example.org`;
  }
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return `"${entry}" is not an origin such as https://dashboard.example.org (scheme, host and optional port)`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `"${entry}" must start with http:// or https://`;
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash || entry.endsWith('/')) {
    return `"${entry}" must be an origin only: no path, query or trailing slash (${url.origin})`;
  }
  // What a browser sends: lower-case host, no default port.
  if (url.origin !== entry) return `"${entry}" must be written as a browser sends it: ${url.origin}`;
  return undefined;
}

const originList = z.string().transform((value, ctx) => {
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  for (const entry of entries) {
    const problem = originProblem(entry);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }
  return [...new Set(entries)];
});

/** Settings that hold a key tokens can be checked against; production needs at least one. */
/** The dashboard's own operations, registered at every start unless TRUSTED_DOCUMENTS says otherwise. */
export const DASHBOARD_MANIFEST = 'dashboard/generated/persisted-documents.json';

/** Manifest files, comma-separated, relative to the hub's folder; `none` for none. Each must exist. */
const manifestList = z
  .string()
  .transform((v) =>
    v.trim() === 'none'
      ? []
      : v
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean),
  )
  .superRefine((files, ctx) => {
    for (const file of files) {
      if (!fs.existsSync(path.resolve(projectRoot(), file))) ctx.addIssue({ code: 'custom', message: `no such manifest file: ${file}` });
    }
  });

const TOKEN_KEY_SETTINGS = ['AUTH_JWT_SECRET', 'AUTH_JWT_PUBLIC_KEY', 'AUTH_JWKS_URL'] as const;

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
  MAX_EXPORT_ROWS: int(1, 10_000_000).default(100_000),
  DB_POOL_MAX: int(1, 200).default(10),
  MAX_ALIASES: int(1, 1000).default(20),
  REQUEST_TIMEOUT_MS: int(100, 600_000).default(30_000),
  DB_STATEMENT_TIMEOUT_MS: int(100, 3_600_000).default(15_000),
  AUTH_JWT_SECRET: z.string().min(32, { error: 'must be at least 32 characters (a random string, not a password)' }).optional(),
  AUTH_JWT_PUBLIC_KEY: publicKeyPem.optional(),
  AUTH_JWKS_URL: httpUrl.optional(),
  AUTH_JWT_ISSUER: z.string().min(1).default('partnership-data-hub'),
  AUTH_JWT_AUDIENCE: z.string().min(1).default('partnership-data-hub'),
  AUTH_DEV_TOKENS: bool.optional(),
  AUTH_DEV_SECRET_FILE: z.string().min(1).default('.data/dev-jwt-secret'),
  REDIS_URL: redisUrl.optional(),
  MAX_QUERY_TOKENS: int(100, 100_000).default(5000),
  MAX_SUBSCRIPTIONS_PER_CONNECTION: int(1, 1000).default(20),
  MAX_SOCKET_BUFFER_BYTES: int(64 * 1024, 256 * 1024 * 1024).default(4 * 1024 * 1024),
  MAX_OPERATIONS_IN_FLIGHT_PER_SOCKET: int(1, 1000).default(20),
  MAX_SOCKETS_PER_ACCOUNT: int(1, 10_000).default(20),
  UNAUTHENTICATED_SOCKET_GRACE_SECONDS: int(1, 300).default(10),
  OVERDUE_CHECK_SECONDS: int(1, 86_400).default(60),
  CASE_RETENTION_DAYS: int(1, 3650).default(730),
  SUBSCRIPTION_RECHECK_SECONDS: int(1, 3600).default(30),
  TRUSTED_DOCUMENTS: manifestList.default([DASHBOARD_MANIFEST]),
  CORS_ORIGINS: originList.optional(),
  FEDERATION_SUBGRAPH: bool.optional(),
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
    /** Most rows one CSV export may hold (src/server/csv-export.ts); a longer list is refused before any row is sent. */
    readonly maxExportRows: number;
    /** Most lexical tokens a query document may have; the parser stops there, before any other work. */
    readonly maxTokens: number;
    readonly maxSubscriptionsPerConnection: number;
    /** A websocket whose unsent buffer grows past this is a slow consumer and is closed. */
    readonly maxSocketBufferBytes: number;
    /** Operations one websocket may have started and not finished; beyond it each gets TOO_MANY_OPERATIONS. */
    readonly maxOperationsInFlightPerSocket: number;
    /** Websockets one account may hold open in one hub process; beyond it a new one is closed with 4029. */
    readonly maxSocketsPerAccount: number;
    /** How long a websocket without usable credentials stays open (to read why) before it is closed with 4401. */
    readonly unauthenticatedSocketGraceSeconds: number;
    /** Most response names one field may have in one selection: each alias is resolved, and priced, on its own. */
    readonly maxAliases: number;
    /** An HTTP request still running after this long is stopped and its SQL cancelled. */
    readonly requestTimeoutMs: number;
    /** PostgreSQL's statement_timeout on request connections: no single statement runs longer. */
    readonly statementTimeoutMs: number;
  };
  readonly dbPoolMax: number;
  /**
   * How callers prove who they are. A token is accepted if any configured key verifies it; with no
   * key and no dev tokens every token is refused (production requires a key).
   */
  readonly auth: {
    /** HS256 shared secret. */
    readonly jwtSecret?: string;
    /** PEM (SPKI) public key for RS256, ES256 or EdDSA tokens. */
    readonly jwtPublicKey?: string;
    /** http(s) address of a JWKS, for an identity provider that rotates its keys. */
    readonly jwksUrl?: string;
    readonly issuer: string;
    readonly audience: string;
    /** The hub signs its own HS256 tokens for local work; never on in production. */
    readonly devTokens: boolean;
    /** Where the dev-token secret is kept, so dev tokens survive restarts (used only without `jwtSecret`). */
    readonly devSecretFile: string;
  };
  /** Set when several hub processes share events through Redis; absent means everything stays in one process. */
  readonly redisUrl?: string;
  readonly jobs: {
    /** How often overdue actions are looked for. */
    readonly overdueCheckSeconds: number;
    /** How often a live subscription re-checks that its caller still has access. */
    readonly accessRecheckSeconds: number;
  };
  /** Personal fields of a case are erased this many days after it closes. */
  readonly caseRetentionDays: number;
  /** Persisted-documents manifests (absolute paths) whose operations are registered as trusted documents at start. */
  readonly trustedDocuments: readonly string[];
  /**
   * Origins (as browsers send them in `Origin`) whose pages may call the hub: CORS on HTTP, and
   * websockets opened from them. Empty: only the hub's own pages.
   */
  readonly corsOrigins: readonly string[];
  /**
   * Serve the graph as an Apollo Federation 2 subgraph (`_service`, `_entities`; Ward, Locality and
   * Lsoa as entities), so a council's gateway can compose it with its own subgraphs.
   */
  readonly federationSubgraph: boolean;
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
  const input = Object.fromEntries(Object.keys(schema.shape).flatMap((k) => (env[k] === undefined || env[k] === '' ? [] : [[k, env[k]]])));
  const parsed = schema.safeParse(input);
  const problems = [...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)), ...ruleProblems(input)];
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  return deepFreeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    embeddedPostgres: { port: e.EMBEDDED_PG_PORT, dataDir: path.resolve(projectRoot(), e.EMBEDDED_PG_DIR) },
    // Illustrative cases and `seed:` accounts belong on a developer's machine, never in a real database.
    seedOnEmpty: e.SEED_ON_EMPTY ?? e.NODE_ENV === 'development',
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? (production ? 'json' : 'pretty') },
    introspection: e.INTROSPECTION ?? !production,
    graphiql: e.GRAPHIQL ?? !production,
    limits: {
      maxDepth: e.MAX_QUERY_DEPTH,
      maxCost: e.MAX_QUERY_COST,
      maxRequestBytes: e.MAX_REQUEST_BYTES,
      maxPageSize: e.MAX_PAGE_SIZE,
      maxExportRows: e.MAX_EXPORT_ROWS,
      maxTokens: e.MAX_QUERY_TOKENS,
      maxSubscriptionsPerConnection: e.MAX_SUBSCRIPTIONS_PER_CONNECTION,
      maxSocketBufferBytes: e.MAX_SOCKET_BUFFER_BYTES,
      maxOperationsInFlightPerSocket: e.MAX_OPERATIONS_IN_FLIGHT_PER_SOCKET,
      maxSocketsPerAccount: e.MAX_SOCKETS_PER_ACCOUNT,
      unauthenticatedSocketGraceSeconds: e.UNAUTHENTICATED_SOCKET_GRACE_SECONDS,
      maxAliases: e.MAX_ALIASES,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    },
    dbPoolMax: e.DB_POOL_MAX,
    auth: {
      jwtSecret: e.AUTH_JWT_SECRET,
      jwtPublicKey: e.AUTH_JWT_PUBLIC_KEY,
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_JWT_ISSUER,
      audience: e.AUTH_JWT_AUDIENCE,
      devTokens: e.AUTH_DEV_TOKENS ?? e.NODE_ENV === 'development',
      devSecretFile: path.resolve(projectRoot(), e.AUTH_DEV_SECRET_FILE),
    },
    redisUrl: e.REDIS_URL,
    jobs: { overdueCheckSeconds: e.OVERDUE_CHECK_SECONDS, accessRecheckSeconds: e.SUBSCRIPTION_RECHECK_SECONDS },
    caseRetentionDays: e.CASE_RETENTION_DAYS,
    trustedDocuments: e.TRUSTED_DOCUMENTS.map((f) => path.resolve(projectRoot(), f)),
    corsOrigins: e.CORS_ORIGINS ?? [],
    federationSubgraph: e.FEDERATION_SUBGRAPH ?? false,
  } satisfies Config);
}

/**
 * Rules across settings. They read the raw values rather than the parsed ones so that they are
 * reported alongside any malformed setting, keeping "every problem at once" true.
 */
function ruleProblems(input: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const env = input.NODE_ENV ?? 'development';
  const devTokens = bool.safeParse(input.AUTH_DEV_TOKENS).data ?? env === 'development';
  const host = input.HOST ?? '127.0.0.1';
  if (devTokens && !isLoopbackHost(host)) {
    // GraphiQL hands the analyst's token to any browser, and the dev secret signs anyone in: fine on
    // loopback, an open door on an address other machines reach.
    problems.push(
      `AUTH_DEV_TOKENS, HOST: development tokens are on and HOST is ${host}, which other machines can reach; listen on a loopback address (127.0.0.1, ::1 or localhost) or set AUTH_DEV_TOKENS=false`,
    );
  }
  if (input.NODE_ENV !== 'production') return problems;
  if (bool.safeParse(input.SEED_ON_EMPTY).data === true) {
    problems.push(
      'SEED_ON_EMPTY: must not be true in production, where it would fill an empty database with illustrative cases and seed: accounts',
    );
  }
  if (bool.safeParse(input.AUTH_DEV_TOKENS).data === true) {
    problems.push('AUTH_DEV_TOKENS: must not be true in production, where it would let anyone holding the dev secret sign in as anyone');
  }
  if (!TOKEN_KEY_SETTINGS.some((k) => input[k] !== undefined)) {
    problems.push(`${TOKEN_KEY_SETTINGS.join(', ')}: production needs at least one of these, or no caller's token can be checked`);
  }
  return problems;
}
