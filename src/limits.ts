import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  getOperationAST,
  getVariableValues,
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

/**
 * Most selections the cost check visits. Fragments are expanded wherever they are spread, so a few
 * lines that spread each fragment twice would otherwise have it visit 2^30 fields; past this many
 * the query is refused as too complex (any query under the cost limit visits far fewer).
 */
export const MAX_COST_NODES = 10_000;

/**
 * Throws QUERY_TOO_COMPLEX when the operation's estimated cost is over the limit; returns the cost.
 * Variables that do not fit their declared types are not costed (0): execution refuses them with
 * BAD_USER_INPUT naming the variable, which tells the client more than a failed estimate would.
 */
export function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | null | undefined,
  maxCost: number,
): number {
  const operation = getOperationAST(document, operationName);
  if (operation && getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 }).errors) return 0;
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      operationName: operationName ?? undefined,
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
      maxQueryNodes: MAX_COST_NODES,
    });
  } catch (err) {
    if (err instanceof GraphQLError && /maximum allowed number of nodes/.test(err.message)) throw new QueryTooComplexError(maxCost);
    throw err;
  }
  if (cost > maxCost) throw new QueryTooComplexError(maxCost, cost);
  return cost;
}
