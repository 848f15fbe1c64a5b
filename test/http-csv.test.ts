import { parse } from 'csv-parse/sync';
import { OpenCaseIdDocument, type OpenCaseInput } from './generated/graphql';
import { useTestApp } from './support/app';
import { authHeader } from './support/auth';

/**
 * CSV export at POST /graphql/export through the real hub: a connection paged to its end, a plain
 * list, formulas neutralised, the same access refusals and audit rows as JSON, and the documents it
 * refuses (no list, two lists, a mutation, a list longer than MAX_EXPORT_ROWS).
 */

const DASHBOARD_ORIGIN = 'http://dashboard.test';
const MAX_EXPORT_ROWS = 25;
const hub = useTestApp({ OVERDUE_CHECK_SECONDS: '86400', MAX_EXPORT_ROWS: String(MAX_EXPORT_ROWS), CORS_ORIGINS: DASHBOARD_ORIGIN });

const CHAIR = 'seed:north-chair';
const NJTG = '1';

interface Exported {
  status: number;
  headers: Headers;
  text: string;
  /** The CSV's rows, header first (empty when the answer was not CSV). */
  rows: string[][];
  /** The JSON errors, when the answer was JSON. */
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function exportCsv(
  query: string,
  variables: Record<string, unknown> = {},
  subject = 'seed:analyst',
  headers: Record<string, string> = {},
): Promise<Exported> {
  const res = await fetch(`${hub.origin}/graphql/export`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await authHeader(subject)), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  const csv = res.headers.get('content-type')?.startsWith('text/csv') ?? false;
  return {
    status: res.status,
    headers: res.headers,
    text,
    rows: csv ? readCsv(text) : [],
    errors: csv ? undefined : (JSON.parse(text) as { errors?: Exported['errors'] }).errors,
  };
}

function readCsv(text: string): string[][] {
  return parse(text);
}

async function wardCodes(): Promise<string[]> {
  return (await hub.ownerSql<{ code: string }>('select code from ward order by code')).map((r) => r.code);
}

describe('a connection', () => {
  it('is paged through to its end: every ward exactly once, dotted headers, named after the operation', async () => {
    const out = await exportCsv('query WardList { wards(first: 5) { nodes { code name locality { name } } totalCount } }');
    expect(out.status).toBe(200);
    expect(out.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(out.headers.get('content-disposition')).toBe('attachment; filename="WardList.csv"');
    const [header, ...rows] = out.rows;
    expect(header).toEqual(['code', 'name', 'locality.name']);
    const codes = rows.map((r) => r[0]);
    expect(codes.sort()).toEqual(await wardCodes());
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['North', 'Central', 'South']));
    const named = await hub.ownerSql<{ name: string }>("select name from ward where code = 'E05013010'");
    expect(rows.find((r) => r[0] === 'E05013010')?.[1]).toBe(named[0].name);
  });

  it('pages edges too, from an `after` sent as a variable, writing node fields without `node.`', async () => {
    const out = await exportCsv('query ($after: String) { wards(first: 7, after: $after) { edges { cursor node { code } } } }', {
      after: null,
    });
    expect(out.status).toBe(200);
    expect(out.headers.get('content-disposition')).toBe('attachment; filename="export.csv"');
    const [header, ...rows] = out.rows;
    expect(header).toEqual(['cursor', 'code']);
    expect(rows.map((r) => r[1]).sort()).toEqual(await wardCodes());
    expect(rows.every((r) => r[0].length > 0)).toBe(true);
  });

  it('refuses a list longer than MAX_EXPORT_ROWS before writing any of it', async () => {
    const [{ count }] = await hub.ownerSql<{ count: number }>('select count(*)::int as count from ward_priority');
    expect(count).toBeGreaterThan(MAX_EXPORT_ROWS);
    const out = await exportCsv('{ wardPriorities(first: 10) { nodes { title } } }');
    expect(out.status).toBe(400);
    expect(out.errors?.[0].extensions).toMatchObject({ code: 'EXPORT_TOO_LARGE', limit: MAX_EXPORT_ROWS, found: count });
    expect(out.errors?.[0].message).toContain('wardPriorities.nodes');
  });
});

describe('a plain list', () => {
  it('is written as it comes, a list inside each item joined into one cell', async () => {
    const out = await exportCsv('{ localities { name wards { code } } }');
    expect(out.status).toBe(200);
    const [header, ...rows] = out.rows;
    expect(header).toEqual(['name', 'wards.code']);
    expect(rows.map((r) => r[0]).sort()).toEqual(['Central', 'North', 'South']);
    const codes = rows.flatMap((r) => r[1].split('; '));
    expect(codes.sort()).toEqual(await wardCodes());
  });

  it('is found at any depth when it is the only list', async () => {
    const out = await exportCsv('{ ward(code: "E05013010") { name councillors { name } } }');
    expect(out.status).toBe(200);
    const [header, ...rows] = out.rows;
    expect(header).toEqual(['name']);
    const json = await hub.post({ query: '{ ward(code: "E05013010") { councillors { name } } }' });
    const names = (json.body.data as { ward: { councillors: { name: string }[] } }).ward.councillors.map((c) => c.name);
    expect(names.length).toBeGreaterThan(1);
    expect(rows.map((r) => r[0])).toEqual(names);
  });
});

describe('cases', () => {
  it('neutralises a title that a spreadsheet would run as a formula', async () => {
    const title = '=HYPERLINK("http://evil.example/x","Click")';
    const opened = await hub.gqlAs(CHAIR, OpenCaseIdDocument, { input: caseInput(title) });
    expect(opened.body.errors).toBeUndefined();
    const out = await exportCsv(`{ cases(groupId: "${NJTG}", first: 3) { nodes { id title } } }`, {}, CHAIR);
    expect(out.status).toBe(200);
    const row = out.rows.find((r) => r[1].includes('HYPERLINK'));
    expect(row?.[1]).toBe(`'${title}`);
    expect(out.text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('refuses a caller who may not see the cases exactly as JSON does, with no CSV', async () => {
    const query = `{ cases(groupId: "${NJTG}", first: 5) { nodes { id title } } }`;
    const json = await hub.post({ query }, await authHeader('seed:analyst'));
    const out = await exportCsv(query, {}, 'seed:analyst');
    expect(json.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(out.headers.get('content-type')).toMatch(/^application\/json/);
    expect(out.status).toBe(json.status);
    expect(out.errors?.map((e) => [e.message, e.extensions?.code])).toEqual(json.body.errors?.map((e) => [e.message, e.extensions?.code]));
  });

  it('writes the same audit rows for personal data as the JSON read of the same pages', async () => {
    const query = `query ($purpose: String!) { cases(groupId: "${NJTG}", first: 100) { nodes { id personal(purpose: $purpose) { people { name } } } } }`;
    const purpose = 'Export for the JTG meeting';
    const audited = async (run: () => Promise<unknown>) => {
      const [{ id }] = await hub.ownerSql<{ id: string | null }>('select max(id) as id from audit_entry');
      await run();
      return hub.ownerSql<{ user_id: number; purpose: string; operation: string; case_ids: number[] }>(
        'select user_id, purpose, operation, case_ids from audit_entry where id > $1 order by id',
        [id ?? 0],
      );
    };
    const json = await audited(async () => {
      const res = await hub.post({ query, variables: { purpose } }, await authHeader(CHAIR));
      expect(res.body.errors).toBeUndefined();
    });
    let out: Exported | undefined;
    const csv = await audited(async () => {
      out = await exportCsv(query, { purpose }, CHAIR);
    });
    expect(out?.status).toBe(200);
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ operation: 'READ', purpose });
    expect(csv).toEqual(json);
    // People are a list inside each case: one cell each.
    expect(out?.rows[0]).toEqual(['id', 'personal.people.name']);
    expect(
      out?.rows
        .slice(1)
        .map((r) => Number(r[0]))
        .sort((a, b) => a - b),
    ).toEqual([...json[0].case_ids].sort((a, b) => a - b));

    // Paged, each page is a read of its own, as the JSON reads of those pages would be.
    const paged = await audited(async () => {
      out = await exportCsv(query.replace('first: 100', 'first: 2'), { purpose }, CHAIR);
    });
    expect(paged.length).toBe(Math.ceil(json[0].case_ids.length / 2));
    expect(paged.flatMap((r) => r.case_ids).sort()).toEqual([...json[0].case_ids].sort());
  });
});

describe('refusals', () => {
  it('a document whose answer holds no list is 400', async () => {
    const out = await exportCsv('{ me { name } }');
    expect(out.status).toBe(400);
    expect(out.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    expect(out.errors?.[0].message).toContain('holds none');
  });

  it('a document whose answer holds two lists is 400, naming them', async () => {
    const out = await exportCsv('{ localities { name } wards { nodes { code } } }');
    expect(out.status).toBe(400);
    expect(out.errors?.[0].message).toContain('holds 2: localities, wards.nodes');
  });

  it('a mutation is 400 and changes nothing', async () => {
    const [before] = await hub.ownerSql<{ count: number }>('select count(*)::int as count from tasking_case');
    const out = await exportCsv(
      'mutation ($input: OpenCaseInput!) { openCase(input: $input) { id } }',
      { input: caseInput('Should not open') },
      CHAIR,
    );
    expect(out.status).toBe(400);
    expect(out.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect(out.errors?.[0].message).toMatch(/queries only/);
    const [after] = await hub.ownerSql<{ count: number }>('select count(*)::int as count from tasking_case');
    expect(after.count).toBe(before.count);
  });

  it('an invalid document gets the same validation error as JSON', async () => {
    const out = await exportCsv('{ wards { nodes { nope } } }');
    expect(out.status).toBe(400);
    expect(out.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('a caller with no credentials gets UNAUTHENTICATED, not a CSV', async () => {
    const res = await fetch(`${hub.origin}/graphql/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ wards { nodes { code } } }' }),
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('Accept: text/csv on /graphql', () => {
  const query = 'query Localities { localities { name } }';

  it('answers a POST asking for text/csv with the CSV, and one asking for JSON as before', async () => {
    const post = (accept: string) =>
      authHeader().then((auth) =>
        fetch(hub.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept, ...auth },
          body: JSON.stringify({ query }),
        }),
      );
    const csv = await post('text/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="Localities.csv"');
    const [header, ...rows] = readCsv(await csv.text());
    expect(header).toEqual(['name']);
    expect(rows.map((r) => r[0]).sort()).toEqual(['Central', 'North', 'South']);
    const json = await post('application/json, text/csv;q=0.5');
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await json.json()) as { data: { localities: unknown[] } }).data.localities).toHaveLength(3);
  });

  it('answers a GET asking for text/csv only with the CSRF-prevention header', async () => {
    const url = `${hub.url}?query=${encodeURIComponent(query)}`;
    const auth = await authHeader();
    const refused = await fetch(url, { headers: { accept: 'text/csv', ...auth } });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { errors: { message: string }[] };
    expect(body.errors[0].message).toContain('apollo-require-preflight');
    const ok = await fetch(url, { headers: { accept: 'text/csv', 'apollo-require-preflight': 'true', ...auth } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await ok.text()).split(/\r?\n/)[0]).toBe('name');
  });
});

describe('CORS', () => {
  it('answers an allowed origin and its preflight like /graphql', async () => {
    const preflight = await fetch(`${hub.origin}/graphql/export`, {
      method: 'OPTIONS',
      headers: {
        origin: DASHBOARD_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(DASHBOARD_ORIGIN);
    const out = await exportCsv('{ localities { name } }', {}, 'seed:analyst', { origin: DASHBOARD_ORIGIN });
    expect(out.status).toBe(200);
    expect(out.headers.get('access-control-allow-origin')).toBe(DASHBOARD_ORIGIN);
    const refused = await fetch(`${hub.origin}/graphql/export`, {
      method: 'OPTIONS',
      headers: { origin: 'http://elsewhere.test', 'access-control-request-method': 'POST' },
    });
    expect(refused.status).toBe(403);
  });
});

function caseInput(title: string): OpenCaseInput {
  return {
    groupId: NJTG,
    title,
    category: 'ANTI_SOCIAL_BEHAVIOUR',
    wardCode: 'E05012999',
    lsoaCode: 'E01007718',
    location: 'Parade, Kimberworth Park',
    riskLevel: 'MEDIUM',
    leadAgencyId: '1',
    people: [{ name: 'Rhoda Residentson', role: 'RESIDENT', dateOfBirth: '1970-01-02' }],
    addresses: [{ address: '3 The Parade', postcode: 'S61 3AA' }],
    note: 'Reported at the neighbourhood meeting.',
  };
}
