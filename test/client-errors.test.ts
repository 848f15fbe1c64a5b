import { MyIdDocument, PartnersPageEndDocument } from './generated/graphql';
import { useTestApp, type GraphQLResponse, type ResponseError } from './support/app';
import { collect, runOverSocket, useSocketClient } from './support/ws';

/**
 * Client mistakes are client errors (issue 9): each of these is refused with HTTP 400 (or a
 * graphql-ws error) carrying a code the client can act on, never INTERNAL_SERVER_ERROR or a 500,
 * and the hub answers the next request as usual.
 */

const hub = useTestApp({ OVERDUE_CHECK_SECONDS: '86400' });
const socket = useSocketClient(hub);

/** The codes of errors in an answer, or of the errors a subscription ended with (a socket failure shows as its message). */
function codes(errors: readonly (ResponseError | string)[] | undefined): string[] {
  return (errors ?? []).map((e) => (typeof e === 'string' ? e : String(e.extensions?.code)));
}

/** The request is refused as a whole (400) with `code` and no other. */
function expectRefused(res: GraphQLResponse<unknown>, code: string): void {
  expect({ status: res.status, codes: [...new Set(codes(res.body.errors))] }).toEqual({ status: 400, codes: [code] });
}

/** The same over the socket: an error result with `code` only. */
async function expectRefusedOverSocket(query: string, variables: Record<string, unknown> | undefined, code: string): Promise<void> {
  const result = await runOverSocket(socket, query, variables);
  expect(result.data ?? null).toBeNull();
  expect([...new Set(codes(result.errors))]).toEqual([code]);
}

afterEach(async () => {
  // Whatever a bad request did, the hub still answers.
  const me = await hub.gql(MyIdDocument, {});
  expect({ status: me.status, errors: me.body.errors }).toEqual({ status: 200, errors: undefined });
});

describe('a variable of the wrong type', () => {
  const query = 'query ($first: Int) { partners(first: $first) { totalCount } }';

  it('is BAD_USER_INPUT with 400 over HTTP', async () => {
    expectRefused(await hub.post({ query, variables: { first: 'three' } }), 'BAD_USER_INPUT');
    expectRefused(await hub.post({ query, variables: { first: { nested: true } } }), 'BAD_USER_INPUT');
  });

  it('is BAD_USER_INPUT over graphql-ws', async () => {
    await expectRefusedOverSocket(query, { first: 'three' }, 'BAD_USER_INPUT');
  });
});

describe('a NUL byte in a text argument', () => {
  it('is BAD_USER_INPUT naming the argument, written in the query', async () => {
    const res = await hub.post({ query: '{ partners(nameContains: "po\\u0000lice") { totalCount } }' });
    expectRefused(res, 'BAD_USER_INPUT');
    expect(res.body.errors![0].extensions?.field).toBe('nameContains');
  });

  it('is BAD_USER_INPUT naming the argument, sent as a variable (also inside an input object)', async () => {
    const res = await hub.post({
      query: 'query ($n: String) { partners(nameContains: $n) { totalCount } }',
      variables: { n: 'po\u0000lice' },
    });
    expectRefused(res, 'BAD_USER_INPUT');
    expect(res.body.errors![0].extensions?.field).toBe('nameContains');
    const ward = await hub.post({ query: 'query ($c: ID!) { ward(code: $c) { name } }', variables: { c: 'E05013010\u0000' } });
    expectRefused(ward, 'BAD_USER_INPUT');
    expect(ward.body.errors![0].extensions?.field).toBe('code');
  });

  it('is BAD_USER_INPUT over graphql-ws', async () => {
    await expectRefusedOverSocket('query ($n: String) { partners(nameContains: $n) { totalCount } }', { n: 'a\u0000' }, 'BAD_USER_INPUT');
  });
});

describe('a well-formed cursor holding the wrong kind of value', () => {
  /** A cursor of the same shape as a real one, with every value swapped for a word. */
  async function forgedCursor(): Promise<string> {
    const page = await hub.gql(PartnersPageEndDocument, { first: 1 });
    const real = page.body.data!.partners.pageInfo.endCursor!;
    const values = JSON.parse(Buffer.from(real, 'base64url').toString('utf8')) as unknown[];
    return Buffer.from(JSON.stringify(values.map(() => 'not-a-number'))).toString('base64url');
  }

  it('is BAD_USER_INPUT naming the cursor argument over HTTP', async () => {
    const cursor = await forgedCursor();
    for (const arg of ['after', 'before']) {
      const res = await hub.post({ query: `{ partners(${arg}: "${cursor}") { totalCount nodes { name } } }` });
      expect(codes(res.body.errors)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors![0].extensions?.field).toBe(arg);
    }
  });

  it('is BAD_USER_INPUT over graphql-ws', async () => {
    const result = await runOverSocket(socket, `{ partners(after: "${await forgedCursor()}") { totalCount } }`);
    expect(codes(result.errors)).toEqual(['BAD_USER_INPUT']);
  });
});

describe("a 'since' too large for the database", () => {
  it('ends the subscription with BAD_USER_INPUT naming since', async () => {
    for (const since of ['99999999999999999999.1', '1.99999999999999999999', '18446744073709551616.9223372036854775808']) {
      const sub = collect(socket, 'subscription ($s: String) { taskingGroupUpdates(locality: "North", since: $s) { cursor } }', {
        s: since,
      });
      await sub.until((results) => results.length > 0);
      // graphql-ws delivers an error the stream raised on starting as one result, then completes.
      const errors = [...sub.results.flatMap((r) => r.errors ?? []), ...(sub.ended?.errors ?? [])];
      expect(sub.results.every((r) => r.data == null)).toBe(true);
      expect(codes(errors)).toEqual(['BAD_USER_INPUT']);
      expect(errors[0]).toMatchObject({ extensions: { field: 'since' } });
    }
  });
});

describe('a subscription sent over HTTP', () => {
  it('is refused with 400 and a code', async () => {
    const res = await hub.post({ query: 'subscription { taskingGroupUpdates(locality: "North") { cursor } }' });
    expect(res.status).toBe(400);
    expect(codes(res.body.errors)).toEqual(['BAD_REQUEST']);
    expect(res.body.errors![0].message).toMatch(/websocket/i);
  });
});

describe('nesting deep enough to overflow a recursive parser or validator', () => {
  const deep = (levels: number) => `{ ${'me { memberships { group { '.repeat(levels / 3)}id${' } } }'.repeat(levels / 3)} }`;
  const deepArgs = (levels: number) => `{ ward(code: ${'['.repeat(levels)}"x"${']'.repeat(levels)}) { name } }`;

  it('is refused with 400 and a code over HTTP', async () => {
    for (const query of [deep(1500), deep(3000), deepArgs(1500), deepArgs(3000)]) {
      const res = await hub.post({ query });
      expect(res.status).toBe(400);
      expect(codes(res.body.errors)).not.toContain('INTERNAL_SERVER_ERROR');
      expect(codes(res.body.errors).length).toBeGreaterThan(0);
    }
  });

  it('is refused with a code over graphql-ws', async () => {
    for (const query of [deep(1500), deepArgs(1500)]) {
      const result = await runOverSocket(socket, query);
      expect(codes(result.errors)).not.toContain('INTERNAL_SERVER_ERROR');
      expect(codes(result.errors).length).toBeGreaterThan(0);
    }
  });
});

describe('fragments that fan out 2^30 ways', () => {
  // Each fragment spreads the next twice: 30 short lines that would expand to 2^30 copies of `me`.
  const fanOut = [
    '{ ...F0 }',
    ...Array.from({ length: 30 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`),
    'fragment F30 on Query { me { id } }',
  ].join('\n');

  it('is refused with 400 and QUERY_TOO_COMPLEX over HTTP', async () => {
    expectRefused(await hub.post({ query: fanOut }), 'QUERY_TOO_COMPLEX');
  });

  it('is refused with QUERY_TOO_COMPLEX over graphql-ws', async () => {
    await expectRefusedOverSocket(fanOut, undefined, 'QUERY_TOO_COMPLEX');
  });

  it('still lets a fragment be spread a few times', async () => {
    const res = await hub.post({ query: '{ ...A ...A } fragment A on Query { ...B ...B } fragment B on Query { me { id } }' });
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 200, errors: undefined });
  });
});

describe('in production', () => {
  const prod = useTestApp({ NODE_ENV: 'production' });
  const prodSocket = useSocketClient(prod);

  it('suggests no field, argument or enum value over HTTP', async () => {
    for (const query of ['{ localitys { name } }', '{ partners(firts: 1) { totalCount } }', '{ partners(kind: POLCE) { totalCount } }']) {
      const res = await prod.post({ query });
      expect(res.status).toBe(400);
      expect(codes(res.body.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(JSON.stringify(res.body)).not.toMatch(/did you mean/i);
    }
    const variable = await prod.post({ query: 'query ($k: PartnerKind) { partners(kind: $k) { totalCount } }', variables: { k: 'POLCE' } });
    expect(codes(variable.body.errors)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(variable.body)).not.toMatch(/did you mean/i);
  });

  it('suggests nothing over graphql-ws', async () => {
    const result = await runOverSocket(prodSocket, '{ localitys { name } }');
    expect(codes(result.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(JSON.stringify(result)).not.toMatch(/did you mean/i);
    const variable = await runOverSocket(prodSocket, 'query ($k: PartnerKind) { partners(kind: $k) { totalCount } }', { k: 'POLCE' });
    expect(JSON.stringify(variable)).not.toMatch(/did you mean/i);
  });

  it('still suggests in development', async () => {
    const res = await hub.post({ query: '{ localitys { name } }' });
    expect(JSON.stringify(res.body)).toMatch(/did you mean/i);
  });
});
