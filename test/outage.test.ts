import WebSocket from 'ws';
import { LocalityNamesDocument, MyIdDocument } from './generated/graphql';
import { startTestApp, type TestApp } from './support/app';
import { tokenFor } from './support/auth';
import { useCleanup } from './support/cleanup';
import { createSeededDatabase, startDedicatedPostgres, type DedicatedPostgres } from './support/dedicated-postgres';
import { createClient } from 'graphql-ws';
import { runOverSocket } from './support/ws';

/**
 * During a database outage the hub says so in a way clients can act on: HTTP 503 with
 * SERVICE_UNAVAILABLE and `retryable: true`, a socket operation gets the same code, and a new
 * websocket is closed with a generic reason (1013, "try again later"), never the driver's message
 * with the database's host and port. The database is a PostgreSQL server of the test's own, stopped
 * for real.
 */

jest.setTimeout(120_000);

let pg: DedicatedPostgres;
let hub: TestApp;
const cleanup = useCleanup();

beforeAll(async () => {
  pg = await startDedicatedPostgres();
  cleanup(() => pg.destroy());
  const url = await createSeededDatabase(pg, 'hub_outage');
  hub = await startTestApp({ OVERDUE_CHECK_SECONDS: '86400' }, { url, name: 'hub_outage', drop: async () => {} });
  // Closing may fail with the database gone; the server is destroyed after it either way.
  cleanup(() => hub.close().catch(() => {}));
}, 110_000);

/** What a new websocket gets when it opens and says hello with a valid token of `subject`. */
async function openSocket(subject: string): Promise<{ code: number; reason: string; messages: string[] }> {
  const ws = new WebSocket(hub.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages: string[] = [];
  ws.on('message', (m: Buffer) => messages.push(m.toString()));
  ws.on('open', () => {
    void tokenFor(subject).then((token) => {
      ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    });
  });
  return new Promise((resolve) =>
    ws.once('close', (code, reason) => {
      resolve({ code, reason: String(reason), messages });
    }),
  );
}

it('answers 503 and SERVICE_UNAVAILABLE, retryable, over both transports while the database is down, and recovers', async () => {
  const before = await hub.gql(MyIdDocument, {});
  expect(before.body.errors).toBeUndefined();
  // Held open (not lazy), so the operation during the outage runs on a socket signed in before it.
  const socket = createClient({
    url: hub.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: async () => ({ authorization: `Bearer ${await tokenFor('seed:analyst')}` }),
  });
  try {
    expect((await runOverSocket(socket, MyIdDocument)).errors).toBeUndefined();

    await pg.stop();

    // A caller signing in now cannot be checked (the hub keeps recent sign-ins for seconds, so this is
    // one it has not seen), and a read of data cannot be answered.
    const newcomer = { authorization: `Bearer ${await tokenFor('seed:north-police')}` };
    for (const ask of [() => hub.gql(MyIdDocument, {}, newcomer), () => hub.gql(LocalityNamesDocument, {})]) {
      const res = await ask();
      expect(res.status).toBe(503);
      expect(res.body.errors!.map((e) => [e.extensions?.code, e.extensions?.retryable])).toEqual([['SERVICE_UNAVAILABLE', true]]);
      expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|connect /);
    }

    // The socket opened before the outage: its next operation is told the same.
    const onSocket = await runOverSocket(socket, MyIdDocument);
    expect(onSocket.errors!.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(JSON.stringify(onSocket)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);

    // A new socket of a caller the hub has not accepted lately cannot sign in: closed with a generic
    // reason a client may retry after.
    const closed = await openSocket('seed:north-police');
    expect(closed.code).toBe(1013);
    expect(closed.reason).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|connect /);
    expect(closed.reason).toMatch(/unavailable/i);
  } finally {
    await socket.dispose();
    await pg.start();
  }

  // Back up: the pool reconnects by itself (a stale connection may fail one request first).
  let after = await hub.gql(MyIdDocument, {});
  for (let i = 0; i < 20 && after.status !== 200; i += 1) {
    await new Promise((r) => setTimeout(r, 250));
    after = await hub.gql(MyIdDocument, {});
  }
  expect({ status: after.status, errors: after.body.errors }).toEqual({ status: 200, errors: undefined });
});
