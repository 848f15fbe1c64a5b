import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { MyIdDocument } from '../generated/graphql';
import { useTestApp, type ResponseError } from '../support/app';
import { Callers, type Caller } from '../support/callers';
import { Expectations, SAMPLES } from './expectations';

/**
 * Feeds generated bad values into every argument of every root field (queries and mutations over
 * HTTP and graphql-ws, subscriptions over graphql-ws), as a caller the field's access rules let in,
 * and expects each to be refused as the client's mistake: a 4xx (or a socket error, or the socket's
 * own "message too big" close for a 1 MB value) with a code, never INTERNAL_SERVER_ERROR. The
 * values come from each argument's type, read from the schema, so a field added later is covered
 * without editing this file. The hub must answer `{ me }` afterwards.
 */

jest.setTimeout(600_000);

const hub = useTestApp({ OVERDUE_CHECK_SECONDS: '86400' });
const callers = new Callers(hub);
const expected = new Expectations(() => hub.app.schema);

beforeAll(async () => {
  await callers.init('Bad input walk');
  await expected.learn(callers);
});

const ONE_MB = 'x'.repeat(1024 * 1024);
const CURSOR_ARGS = new Set(['after', 'before', 'since']);
/** Well formed (base64url JSON of values) but holding words where a list orders by numbers and dates. */
const FORGED_CURSOR = Buffer.from(JSON.stringify(['not-a-number', 'not-a-date'])).toString('base64url');

interface Bad {
  what: string;
  value: unknown;
}

/** Bad values for a value of `type` named `name`: wrong type, NUL, 1 MB, negative and huge, unknown enum, malformed cursor. */
function badValues(type: GraphQLInputType, name: string): Bad[] {
  const named = getNamedType(type);
  const nullable = isNonNullType(type) ? type.ofType : type;
  if (isListType(nullable)) {
    const items = badValues(nullable.ofType, name).map((b) => ({ what: `[${b.what}]`, value: [b.value] }));
    return [{ what: 'not a list of its items', value: { not: 'a list' } }, ...items];
  }
  if (isEnumType(named))
    return [
      { what: 'unknown enum value', value: 'NOT_A_VALUE' },
      { what: 'wrong type', value: 12 },
    ];
  if (isInputObjectType(named)) return [{ what: 'wrong type', value: 42 }];
  if (!isScalarType(named)) return [];
  switch (named.name) {
    case 'Int':
      return [
        { what: 'wrong type', value: 'three' },
        { what: 'huge number', value: 2 ** 53 },
        { what: 'negative number', value: -1 },
      ];
    case 'Float':
      return [
        { what: 'wrong type', value: 'three' },
        { what: 'huge number', value: Number.MAX_VALUE },
      ];
    case 'Boolean':
      return [{ what: 'wrong type', value: 'yes' }];
    default: {
      // String, ID and the hub's text scalars (dates, periods).
      const out: Bad[] = [
        { what: 'wrong type', value: { not: 'text' } },
        { what: 'NUL byte', value: 'a\u0000b' },
        { what: '1 MB string', value: ONE_MB },
      ];
      if (CURSOR_ARGS.has(name)) {
        out.push({ what: 'malformed cursor', value: '%%%not a cursor%%%' }, { what: 'forged cursor', value: FORGED_CURSOR });
        if (name === 'since') out.push({ what: 'cursor too large', value: '99999999999999999999.99999999999999999999' });
      }
      return out;
    }
  }
}

/** A value that fits `type`, for the arguments not under test: the walk's sample where there is one. */
function goodValue(type: GraphQLInputType, sampleKeys: string[]): unknown {
  for (const key of sampleKeys) if (key in SAMPLES) return SAMPLES[key];
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [goodValue(inner.ofType, [])];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0].value;
  if (isInputObjectType(named)) {
    return Object.fromEntries(
      Object.values(named.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, goodValue(f.type, [f.name])]),
    );
  }
  switch (named.name) {
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'LocalDate':
      return '2024-01-01';
    case 'DateTimeISO':
      return '2024-01-01T00:00:00Z';
    default:
      return 'x';
  }
}

interface Probe {
  field: string;
  target: string;
  what: string;
  query: string;
  variables: Record<string, unknown>;
}

/** Every bad value into every argument (and every field of an input-object argument) of `field`, sent as variables. */
function probesFor(root: GraphQLObjectType, field: GraphQLField<unknown, unknown>): Probe[] {
  const keys = (arg: GraphQLArgument) => [`${root.name}.${field.name}.${arg.name}`, `${field.name}.${arg.name}`, arg.name];
  const operation = root.name === 'Query' ? 'query' : root.name === 'Mutation' ? 'mutation' : 'subscription';
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  const declared = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const query = `${operation}${declared ? ` (${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`;
  const good = (except: string) =>
    Object.fromEntries(
      field.args
        .filter((a) => a.name !== except && (isNonNullType(a.type) || keys(a).some((k) => k in SAMPLES)))
        .map((a) => [a.name, goodValue(a.type, keys(a))]),
    );
  const probes: Probe[] = [];
  for (const arg of field.args) {
    for (const bad of badValues(arg.type, arg.name)) {
      probes.push({ field: field.name, target: arg.name, what: bad.what, query, variables: { ...good(arg.name), [arg.name]: bad.value } });
    }
    const named = getNamedType(arg.type);
    if (isInputObjectType(named) && !isListType(isNonNullType(arg.type) ? arg.type.ofType : arg.type)) {
      const base = goodValue(arg.type, []) as Record<string, unknown>;
      for (const inner of Object.values(named.getFields())) {
        for (const bad of badValues(inner.type, inner.name)) {
          probes.push({
            field: field.name,
            target: `${arg.name}.${inner.name}`,
            what: bad.what,
            query,
            variables: { ...good(arg.name), [arg.name]: { ...base, [inner.name]: bad.value } },
          });
        }
      }
    }
  }
  return probes;
}

function rootsOf(kind: 'Query' | 'Mutation' | 'Subscription'): { root: GraphQLObjectType; field: GraphQLField<unknown, unknown> }[] {
  const root = hub.app.schema.getType(kind) as GraphQLObjectType;
  return Object.values(root.getFields()).map((field) => ({ root, field: field as GraphQLField<unknown, unknown> }));
}

type Outcome = { status?: number; codes: string[]; closed?: number };

/** What is wrong with an outcome: it must be refused as the client's mistake, with a code. */
function problemsWith(outcome: Outcome): string[] {
  if (outcome.closed !== undefined) return outcome.closed === 1009 ? [] : [`socket closed with ${outcome.closed}`];
  const problems: string[] = [];
  // 400/413 for a request refused whole; 200 when a resolver refused its argument (a field error
  // with a client code, beside whatever else the request asked for). Never a 5xx.
  if (outcome.status !== undefined && outcome.status !== 200 && (outcome.status < 400 || outcome.status >= 500))
    problems.push(`HTTP ${outcome.status}`);
  if (!outcome.codes.length) problems.push('no error');
  for (const code of outcome.codes)
    if (code === 'undefined' || code === 'INTERNAL_SERVER_ERROR' || code === 'SERVICE_UNAVAILABLE') problems.push(`code ${code}`);
  return problems;
}

async function overHttp(caller: Caller, probe: Probe): Promise<Outcome> {
  const res = await hub.post({ query: probe.query, variables: probe.variables }, await callers.headers(caller));
  return { status: res.status, codes: (res.body.errors ?? []).map((e) => String(e.extensions?.code)) };
}

/** One operation on a fresh socket: its errors, or how the socket closed. Ends a subscription at its first result. */
async function overSocket(caller: Caller, probe: Probe): Promise<Outcome> {
  const authorization = await callers.authorization(caller);
  let closed: number | undefined;
  const client = createClient({
    url: hub.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: authorization ? { authorization } : {},
    on: { closed: (event) => (closed = (event as { code: number }).code) },
  });
  try {
    return await new Promise<Outcome>((resolve) => {
      const codes: string[] = [];
      const timer = setTimeout(() => {
        resolve({ codes });
      }, 10_000);
      const stop = client.subscribe(
        { query: probe.query, variables: probe.variables },
        {
          next: (result) => {
            codes.push(...(result.errors ?? []).map((e) => String(e.extensions?.code)));
            if (!result.errors?.length) codes.push('undefined');
            clearTimeout(timer);
            stop();
            resolve({ codes });
          },
          error: (err) => {
            clearTimeout(timer);
            // graphql-ws ends with an array when the server sent GraphQL errors, with anything else when the socket failed.
            if (Array.isArray(err)) resolve({ codes: (err as ResponseError[]).map((e) => String(e.extensions?.code)) });
            else resolve({ codes, closed: closed ?? (err as { code?: number }).code ?? -1 });
          },
          complete: () => {
            clearTimeout(timer);
            resolve({ codes });
          },
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

/**
 * Probes whose value is one the argument legitimately holds, so "no error" is right: an indicator id
 * list matches nothing for -1, and wards page by code and name, both text, so a cursor of words is
 * the right kind of value. `auditExport` takes paging arguments but ignores them today (a gap noted
 * in issue 9's report, not a crash).
 */
const LEGAL = new Set([
  'Query.targeting(indicatorIds) [negative number]',
  'Query.wards(after) forged cursor',
  'Query.wards(before) forged cursor',
  ...['first', 'last'].map((a) => `Query.auditExport(${a}) negative number`),
  ...['after', 'before'].flatMap((a) => [`Query.auditExport(${a}) malformed cursor`, `Query.auditExport(${a}) forged cursor`]),
]);

async function walk(kind: 'Query' | 'Mutation' | 'Subscription', transports: ('http' | 'socket')[]): Promise<void> {
  const failures: string[] = [];
  let sent = 0;
  for (const { root, field } of rootsOf(kind)) {
    const caller = expected.referenceCaller(`${root.name}.${field.name}`);
    if (!caller) continue;
    for (const probe of probesFor(root, field)) {
      for (const transport of transports) {
        const outcome = transport === 'http' ? await overHttp(caller, probe) : await overSocket(caller, probe);
        sent += 1;
        const key = `${kind}.${probe.field}(${probe.target}) ${probe.what}`;
        const problems = problemsWith(outcome).filter((p) => !(p === 'no error' || p === 'code undefined') || !LEGAL.has(key));
        if (problems.length)
          failures.push(
            `${kind}.${probe.field}(${probe.target}) ${probe.what} over ${transport} as ${caller}: ${problems.join(', ')} ${JSON.stringify(outcome)}`,
          );
      }
    }
  }
  expect(sent).toBeGreaterThan(0);
  expect(failures).toEqual([]);
  const me = await callers.gql('analyst', MyIdDocument, {});
  expect(me.errors).toBeUndefined();
}

describe('bad values in every argument are refused as client errors', () => {
  it('queries, over HTTP and graphql-ws', () => walk('Query', ['http', 'socket']));
  it('mutations, over HTTP and graphql-ws', () => walk('Mutation', ['http', 'socket']));
  it('subscriptions, over graphql-ws', () => walk('Subscription', ['socket']));
});
