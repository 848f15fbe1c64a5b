import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { Client } from 'pg';
import { createApp, type AppHandle } from '../../src/app';
import { loadConfig } from '../../src/config';
import { seedDatabase } from '../../seeds/seeder';
import { authHeader, DEFAULT_SUBJECT, TEST_JWT_SECRET } from './auth';
import { createTestDatabase, type TestDatabase } from './db';

/**
 * What an error carries in `extensions`: the hub's code and details (src/errors.ts), or GraphQL's and
 * Apollo's own code (GRAPHQL_VALIDATION_FAILED, INTERNAL_SERVER_ERROR…).
 */
export interface ErrorExtensions {
  code?: string;
  /** The argument or input field at fault (BAD_USER_INPUT, CONFLICT). */
  field?: string;
  /** Every problem with the input when there are several; `field` names the first. */
  problems?: { field: string; message: string }[];
  /** The version the caller sent and the one the record is at (CONFLICT). */
  expected?: number;
  actual?: number;
  /** The limit a request went over, and what it came to. */
  limit?: number;
  found?: number;
  retryable?: boolean;
  /** The log reference of a masked INTERNAL_SERVER_ERROR. */
  errorId?: string;
  [key: string]: unknown;
}

/** One error as it reaches a client, over HTTP or a websocket. */
export interface ResponseError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: ErrorExtensions;
}

/**
 * A GraphQL answer. `T` is the operation's generated result type; it is `unknown` for a raw
 * document (a malformed or hostile one sent on purpose), to be narrowed before use.
 */
export interface GraphQLResult<T> {
  data?: T | null;
  errors?: ResponseError[];
  extensions?: Record<string, unknown>;
}

export interface GraphQLResponse<T> {
  status: number;
  contentType: string | null;
  body: GraphQLResult<T>;
}

export interface TestApp {
  app: AppHandle;
  db: TestDatabase;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  origin: string;
  /**
   * Runs an operation as the default account (an analyst) unless `headers` says otherwise; pass
   * `{ authorization: '' }` to send no credentials at all.
   */
  gql: <T, V>(document: TypedDocumentNode<T, V>, variables?: V, headers?: Record<string, string>) => Promise<GraphQLResponse<T>>;
  /** Runs an operation as a seeded account, e.g. `seed:north-chair`. */
  gqlAs: <T, V>(subject: string, document: TypedDocumentNode<T, V>, variables?: V) => Promise<GraphQLResponse<T>>;
  /**
   * POSTs a body as it is: for requests a typed operation cannot make (malformed, hostile or
   * transport-level ones). Its answer is `unknown` until narrowed.
   */
  post: (body: unknown, headers?: Record<string, string>) => Promise<GraphQLResponse<unknown>>;
  /**
   * Runs SQL as the database owner, outside the hub: for fixtures and for breaking things on
   * purpose. (The hub's own connections run as hub_app, which row-level security binds.)
   */
  ownerSql: <R = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>;
  close: () => Promise<void>;
}

/**
 * POSTs a GraphQL request body to `url` with exactly `headers` (no credentials unless they carry
 * some). The one place an HTTP answer gets its type: the server's JSON is taken to be what the
 * operation sent asks for (`unknown` for a raw body).
 */
async function postTo<T>(url: string, body: unknown, headers: Record<string, string>): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as GraphQLResult<T> };
}

/** Runs a typed operation on the hub at `url` (…/graphql) with exactly `headers`: for hubs other than a TestApp. */
export function gqlAt<T, V>(url: string, document: TypedDocumentNode<T, V>, variables: V, headers: Record<string, string>) {
  return postTo<T>(url, { query: print(document), variables }, headers);
}

/** Starts the real hub on a free port against a fresh copy of the seeded database. */
export async function startTestApp(env: Record<string, string> = {}, db?: TestDatabase): Promise<TestApp> {
  const database = db ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: database.url,
    SEED_ON_EMPTY: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    ...env,
  });
  // Seeds as `npm start` does, should a test turn SEED_ON_EMPTY on against an empty database.
  const app = await createApp(config, { seed: seedDatabase });
  const origin = `http://127.0.0.1:${app.port}`;
  const url = `${origin}/graphql`;
  const send = async <T>(body: unknown, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> => {
    const auth = Object.keys(headers).some((h) => h.toLowerCase() === 'authorization') ? {} : await authHeader(DEFAULT_SUBJECT);
    const sent = Object.fromEntries(Object.entries({ ...auth, ...headers }).filter(([, v]) => v !== ''));
    return postTo<T>(url, body, sent);
  };
  return {
    app,
    db: database,
    url,
    origin,
    post: (body, headers) => send<unknown>(body, headers),
    gql: (document, variables, headers) => send({ query: print(document), variables }, headers),
    async ownerSql<R>(sql: string, params: unknown[] = []) {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as R[];
      } finally {
        await client.end();
      }
    },
    gqlAs: async (subject, document, variables) => send({ query: print(document), variables }, await authHeader(subject)),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/**
 * Starts the hub before the file's tests and closes it after them. Returns a stand-in that forwards
 * to the running hub, so a test file reads `const hub = useTestApp();` and then uses `hub` as usual.
 */
export function useTestApp(env: Record<string, string> = {}): TestApp {
  let running: TestApp | undefined;
  beforeAll(async () => {
    running = await startTestApp(env);
  });
  afterAll(() => running?.close());
  const hub = (): TestApp => {
    if (!running) throw new Error('The hub is not running yet: use it inside a test or hook.');
    return running;
  };
  return {
    get app() {
      return hub().app;
    },
    get db() {
      return hub().db;
    },
    get url() {
      return hub().url;
    },
    get origin() {
      return hub().origin;
    },
    gql: (document, variables, headers) => hub().gql(document, variables, headers),
    gqlAs: (subject, document, variables) => hub().gqlAs(subject, document, variables),
    post: (body, headers) => hub().post(body, headers),
    ownerSql: (sql, params) => hub().ownerSql(sql, params),
    close: () => hub().close(),
  };
}
