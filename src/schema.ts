import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
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
import { DataSourceResolver } from './modules/sources/sources.resolver';

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
];

/** Builds the executable schema from the resolvers. */
export function buildHubSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers, validate: false });
}

/** The SDL committed in schema/schema.graphql: sorted so that diffs show real changes only. */
export function printHubSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
