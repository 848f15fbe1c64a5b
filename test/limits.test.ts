import { Client } from 'pg';
import { startTestApp, useTestApp, type TestApp } from './support/app';
import { authHeader } from './support/auth';
import { statementsOf } from './support/statements';

/**
 * The query from issue 9: 300 aliases of `borough { crime }`, each over other months. (Within
 * MAX_QUERY_TOKENS, so that it is the pricing, not the parser, that must refuse it.)
 */
export function aliasFlood(count = 300): string {
  const months = Array.from({ length: 24 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: borough { crime(from: "${months[i % 24]}") { total } }`).join(' ')} }`;
}

/** Statements of the hub's database still running or waiting, apart from the one asking. */
async function hubStatements(
  hub: TestApp,
  except: number[] = [],
): Promise<{ pid: number; query: string; wait_event_type: string | null }[]> {
  return hub.ownerSql(
    `select pid, query, wait_event_type from pg_stat_activity
      where datname = current_database() and state = 'active' and pid <> pg_backend_pid() and not (pid = any($1::int[]))`,
    [except],
  );
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, boundMs = 15_000): Promise<T> {
  const giveUp = Date.now() + boundMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > giveUp) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Holds an exclusive lock on the crime table from another connection, so any read of it waits. */
async function lockCrime(hub: TestApp) {
  const client = new Client({ connectionString: hub.db.url });
  await client.connect();
  await client.query('begin');
  await client.query('lock table crime in access exclusive mode');
  const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
  let released = false;
  return {
    pid,
    async release() {
      if (released) return;
      released = true;
      await client.query('rollback').catch(() => {});
      await client.end();
    },
  };
}

const CRIME = '{ borough { crime { total } } }';

describe('pricing and aliases', () => {
  const hub = useTestApp();

  it('refuses the 300-alias crime query with QUERY_TOO_COMPLEX before any SQL runs', async () => {
    const query = aliasFlood();
    expect(query.length).toBeGreaterThan(14_000);
    const { result, statements } = await statementsOf(hub.app, (headers) => hub.post({ query }, headers));
    expect(result.status).toBe(400);
    expect(result.body.errors![0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.body.data).toBeUndefined();
    expect(statements).toEqual([]);
  }, 120_000);

  it('prices each aliased aggregate by its work: 200 crime aggregates within the alias limit still cost too much', async () => {
    const crimes = Array.from({ length: 10 }, (_, i) => `c${i}: crime(from: "2023-0${(i % 9) + 1}") { total }`).join(' ');
    const query = `{ ${Array.from({ length: 20 }, (_, i) => `b${i}: borough { ${crimes} }`).join(' ')} }`;
    const { result, statements } = await statementsOf(hub.app, (headers) => hub.post({ query }, headers));
    expect(result.status).toBe(400);
    expect(result.body.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 20000 });
    expect(statements).toEqual([]);
  }, 120_000);

  it('refuses a field asked for under more aliases than MAX_ALIASES, naming the field', async () => {
    const query = `{ ${Array.from({ length: 21 }, (_, i) => `w${i}: ward(code: "E05013010") { name }`).join(' ')} }`;
    const { status, body } = await hub.post({ query });
    expect(status).toBe(400);
    expect(body.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', field: 'ward', limit: 20, found: 21 });
    // Twenty are fine.
    const fine = `{ ${Array.from({ length: 20 }, (_, i) => `w${i}: ward(code: "E05013010") { name }`).join(' ')} }`;
    const ok = await hub.post({ query: fine });
    expect(ok.body.errors).toBeUndefined();
  });
});

describe('request deadlines', () => {
  // A statement waits on a lock the test holds; whichever limit is shorter must stop it.
  it.each([
    { limit: 'the request deadline (REQUEST_TIMEOUT_MS)', env: { REQUEST_TIMEOUT_MS: '1000', DB_STATEMENT_TIMEOUT_MS: '120000' } },
    { limit: 'DB_STATEMENT_TIMEOUT_MS', env: { REQUEST_TIMEOUT_MS: '120000', DB_STATEMENT_TIMEOUT_MS: '500' } },
  ])(
    'cancels a query held by a slow statement at $limit with REQUEST_TIMEOUT, and leaves no statement running',
    async ({ env }) => {
      const hub = await startTestApp(env);
      const lock = await lockCrime(hub);
      try {
        const { status, body } = await hub.post({ query: CRIME });
        expect(status).toBe(503);
        expect(body.errors![0].extensions).toMatchObject({ code: 'REQUEST_TIMEOUT', retryable: true });
        // The lock is still held: had the statement not been cancelled, it would still be waiting on it.
        await until('no hub statement left running', async () => (await hubStatements(hub, [lock.pid])).length === 0);
      } finally {
        await lock.release();
        await hub.close();
      }
    },
    60_000,
  );

  it('cancels the SQL of a client that goes away mid-request', async () => {
    const hub = await startTestApp({ REQUEST_TIMEOUT_MS: '120000', DB_STATEMENT_TIMEOUT_MS: '120000' });
    const lock = await lockCrime(hub);
    try {
      const leaving = new AbortController();
      const sent = fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await authHeader()) },
        body: JSON.stringify({ query: CRIME }),
        signal: leaving.signal,
      }).catch((err: unknown) => err);
      await until('the hub statement waiting on the lock', async () =>
        (await hubStatements(hub, [lock.pid])).some((s) => s.wait_event_type === 'Lock'),
      );
      leaving.abort();
      expect(await sent).toHaveProperty('name', 'AbortError');
      await until('no hub statement left running', async () => (await hubStatements(hub, [lock.pid])).length === 0);
      // The hub still answers afterwards.
      await lock.release();
      const after = await hub.post({ query: CRIME });
      expect(after.body.errors).toBeUndefined();
    } finally {
      await lock.release().catch(() => {});
      await hub.close();
    }
  }, 60_000);
});
