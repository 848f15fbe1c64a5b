import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray, type PubSub } from 'type-graphql';
import { BoroughResolver, CrimeSummaryResolver, LocalityCrimeResolver, WardCrimeResolver } from './modules/crime/crime.resolver';
import { IndicatorFigureResolver, WardIndicatorsResolver } from './modules/indicators/indicators.resolver';
import { BudgetSummaryResolver, TargetingResolver, WardBudgetResolver } from './modules/budgets/budgets.resolver';
import { HousingSummaryResolver, WardHousingResolver } from './modules/housing/housing.resolver';
import { PartnerResolver } from './modules/partners/partners.resolver';
import { BoundarySetResolver, CouncillorResolver } from './modules/places/councillor.resolver';
import { LocalityResolver } from './modules/places/locality.resolver';
import { LsoaResolver } from './modules/places/lsoa.resolver';
import { WardResolver } from './modules/places/ward.resolver';
import { WardPlanResolver, WardPriorityResolver } from './modules/plans/plans.resolver';
import { DeprivationSummaryResolver, PopulationSummaryResolver, WardProfileResolver } from './modules/profiles/profile.resolver';
import { DataRefreshedResolver, DataSourceResolver } from './modules/sources/sources.resolver';
import { assertEveryRootFieldHasARule, authChecker } from './auth';
import { AccessResolver } from './modules/access/access.resolver';
import { ActionResolver } from './modules/actions/actions.resolver';
import { AuditResolver } from './modules/audit/audit.resolver';
import { CaseResolver } from './modules/cases/cases.resolver';
import {
  AgencyOverdueActionsResolver,
  AnalyticsResolver,
  LocalityIssueResponseResolver,
  WardCaseCountResolver,
  WardRepeatCasesResolver,
} from './modules/analytics/analytics.resolver';
import {
  MeetingAttendanceResolver,
  MeetingDecisionResolver,
  MeetingResolver,
  NeighbourhoodIssueResolver,
} from './modules/meetings/meetings.resolver';
import { GroupMemberResolver, TaskingGroupResolver, TaskingUpdatesResolver, UserResolver } from './modules/tasking/tasking.resolver';

const resolvers: NonEmptyArray<Function> = [
  LocalityResolver,
  WardResolver,
  LsoaResolver,
  CouncillorResolver,
  BoundarySetResolver,
  WardProfileResolver,
  PopulationSummaryResolver,
  DeprivationSummaryResolver,
  WardPlanResolver,
  WardPriorityResolver,
  PartnerResolver,
  DataSourceResolver,
  DataRefreshedResolver,
  WardCrimeResolver,
  LocalityCrimeResolver,
  BoroughResolver,
  CrimeSummaryResolver,
  WardIndicatorsResolver,
  IndicatorFigureResolver,
  WardHousingResolver,
  HousingSummaryResolver,
  WardBudgetResolver,
  BudgetSummaryResolver,
  TargetingResolver,
  AccessResolver,
  UserResolver,
  TaskingGroupResolver,
  GroupMemberResolver,
  CaseResolver,
  ActionResolver,
  TaskingUpdatesResolver,
  MeetingResolver,
  MeetingAttendanceResolver,
  MeetingDecisionResolver,
  NeighbourhoodIssueResolver,
  AnalyticsResolver,
  WardCaseCountResolver,
  WardRepeatCasesResolver,
  AgencyOverdueActionsResolver,
  LocalityIssueResponseResolver,
  AuditResolver,
];

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

/** Builds the executable schema from the resolvers. */
export async function buildHubSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({ resolvers, validate: false, pubSub: NO_TOPICS, authChecker, authMode: 'error' });
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
