import WebSocket from 'ws';
import { DataSourceCountDocument, LocalitiesDocument, WardNameDocument } from './generated/graphql';
import { startTestApp, useTestApp } from './support/app';
import { runOverSocket, useSocketClient } from './support/ws';

const hub = useTestApp();
const client = useSocketClient(hub);

/** Sends a document as it is: one made to break a limit or fail validation. */
const runRaw = (query: string) => runOverSocket(client, query);

describe('graphql-ws on /graphql', () => {
  it('answers a query over the websocket exactly as over HTTP', async () => {
    const overSocket = await runOverSocket(client, LocalitiesDocument);
    const overHttp = await hub.gql(LocalitiesDocument);
    expect(overSocket.errors).toBeUndefined();
    expect(overSocket.data!.localities).toHaveLength(3);
    expect(overSocket.data).toEqual(overHttp.body.data);
  });

  it('reports a NOT_FOUND error from a resolver', async () => {
    const result = await runOverSocket(client, WardNameDocument, { code: 'E05099999' });
    expect(result.errors![0]).toMatchObject({ message: "No ward has the code 'E05099999'.", extensions: { code: 'NOT_FOUND' } });
  });

  it('applies the same depth limit as HTTP', async () => {
    const nested = 'locality { wards { '.repeat(5) + 'locality { name }' + ' } }'.repeat(5);
    const result = await runRaw(`{ ward(code: "E05013010") { ${nested} } }`);
    expect(result.data).toBeUndefined();
    expect(result.errors![0]).toMatchObject({
      message: 'The query is 13 levels deep; the limit is 12. Ask for fewer nested fields.',
      extensions: { code: 'QUERY_TOO_DEEP' },
    });
  });

  it('applies the same cost limit as HTTP, without the HTTP-only status hint', async () => {
    const result = await runRaw('{ wards(first: 100) { nodes { lsoas { ward { lsoas { ward { lsoas { code } } } } } } } }');
    expect(result.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 20000 });
    expect(result.errors![0].extensions!.http).toBeUndefined();
  });

  it('rejects a field that does not exist', async () => {
    const result = await runRaw('{ localities { mayor } }');
    expect(result.errors![0].message).toBe('Cannot query field "mayor" on type "Locality".');
  });

  it('masks an unexpected failure over the websocket too', async () => {
    await hub.ownerSql('alter table data_source rename to data_source_moved');
    try {
      const result = await runOverSocket(client, DataSourceCountDocument);
      expect(result.errors![0].message).toMatch(/^Internal server error \(reference [0-9a-f-]{36}\)\.$/);
      expect(result.errors![0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) });
    } finally {
      await hub.ownerSql('alter table data_source_moved rename to data_source');
    }
  });

  it("accepts a browser's socket only from the hub's own origin when CORS_ORIGINS is empty", async () => {
    const upgrade = (origin: string) =>
      new Promise<number | 'open'>((resolve, reject) => {
        const socket = new WebSocket(hub.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { origin });
        socket.once('open', () => {
          socket.close();
          resolve('open');
        });
        socket.once('unexpected-response', (_req, res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        socket.once('error', reject);
      });
    expect(await upgrade(hub.origin)).toBe('open');
    expect(await upgrade('http://127.0.0.1:5173')).toBe(403);
  });

  it('closes open sockets when the hub shuts down', async () => {
    const other = await startTestApp();
    const socket = new WebSocket(other.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) =>
      socket.once('close', (code) => {
        resolve(code);
      }),
    );
    await other.close();
    expect(await closed).toBe(1001);
  });
});
