import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type ClassType, type NonEmptyArray } from 'type-graphql';
import { createHubPubSub, type HubPubSub } from './pubsub';
import { assertEveryRootFieldHasARule, authChecker } from './auth';
import { hubModules } from './modules';

/** Every module's resolvers, read from the module list. */
function resolvers(): NonEmptyArray<ClassType> {
  const [first, ...rest] = hubModules.flatMap((module) => module.resolvers);
  return [first, ...rest];
}

/** Builds the executable schema from the resolvers. */
export async function buildHubSchema(pubSub: HubPubSub = createHubPubSub()): Promise<GraphQLSchema> {
  const schema = await buildSchema({ resolvers: resolvers(), validate: false, pubSub, authChecker, authMode: 'error' });
  // Access is never open by default: a root field without an @Allow rule stops the hub from starting.
  assertEveryRootFieldHasARule(schema);
  // type-graphql has no option for the root type's description, which GraphiQL shows first.
  schema.getQueryType()!.description =
    "Start here. The borough's places (localities, wards, LSOAs), their profiles and ward plans, the partner " +
    "organisations, the sources every figure comes from, and the tasking groups' cases. Everything needs a bearer " +
    'token; case data is visible to members of the owning group only.';
  schema.getMutationType()!.description =
    'Changes to tasking-group work: cases, actions, meetings and issues (members; some need the chair), and accounts (admins). ' +
    'Edits carry the version you read: a stale one gets CONFLICT and changes nothing.';
  schema.getSubscriptionType()!.description =
    'Live updates over websockets (graphql-ws on the same /graphql path). In GraphiQL, run a subscription and keep the tab open.';
  return schema;
}

/** The SDL committed in schema/schema.graphql: sorted so that diffs show real changes only. */
export function printHubSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
