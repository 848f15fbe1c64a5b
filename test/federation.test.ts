import { IntrospectAndCompose, RemoteGraphQLDataSource, ApolloGateway, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { isInterfaceType, isObjectType, parse, type GraphQLInterfaceType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { buildHubSchema } from '../src/schema';
import { startTestApp, useTestApp, type TestApp } from './support/app';
import { authHeader } from './support/auth';
import { seedFiles } from './support/seed-files';
import { statementsOf } from './support/statements';

/** Apollo's gateway and servers log their progress to the console; the test reads their answers instead. */
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * A council's own subgraph, as a members' services team might run one: it adds each ward's open
 * casework count (a fixture here) to the hub's Ward, which it knows only by its code.
 */
const CASEWORK = new Map(seedFiles().wards.map((w, i) => [w.code, 10 + i] as const));

const CASEWORK_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  type Ward @key(fields: "code") {
    code: ID!
    "Members' casework open in the ward."
    casework: Int
  }

  type Query {
    "Wards with more open casework than this."
    busyWardCodes(over: Int!): [ID!]!
  }
`);

interface WardKey {
  code: string;
}

async function startCaseworkSubgraph(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = new ApolloServer({
    logger: quiet,
    schema: buildSubgraphSchema([
      {
        typeDefs: CASEWORK_SDL,
        resolvers: {
          Ward: { __resolveReference: (ward: WardKey) => ({ code: ward.code, casework: CASEWORK.get(ward.code) ?? null }) },
          Query: {
            busyWardCodes: (_: unknown, { over }: { over: number }) => [...CASEWORK].filter(([, n]) => n > over).map(([code]) => code),
          },
        },
      },
    ]),
  });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  return { url, stop: () => server.stop() };
}

interface GatewayContext {
  authorization?: string;
}

/** Forwards the caller's Authorization to each subgraph, as a council's gateway would to the hub. */
class ForwardAuthorization extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const authorization: unknown = context.authorization;
    if (typeof authorization === 'string' && authorization) request.http?.headers.set('authorization', authorization);
  }
}

interface Raw<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const WARD_CODES = seedFiles().wards.map((w) => w.code);
const representations = (codes: readonly string[]) => codes.map((code) => ({ __typename: 'Ward', code }));

describe('the hub as a federation subgraph (FEDERATION_SUBGRAPH=true)', () => {
  const hub = useTestApp({ FEDERATION_SUBGRAPH: 'true' });
  let casework: { url: string; stop: () => Promise<void> } | undefined;
  let gateway: ApolloServer<GatewayContext> | undefined;
  let authorization = '';

  beforeAll(async () => {
    authorization = (await authHeader()).authorization;
    casework = await startCaseworkSubgraph();
    gateway = new ApolloServer<GatewayContext>({
      logger: quiet,
      gateway: new ApolloGateway({
        logger: quiet,
        supergraphSdl: new IntrospectAndCompose({
          subgraphs: [
            { name: 'hub', url: hub.url },
            { name: 'casework', url: casework.url },
          ],
          // Composition reads each subgraph's _service.sdl, which the hub serves to callers only.
          introspectionHeaders: (service): Record<string, string> => (service.name === 'hub' ? { authorization } : {}),
        }),
        buildService: ({ url }) => new ForwardAuthorization({ url }),
      }),
    });
    await gateway.start();
  });

  afterAll(async () => {
    await gateway?.stop();
    await casework?.stop();
  });

  async function throughGateway<T>(query: string, context: GatewayContext): Promise<Raw<T>> {
    if (!gateway) throw new Error('The gateway has not started');
    const response = await gateway.executeOperation<T>({ query }, { contextValue: context });
    if (response.body.kind !== 'single') throw new Error('Expected a single result');
    return response.body.singleResult as Raw<T>;
  }

  it('joins the hub’s wards and localities with another subgraph’s field through a gateway', async () => {
    type Joined = { localities: { name: string; wards: { code: string; name: string; seats: number; casework: number | null }[] }[] };
    const result = await throughGateway<Joined>('{ localities { name wards { code name seats casework } } }', { authorization });
    expect(result.errors).toBeUndefined();
    const wards = result.data!.localities.flatMap((l) => l.wards);
    expect(wards).toHaveLength(25);
    const seeds = new Map(seedFiles().wards.map((w) => [w.code, w]));
    for (const ward of wards) {
      expect(ward).toEqual({
        code: ward.code,
        name: seeds.get(ward.code)!.name,
        seats: seeds.get(ward.code)!.seats,
        casework: CASEWORK.get(ward.code),
      });
    }
  });

  it('resolves the other subgraph’s ward codes into the hub’s wards, with their locality', async () => {
    type Busy = { busyWardCodes: string[] };
    const over = 30;
    const busy = await throughGateway<Busy>(`{ busyWardCodes(over: ${over}) }`, { authorization });
    expect(busy.data!.busyWardCodes.length).toBeGreaterThan(0);
    const query = `{ wards(filter: { codes: ${JSON.stringify(busy.data!.busyWardCodes)} }, first: 25) { nodes { code casework locality { name } } } }`;
    const result = await throughGateway<{ wards: { nodes: { code: string; casework: number; locality: { name: string } }[] } }>(query, {
      authorization,
    });
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.wards.nodes;
    expect(nodes.map((w) => w.code).sort()).toEqual([...busy.data!.busyWardCodes].sort());
    for (const ward of nodes) {
      expect(ward.casework).toBeGreaterThan(over);
      expect(ward.locality.name).toBe(seedFiles().wards.find((w) => w.code === ward.code)!.locality);
    }
  });

  it('refuses a gateway query whose caller sent no credentials, as the hub refuses any query', async () => {
    const result = await throughGateway<unknown>('{ localities { name wards { code casework } } }', {});
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('serves _service.sdl with the keys of Ward and Lsoa (code) and Locality (name)', async () => {
    const { status, body } = await hub.post({ query: '{ _service { sdl } }' });
    expect(status).toBe(200);
    const sdl = (body as Raw<{ _service: { sdl: string } }>).data!._service.sdl;
    expect(sdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    expect(sdl).toMatch(/type Ward\s+@key\(fields: "code"\)/);
    expect(sdl).toMatch(/type Lsoa\s+@key\(fields: "code"\)/);
    expect(sdl).toMatch(/type Locality\s+@key\(fields: "name"\)/);
    // The same graph: the hub's own fields are all there.
    expect(sdl).toContain('wards(');
    expect(sdl).toContain('taskingGroups');
  });

  it('resolves 25 ward representations with one statement for the wards', async () => {
    const auth = await authHeader();
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Ward { code name seats } } }';
    // The first request with a credential also reads the account; the second costs only its own work.
    await hub.post({ query, variables: { r: representations(WARD_CODES.slice(0, 1)) } }, auth);
    const { result, statements } = await statementsOf(hub.app, (headers) =>
      hub.post({ query, variables: { r: representations(WARD_CODES) } }, { ...auth, ...headers }),
    );
    const body = result.body as Raw<{ _entities: { code: string; name: string; seats: number }[] }>;
    expect(body.errors).toBeUndefined();
    expect(body.data!._entities.map((w) => w.code)).toEqual(WARD_CODES);
    expect(body.data!._entities.map((w) => w.name)).toEqual(seedFiles().wards.map((w) => w.name));
    expect(WARD_CODES).toHaveLength(25);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/from "?ward"?/);
  });

  it('resolves localities by name in any case and LSOAs by code, one statement each', async () => {
    const lsoas = seedFiles().lsoas.slice(0, 10);
    const query = `query ($r: [_Any!]!) { _entities(representations: $r) {
      ... on Locality { name wards { code } }
      ... on Lsoa { code name ward { code } }
    } }`;
    const r = [
      { __typename: 'Locality', name: 'north' },
      { __typename: 'Locality', name: 'Central' },
      { __typename: 'Locality', name: 'East' },
      ...lsoas.map((l) => ({ __typename: 'Lsoa', code: l.code })),
    ];
    const auth = await authHeader();
    await hub.post({ query: '{ _service { sdl } }' }, auth);
    const { result, statements } = await statementsOf(hub.app, (headers) => hub.post({ query, variables: { r } }, { ...auth, ...headers }));
    type Entity = { name?: string; code?: string; wards?: { code: string }[]; ward?: { code: string } } | null;
    const body = result.body as Raw<{ _entities: Entity[] }>;
    expect(body.errors).toBeUndefined();
    const [north, central, east, ...found] = body.data!._entities;
    expect(north?.name).toBe('North');
    expect(central?.name).toBe('Central');
    expect(north?.wards?.map((w) => w.code).sort()).toEqual(
      seedFiles()
        .wards.filter((w) => w.locality === 'North')
        .map((w) => w.code)
        .sort(),
    );
    // A locality the hub does not have is null, as federation expects, not an error.
    expect(east).toBeNull();
    expect(found.map((l) => [l?.code, l?.ward?.code])).toEqual(lsoas.map((l) => [l.code, l.ward_code]));
    // Localities by name, LSOAs by code, then the localities' wards and the LSOAs' wards: one each.
    expect(statements).toHaveLength(4);
  });

  it('refuses _entities and _service without credentials exactly as it refuses any other query', async () => {
    const plain = await hub.post({ query: '{ localities { name } }' }, { authorization: '' });
    const entities = await hub.post(
      {
        query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Ward { code } } }',
        variables: { r: representations(WARD_CODES) },
      },
      { authorization: '' },
    );
    const service = await hub.post({ query: '{ _service { sdl } }' }, { authorization: '' });
    const refusal = (r: { status: number; body: unknown }) => {
      const body = r.body as Raw<unknown>;
      return { status: r.status, data: body.data ?? null, code: body.errors?.[0]?.extensions?.code, message: body.errors?.[0]?.message };
    };
    expect(refusal(plain).code).toBe('UNAUTHENTICATED');
    expect(refusal(entities)).toEqual(refusal(plain));
    expect(refusal(service)).toEqual(refusal(plain));
  });

  it('prices _entities per representation, so many representations of a dear field are refused before any SQL', async () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ __typename: 'Ward', code: WARD_CODES[i % WARD_CODES.length] }));
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Ward { code crime { total } } } }';
    const auth = await authHeader();
    const { result, statements } = await statementsOf(hub.app, (headers) =>
      hub.post({ query, variables: { r: many } }, { ...auth, ...headers }),
    );
    const body = result.body as Raw<unknown>;
    expect(result.status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(statements).toHaveLength(0);
  });

  it('keeps every field’s access rule, cost and subscription of the hub’s own schema', async () => {
    // Built from SDL, the subgraph would otherwise lose what the decorators put on each field.
    const summary = (schema: GraphQLSchema) =>
      Object.values(schema.getTypeMap())
        .filter((t): t is GraphQLObjectType | GraphQLInterfaceType => (isObjectType(t) || isInterfaceType(t)) && !t.name.startsWith('_'))
        .flatMap((t) =>
          Object.values(t.getFields()).map((f) => ({
            field: `${t.name}.${f.name}`,
            allow: f.extensions.allow,
            priced: typeof f.extensions.complexity,
            subscribes: typeof f.subscribe,
          })),
        )
        .filter((f) => !f.field.startsWith('Query._'))
        .sort((a, b) => a.field.localeCompare(b.field));
    const own = summary(await buildHubSchema());
    expect(own.filter((f) => f.allow).length).toBeGreaterThan(40);
    expect(own.filter((f) => f.priced === 'function').length).toBeGreaterThan(10);
    expect(own.filter((f) => f.subscribes === 'function').length).toBeGreaterThan(0);
    expect(summary(hub.app.schema)).toEqual(own);
  });

  it('refuses a representation whose key is not text, naming the argument', async () => {
    const { body } = await hub.post({
      query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Ward { code } } }',
      variables: { r: [{ __typename: 'Ward', code: 42 }] },
    });
    const errors = (body as Raw<unknown> & { errors?: { extensions?: { field?: string } }[] }).errors;
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'representations' });
  });
});

describe('the hub with FEDERATION_SUBGRAPH off (the default)', () => {
  let hub: TestApp | undefined;
  afterAll(() => hub?.close());

  it('has no _service or _entities', async () => {
    hub = await startTestApp();
    const { status, body } = await hub.post({ query: '{ _service { sdl } }' });
    expect(status).toBe(400);
    expect((body as Raw<unknown>).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(hub.app.schema.getQueryType()!.getFields()).not.toHaveProperty('_entities');
  });
});
