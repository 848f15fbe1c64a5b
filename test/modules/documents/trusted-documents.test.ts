import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { CreateTrustedOnlyApiKeyDocument, LocalityNamesDocument } from '../../generated/graphql';
import { projectRoot } from '../../../src/paths';
import { documentHash, readManifest } from '../../../src/modules/documents/documents.service';
import { startTestApp, useTestApp, type TestApp } from '../../support/app';
import { authHeader } from '../../support/auth';
import { DASHBOARD_USER_ID } from '../../support/callers';
import { byHash, dashboardManifest, registered } from '../../support/documents';
import { runImportCommand } from '../../support/commands';
import { statementsOf } from '../../support/statements';
import { runOverSocket } from '../../support/ws';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * Trusted documents as a dashboard developer meets them: the dashboard's manifest registered at
 * start, documents sent by hash over HTTP and websockets, API keys limited to them, documents other
 * processes registered, and GETs of open data answered 304 with no SQL until an import lands.
 */

const manifest = dashboardManifest;

/** A GET of a document by hash, as a browser dashboard sends it (with Apollo's CSRF header). */
function getByHash(hub: TestApp, hash: string, headers: Record<string, string>, variables?: object): Promise<Response> {
  const params = new URLSearchParams({ extensions: JSON.stringify(byHash(hash)) });
  if (variables) params.set('variables', JSON.stringify(variables));
  return fetch(`${hub.url}?${params.toString()}`, { headers: { 'apollo-require-preflight': 'true', ...headers } });
}

function socketWith(hub: TestApp, authorization: string): Client {
  return createClient({
    url: hub.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { authorization },
  });
}

const hub = useTestApp();
let restrictedKey = '';

beforeAll(async () => {
  const issued = await hub.gqlAs('seed:admin', CreateTrustedOnlyApiKeyDocument, {
    userId: String(DASHBOARD_USER_ID),
    label: 'Borough dashboard',
  });
  expect(issued.body.errors).toBeUndefined();
  expect(issued.body.data!.createApiKey.apiKey.trustedDocumentsOnly).toBe(true);
  restrictedKey = `Bearer ${issued.body.data!.createApiKey.key}`;
});

describe('the dashboard manifest', () => {
  it('is registered at start, in PostgreSQL, with each document judged open data or not', async () => {
    const rows = await hub.ownerSql<{ hash: string; operation_name: string; open_data: boolean }>(
      'select hash, operation_name, open_data from trusted_document order by operation_name',
    );
    expect(rows.map((r) => `sha256:${r.hash}`).sort()).toEqual(Object.keys(manifest).sort());
    const open = Object.fromEntries(rows.map((r) => [r.operation_name, r.open_data]));
    // Figures for every caller alike: cacheable. Who is asking, or live streams: never.
    expect(open).toMatchObject({ WardCards: true, LocalitySummary: true, CrimeTrend: true, Targeting: true, DataCursor: true });
    expect(open).toMatchObject({ Me: false, GroupUpdates: false, DataRefreshedLive: false });
  });

  it('matches its documents: every key is the sha256 of its text', () => {
    for (const [key, text] of Object.entries(manifest)) expect(key).toBe(`sha256:${documentHash(text)}`);
  });
});

describe('a manifest with problems', () => {
  const schema = buildSchema(fs.readFileSync(path.join(projectRoot(), 'schema/schema.graphql'), 'utf8'));
  const write = (content: unknown) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-')), 'persisted-documents.json');
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
  };

  it('is refused whole, every problem named by its entry', () => {
    const good = '{ localities { name } }';
    const edited = '{ localities { code } }';
    const file = write({
      [`sha256:${documentHash(good)}`]: good,
      [`sha256:${documentHash('{ x }')}`]: edited,
      [`sha256:${documentHash(edited)}`]: edited,
      'not-a-hash': good,
    });
    expect(() => readManifest(file, schema)).toThrow(/3 problem\(s\)/);
    expect(() => readManifest(file, schema)).toThrow(/the key is not the sha256 of the document's text/);
    expect(() => readManifest(file, schema)).toThrow(/not valid against the hub's schema: Cannot query field "code" on type "Locality"/);
    expect(() => readManifest(file, schema)).toThrow(/entry "not-a-hash…": the key is not a sha256 hash/);
  });

  it('stops the hub from starting, naming the file', async () => {
    const bad = '{ nosuchfield }';
    const file = write({ [`sha256:${documentHash(bad)}`]: bad });
    await expect(startTestApp({ TRUSTED_DOCUMENTS: file })).rejects.toThrow(/persisted-documents\.json.*Cannot query field "nosuchfield"/s);
  });
});

describe('sending a trusted document by its hash', () => {
  it('runs it over HTTP (POST and GET) with no text sent', async () => {
    const { hash } = registered('LocalitySummary');
    const posted = await hub.post({ extensions: byHash(hash) });
    expect(posted.status).toBe(200);
    expect(posted.body.errors).toBeUndefined();
    expect((posted.body.data as { localities: unknown[] }).localities).toHaveLength(3);
    const got = await getByHash(hub, hash, await authHeader());
    expect(got.status).toBe(200);
    expect(((await got.json()) as { data: { localities: unknown[] } }).data.localities).toHaveLength(3);
  });

  it('answers PERSISTED_QUERY_NOT_FOUND for a hash nobody registered, and registers nothing a client sends', async () => {
    const text = '{ localities { name } }';
    const unknown = await hub.post({ extensions: byHash(documentHash(text)) });
    expect(unknown.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    // Apollo's automatic registration (text and hash together) runs the query but stores nothing.
    const sent = await hub.post({ query: text, extensions: byHash(documentHash(text)) });
    expect(sent.body.errors).toBeUndefined();
    const again = await hub.post({ extensions: byHash(documentHash(text)) });
    expect(again.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await hub.ownerSql('select 1 from trusted_document where hash = $1', [documentHash(text)])).toEqual([]);
  });

  it('subscribes over a websocket by hash, and refuses an unknown hash with the same code', async () => {
    const client = socketWith(hub, (await authHeader()).authorization);
    try {
      const cursor = await runOverSocket(client, registered('DataCursor').text);
      expect(cursor.errors).toBeUndefined();
      const unknown = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: '', extensions: byHash('0'.repeat(64)) },
          {
            next: () => {},
            error: resolve,
            complete: () => {
              resolve(null);
            },
          },
        );
      });
      expect(unknown).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'PERSISTED_QUERY_NOT_FOUND' }) })]);
      const known = await new Promise<unknown>((resolve, reject) => {
        client.subscribe(
          { query: '', extensions: byHash(registered('DataCursor').hash) },
          { next: resolve, error: reject, complete: () => undefined },
        );
      });
      expect(known).toEqual({ data: { dataRefreshedCursor: expect.any(String) } });
    } finally {
      await client.dispose();
    }
  });
});

describe('an API key limited to trusted documents', () => {
  it('runs registered documents, by hash or as their exact text', async () => {
    const { hash, text } = registered('WardCards');
    const viaHash = await hub.post({ extensions: byHash(hash) }, { authorization: restrictedKey });
    expect(viaHash.status).toBe(200);
    expect(viaHash.body.errors).toBeUndefined();
    const viaText = await hub.post({ query: text }, { authorization: restrictedKey });
    expect(viaText.body.errors).toBeUndefined();
  });

  it('is refused any other document with 403 TRUSTED_DOCUMENT_REQUIRED, and it runs none of it', async () => {
    const free = await hub.gql(LocalityNamesDocument, {}, { authorization: restrictedKey });
    expect(free.status).toBe(403);
    expect(free.body.data ?? null).toBeNull();
    expect(free.body.errors?.[0].extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
    // The registered text with one space changed is another document.
    const altered = await hub.post(
      { query: registered('WardCards').text.replace('{ localities', '{  localities') },
      { authorization: restrictedKey },
    );
    expect(altered.body.errors?.[0].extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
  });

  it('is held to the same rule over a websocket', async () => {
    const client = socketWith(hub, restrictedKey);
    try {
      const free = await runOverSocket(client, '{ localities { name } }');
      expect(free.errors?.[0].extensions?.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
      const trusted = await runOverSocket(client, registered('DataCursor').text);
      expect(trusted.errors).toBeUndefined();
    } finally {
      await client.dispose();
    }
  });

  it('leaves people in GraphiQL free to write any query', async () => {
    const free = await hub.gql(LocalityNamesDocument, {});
    expect(free.body.errors).toBeUndefined();
  });
});

describe('documents registered by another hub process', () => {
  it('are found by hash without a restart', async () => {
    const text = 'query OtherDashboard { localities { name description } }';
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-')), 'other.json');
    fs.writeFileSync(file, JSON.stringify({ [`sha256:${documentHash(text)}`]: text }));
    // Another process, on the same database, starts with a manifest of its own.
    const other = await startTestApp({ TRUSTED_DOCUMENTS: file }, { ...hub.db, drop: () => Promise.resolve() });
    try {
      // This process learns of it when a client first sends the hash (its copy is re-read at most every 5 s).
      let answer = await hub.post({ extensions: byHash(documentHash(text)) });
      for (let i = 0; i < 12 && answer.body.errors?.[0].extensions?.code === 'PERSISTED_QUERY_NOT_FOUND'; i += 1) {
        await new Promise((r) => setTimeout(r, 500));
        answer = await hub.post({ extensions: byHash(documentHash(text)) });
      }
      expect(answer.body.errors).toBeUndefined();
      expect((answer.body.data as { localities: unknown[] }).localities).toHaveLength(3);
    } finally {
      await other.close();
    }
  });
});

describe('HTTP caching of open data', () => {
  it('answers a repeat GET with If-None-Match 304, running no SQL, until an import changes the data', async () => {
    const { hash } = registered('LocalitySummary');
    const auth = await authHeader();
    const first = await getByHash(hub, hash, auth);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const body = await first.text();

    const { result: repeat, statements } = await statementsOf(hub.app, (ids) =>
      getByHash(hub, hash, { ...auth, ...ids, 'if-none-match': etag! }),
    );
    expect(repeat.status).toBe(304);
    expect(repeat.headers.get('etag')).toBe(etag);
    expect(await repeat.text()).toBe('');
    expect(statements).toEqual([]);

    // The registered text sent in full is the same document, cached alike.
    const byText = await fetch(`${hub.url}?${new URLSearchParams({ query: registered('LocalitySummary').text }).toString()}`, {
      headers: { ...auth, 'apollo-require-preflight': 'true', 'if-none-match': etag! },
    });
    expect(byText.status).toBe(304);

    // Other variables are another answer.
    const trend = registered('CrimeTrend');
    const a = await getByHash(hub, trend.hash, auth, { from: '2024-01', to: '2024-06' });
    const b = await getByHash(hub, trend.hash, auth, { from: '2024-02', to: '2024-06' });
    expect(a.headers.get('etag')).not.toBe(b.headers.get('etag'));

    // On the hub's own bus (PostgreSQL's, as the test hub has no REDIS_URL), as an operator's import would be.
    const imported = await runImportCommand(
      { DATABASE_URL: hub.db.url, REDIS_URL: '' },
      'housing',
      path.join(projectRoot(), 'test/fixtures/housing/good.csv'),
    );
    expect(imported.code).toBe(0);
    // The import's wake-up reaches the hub within moments; its answer then carries a new tag.
    let after = await getByHash(hub, hash, { ...auth, 'if-none-match': etag! });
    for (let i = 0; i < 20 && after.status === 304; i += 1) {
      await new Promise((r) => setTimeout(r, 250));
      after = await getByHash(hub, hash, { ...auth, 'if-none-match': etag! });
    }
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(JSON.parse(await after.text())).toEqual(JSON.parse(body));
  });

  it('never caches personal data, POSTs, failures or a caller the hub refuses', async () => {
    const auth = await authHeader('seed:north-chair');
    const me = registered('Me');
    const personal = await getByHash(hub, me.hash, auth);
    expect(personal.status).toBe(200);
    expect(personal.headers.get('etag')).toBeNull();
    expect(personal.headers.get('cache-control')).toBe('private, no-store');

    const posted = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await authHeader()) },
      body: JSON.stringify({ extensions: byHash(registered('LocalitySummary').hash) }),
    });
    expect(posted.status).toBe(200);
    expect(posted.headers.get('etag')).toBeNull();
    expect(posted.headers.get('cache-control')).toBe('private, no-store');

    const { hash } = registered('LocalitySummary');
    const etag = (await getByHash(hub, hash, await authHeader())).headers.get('etag')!;
    const anonymous = await getByHash(hub, hash, { 'if-none-match': etag });
    expect(anonymous.status).not.toBe(304);
    expect(anonymous.headers.get('cache-control')).toBe('private, no-store');
    expect(((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
