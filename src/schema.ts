import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type ClassType, type NonEmptyArray, type PubSub } from 'type-graphql';
import { assertEveryRootFieldHasARule, authChecker } from './auth';
import { federate } from './federation';
import type { ReferenceResolver } from './module';
import { hubModules } from './modules';

/** Every module's resolvers, read from the module list. */
function resolvers(): NonEmptyArray<ClassType> {
  const [first, ...rest] = hubModules.flatMap((module) => module.resolvers);
  return [first, ...rest];
}

/** Every module's federation reference resolvers, by entity type. */
function references(): Record<string, ReferenceResolver> {
  const all: Record<string, ReferenceResolver> = {};
  for (const module of hubModules as readonly { references?: Readonly<Record<string, ReferenceResolver>> }[]) {
    Object.assign(all, module.references);
  }
  return all;
}

/**
 * type-graphql wants a PubSub as soon as there are subscriptions, even when each brings its own
 * `subscribe`, as every one here does (they read the outbox: src/modules/live). So it gets one with
 * no topics, which would refuse a subscription declared with `topics` instead.
 */
const NO_TOPICS: PubSub = {
  publish() {
    throw new Error('The hub has no pub/sub topics: write an event to the outbox (src/modules/live) instead.');
  },
  subscribe() {
    throw new Error('The hub has no pub/sub topics: a subscription reads the outbox with openStream (src/modules/live).');
  },
};

export interface HubSchemaOptions {
  /** Serve as an Apollo Federation 2 subgraph: `_service`, `_entities` and the entities' keys (src/federation.ts). */
  readonly federation?: boolean;
}

/** Builds the executable schema from the resolvers; the SDL the hub commits is always the one without federation. */
export async function buildHubSchema(options: HubSchemaOptions = {}): Promise<GraphQLSchema> {
  const built = await buildSchema({ resolvers: resolvers(), validate: false, pubSub: NO_TOPICS, authChecker, authMode: 'error' });
  describeRootTypes(built);
  const schema = options.federation ? federate(built, references()) : built;
  // Access is never open by default: a root field without an @Allow rule stops the hub from starting.
  assertEveryRootFieldHasARule(schema);
  return schema;
}

function describeRootTypes(schema: GraphQLSchema): void {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  const subscription = schema.getSubscriptionType();
  if (!query || !mutation || !subscription) throw new Error('The schema lacks a query, mutation or subscription root type.');
  // type-graphql has no option for the root type's description, which GraphiQL shows first.
  query.description =
    "Start here. The borough's places (localities, wards, LSOAs), their profiles and ward plans, the partner " +
    "organisations, the sources every figure comes from, and the tasking groups' cases. Everything needs a bearer " +
    'token; case data is visible to members of the owning group only.';
  mutation.description =
    'Changes to tasking-group work: cases, actions, meetings and issues (members; some need the chair), and accounts (admins). ' +
    'Edits carry the version you read: a stale one gets CONFLICT and changes nothing.';
  subscription.description =
    'Live updates over websockets (graphql-ws on the same /graphql path). In GraphiQL, run a subscription and keep the tab open.';
}

/** The SDL committed in schema/schema.graphql: sorted so that diffs show real changes only. */
export function printHubSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
