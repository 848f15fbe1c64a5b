import { print } from 'graphql';
import { DataSourceCountDocument, LocalityNamesDocument, SchemaQueryTypeDocument, WardNameDocument } from './generated/graphql';
import { startTestApp, useTestApp } from './support/app';
import { authHeader } from './support/auth';

const hub = useTestApp();

describe('GraphQL over HTTP', () => {
  it('answers POST with application/graphql-response+json when the client accepts it', async () => {
    const { status, contentType, body } = await hub.gql(LocalityNamesDocument, {});
    expect(status).toBe(200);
    expect(contentType).toMatch(/^application\/graphql-response\+json/);
    expect(body.data).toEqual({ localities: [{ name: 'North' }, { name: 'Central' }, { name: 'South' }] });
  });

  it('answers plain application/json clients with application/json', async () => {
    const { contentType } = await hub.gql(LocalityNamesDocument, {}, { accept: 'application/json' });
    expect(contentType).toMatch(/^application\/json/);
  });

  it('runs a query sent by GET with a preflight header', async () => {
    const query = encodeURIComponent(print(WardNameDocument));
    const variables = encodeURIComponent(JSON.stringify({ code: 'E05013010' }));
    const res = await fetch(`${hub.url}?query=${query}&variables=${variables}`, {
      headers: { 'apollo-require-preflight': 'true', accept: 'application/graphql-response+json', ...(await authHeader()) },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { ward: { name: 'Rotherham East' } } });
  });

  it('refuses a GET that a browser could send cross-site (CSRF prevention)', async () => {
    const res = await fetch(`${hub.url}?query=${encodeURIComponent(print(LocalityNamesDocument))}`, {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/);
  });

  it('refuses a text/plain POST (CSRF prevention)', async () => {
    const res = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: print(LocalityNamesDocument) }),
    });
    expect(res.status).toBe(400);
  });

  it('allows no other origin by default (CORS_ORIGINS empty): preflights refused, no CORS headers', async () => {
    const refused = await fetch(hub.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const res = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:5173', ...(await authHeader()) },
      body: JSON.stringify({ query: print(LocalityNamesDocument) }),
    });
    expect(res.status).toBe(200);
    expect([...res.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('gives 400 and GRAPHQL_PARSE_FAILED for a query that does not parse', async () => {
    const { status, body } = await hub.post({ query: '{ localities { name ' });
    expect(status).toBe(400);
    expect(body.errors![0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(body.errors![0].message).toMatch(/^Syntax Error/);
  });

  it('gives 400 and GRAPHQL_VALIDATION_FAILED for a field that does not exist', async () => {
    const { status, body } = await hub.post({ query: '{ localities { mayor } }' });
    expect(status).toBe(400);
    expect(body.errors![0]).toMatchObject({
      message: 'Cannot query field "mayor" on type "Locality".',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('refuses a query deeper than the limit, saying how deep it was', async () => {
    // ward(1) › locality(2) › wards(3) › … › locality(12) › name(13)
    const nested = 'locality { wards { '.repeat(5) + 'locality { name }' + ' } }'.repeat(5);
    const query = `{ ward(code: "E05013010") { ${nested} } }`;
    const { status, body } = await hub.post({ query });
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({
      message: 'The query is 13 levels deep; the limit is 12. Ask for fewer nested fields.',
      extensions: { code: 'QUERY_TOO_DEEP', limit: 12, found: 13 },
    });
  });

  it('refuses a query that would cost more than the limit, before running it', async () => {
    const query = '{ wards(first: 100) { nodes { lsoas { ward { lsoas { ward { lsoas { code } } } } } } } }';
    const { status, body } = await hub.post({ query });
    expect(status).toBe(400);
    expect(body.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 20000 });
    expect(body.errors![0].extensions?.found).toBeGreaterThan(20000);
    expect(body.errors![0].extensions?.http).toBeUndefined();
    expect(body.errors![0].message).toMatch(/^The query would cost \d+; the limit is 20000\./);
  });

  it('gives 400, not a crash, when operationName names no operation in the document', async () => {
    const { status, body } = await hub.post({
      query: print(WardNameDocument),
      variables: { code: 'E05013010' },
      operationName: 'WardsByLocality',
    });
    expect(status).toBe(400);
    expect(body.errors![0].message).toBe('Unknown operation named "WardsByLocality".');
  });

  it('refuses a body over the size limit with 413', async () => {
    const padding = 'x'.repeat(101 * 1024);
    const { status, body } = await hub.post({ query: `${print(LocalityNamesDocument)} # ${padding}` });
    expect(status).toBe(413);
    expect(body.errors![0]).toEqual({
      message: 'The request body is larger than the limit of 102400 bytes.',
      extensions: { code: 'PAYLOAD_TOO_LARGE' },
    });
  });

  it('refuses a body that is not JSON', async () => {
    const { status, body } = await hub.post('{"query": ');
    expect(status).toBe(400);
    expect(body.errors![0]).toEqual({ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } });
  });

  it('answers /healthz and /readyz', async () => {
    expect(await (await fetch(`${hub.origin}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${hub.origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('serves introspection in development', async () => {
    const { status, body } = await hub.gql(SchemaQueryTypeDocument, {});
    expect(status).toBe(200);
    expect(body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('in production', () => {
  const prod = useTestApp({ NODE_ENV: 'production' });

  it('masks an unexpected failure: no SQL, no stack, a reference to find it in the log', async () => {
    await prod.ownerSql('alter table data_source rename to data_source_moved');
    try {
      const { status, body } = await prod.gql(DataSourceCountDocument, {});
      expect(status).toBe(200);
      const [error] = body.errors!;
      expect(error.message).toMatch(/^Internal server error \(reference [0-9a-f-]{36}\)\.$/);
      expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) });
      expect(JSON.stringify(body)).not.toMatch(/relation|does not exist|select |from |stacktrace/i);
    } finally {
      await prod.ownerSql('alter table data_source_moved rename to data_source');
    }
  });

  it('keeps the message of an intended error but sends no stack trace', async () => {
    const { body } = await prod.gql(WardNameDocument, { code: 'E05099999' });
    expect(body.errors![0]).toEqual({
      message: "No ward has the code 'E05099999'.",
      // Where `ward` is in the document sent: the second line of the printed WardName.
      locations: [{ line: 2, column: 3 }],
      path: ['ward'],
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('turns introspection off by default', async () => {
    const { status, body } = await prod.gql(SchemaQueryTypeDocument, {});
    expect(status).toBe(400);
    expect(body.errors![0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors![0].message).toMatch(/introspection/i);
  });
});

describe('readiness', () => {
  it('reports 503 when the database cannot be reached', async () => {
    const lost = await startTestApp();
    try {
      await lost.db.drop();
      const res = await fetch(`${lost.origin}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', reason: 'database unreachable' });
    } finally {
      await lost.app.close();
    }
  });
});
