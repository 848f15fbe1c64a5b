import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  NoSchemaIntrospectionCustomRule,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import {
  fieldExtensionsEstimator,
  getComplexity,
  simpleEstimator,
  type ComplexityEstimatorArgs,
} from 'graphql-query-complexity';
import type { Config } from './config';
import { QueryTooComplexError, QueryTooDeepError } from './errors';
import { DEFAULT_PAGE_SIZE } from './pagination';

/** Cost of a list field whose length is about `expected` items (a ward's councillors, a plan's priorities). */
export const listCost =
  (expected: number) =>
  ({ childComplexity }: ComplexityEstimatorArgs): number =>
    1 + expected * childComplexity;

/** Cost of a connection: each item on the requested page costs what its selection costs. */
export const pageCost = ({ args, childComplexity }: ComplexityEstimatorArgs): number =>
  1 + Number(args.first ?? args.last ?? DEFAULT_PAGE_SIZE) * childComplexity;

/**
 * The validation rules both transports add to GraphQL's own: depth, and no introspection when it is
 * switched off. Introspection itself is not counted for depth, so GraphiQL's schema query always fits.
 */
export function extraValidationRules(config: Pick<Config, 'limits' | 'introspection'>): ValidationRule[] {
  const depth = maxDepthRule({
    n: config.limits.maxDepth,
    flattenFragments: true,
    propagateOnRejection: false,
    onReject: [
      (ctx: ValidationContext | null, err) => {
        const found = Number(/found (\d+)/.exec(err.message)?.[1] ?? config.limits.maxDepth + 1);
        ctx?.reportError(new QueryTooDeepError(config.limits.maxDepth, found));
      },
    ],
  }) as unknown as ValidationRule;
  return config.introspection ? [depth] : [depth, NoSchemaIntrospectionCustomRule];
}

/** Throws QUERY_TOO_COMPLEX when the operation's estimated cost is over the limit; returns the cost. */
export function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | null | undefined,
  maxCost: number,
): number {
  const cost = getComplexity({
    schema,
    query: document,
    variables: variables ?? {},
    operationName: operationName ?? undefined,
    estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
  });
  if (cost > maxCost) throw new QueryTooComplexError(maxCost, cost);
  return cost;
}
