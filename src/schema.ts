import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import {
  BoroughResolver,
  CrimeSummaryResolver,
  LocalityCrimeResolver,
  WardCrimeResolver,
} from './modules/crime/crime.resolver';
import { IndicatorFigureResolver, WardIndicatorsResolver } from './modules/indicators/indicators.resolver';
import { BudgetSummaryResolver, TargetingResolver, WardBudgetResolver } from './modules/budgets/budgets.resolver';
import { HousingSummaryResolver, WardHousingResolver } from './modules/housing/housing.resolver';
import { PartnerResolver } from './modules/partners/partners.resolver';
import { BoundarySetResolver, CouncillorResolver } from './modules/places/councillor.resolver';
import { LocalityResolver } from './modules/places/locality.resolver';
import { LsoaResolver } from './modules/places/lsoa.resolver';
import { WardResolver } from './modules/places/ward.resolver';
import { WardPlanResolver, WardPriorityResolver } from './modules/plans/plans.resolver';
import {
  DeprivationSummaryResolver,
  PopulationSummaryResolver,
  WardProfileResolver,
} from './modules/profiles/profile.resolver';
import { DataRefreshedResolver, DataSourceResolver } from './modules/sources/sources.resolver';
import { createHubPubSub, type HubPubSub } from './pubsub';

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
];

/** Builds the executable schema from the resolvers. */
export async function buildHubSchema(pubSub: HubPubSub = createHubPubSub()): Promise<GraphQLSchema> {
  const schema = await buildSchema({ resolvers, validate: false, pubSub });
  // type-graphql has no option for the root type's description, which GraphiQL shows first.
  schema.getQueryType()!.description =
    "Start here. The borough's places (localities, wards, LSOAs), their profiles and ward plans, the partner " +
    'organisations, and the sources every figure comes from.';
  schema.getSubscriptionType()!.description =
    'Live updates over websockets (graphql-ws on the same /graphql path). In GraphiQL, run a subscription and keep the tab open.';
  return schema;
}

/** The SDL committed in schema/schema.graphql: sorted so that diffs show real changes only. */
export function printHubSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
