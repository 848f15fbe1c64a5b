import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import { Client } from 'pg';
import { createApp, type AppHandle } from '../../src/app';
import { loadConfig } from '../../src/config';
import { seedDatabase } from '../../seeds/seeder';
import { authHeader, DEFAULT_SUBJECT, TEST_JWT_SECRET } from './auth';
import { createTestDatabase, type TestDatabase } from './db';

export interface GraphQLResponse<T> {
  status: number;
  contentType: string | null;
  body: ExecutionResult<T> & { errors?: { message: string; extensions?: Record<string, unknown> }[] };
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
  gql<T, V>(document: TypedDocumentNode<T, V>, variables?: V, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Runs an operation as a seeded account, e.g. `seed:north-chair`. */
  gqlAs<T, V>(subject: string, document: TypedDocumentNode<T, V>, variables?: V): Promise<GraphQLResponse<T>>;
  post(body: unknown, headers?: Record<string, string>): Promise<GraphQLResponse<unknown>>;
  /**
   * Runs SQL as the database owner, outside the hub: for fixtures and for breaking things on
   * purpose. (The hub's own connections run as hub_app, which row-level security binds.)
   */
  ownerSql<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
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
  const post = async (body: unknown, headers: Record<string, string> = {}): Promise<GraphQLResponse<unknown>> => {
    const auth = Object.keys(headers).some((h) => h.toLowerCase() === 'authorization') ? {} : await authHeader(DEFAULT_SUBJECT);
    const sent = Object.fromEntries(Object.entries({ ...auth, ...headers }).filter(([, v]) => v !== ''));
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...sent },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      body: (await res.json()) as GraphQLResponse<unknown>['body'],
    };
  };
  return {
    app,
    db: database,
    url,
    origin,
    post,
    gql: (document, variables, headers) => post({ query: print(document), variables }, headers) as Promise<GraphQLResponse<never>>,
    async ownerSql<R>(sql: string, params: unknown[] = []) {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as R[];
      } finally {
        await client.end();
      }
    },
    gqlAs: async (subject, document, variables) =>
      post({ query: print(document), variables }, await authHeader(subject)) as Promise<GraphQLResponse<never>>,
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
  return new Proxy({} as TestApp, {
    get(_target, key) {
      if (!running) throw new Error('The hub is not running yet: use it inside a test or hook.');
      const value = running[key as keyof TestApp];
      return typeof value === 'function' ? value.bind(running) : value;
    },
  });
}
