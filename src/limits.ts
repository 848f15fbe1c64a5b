import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  getOperationAST,
  getVariableValues,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import type { Config } from './config';
import { QueryTooComplexError, QueryTooDeepError, TooManyAliasesError } from './errors';
import { DEFAULT_PAGE_SIZE } from './pagination';

/**
 * What a field that runs its own aggregating SQL costs on top of what it returns, in the units a
 * returned object costs (1). A crime summary or a case summary reads thousands of rows per call, and
 * each alias of it is a call of its own (different months cannot share a statement), so it must
 * weigh far more than a field read from an already-loaded row: 300 aliases of `borough { crime }`
 * once priced 601 and ran 43 s.
 */
export const WORK = {
  /** Crime by month, type and outcome over a period, against the year before: several scans of `crime`. */
  crime: 100,
  /** Cases by category, status, ward and age, across every group. */
  caseSummary: 100,
  /** Repeat cases: every case in the period against those before it at the same place. */
  repeatCases: 200,
  /** Every ward's deprivation, spend per resident and chosen indicators. */
  targeting: 200,
  /** A ward's indicators with locality, borough and England comparisons and ranks. */
  indicators: 50,
  /** Smaller aggregates: overdue actions by agency, issue responses, a ward's housing or budget. */
  aggregate: 30,
} as const;

/**
 * Cost of a list field whose length is about `expected` items (a ward's councillors, a plan's
 * priorities), plus `work` when computing it runs SQL of its own (see WORK).
 */
export const listCost =
  (expected: number, work = 0) =>
  ({ childComplexity }: ComplexityEstimatorArgs): number =>
    1 + work + expected * childComplexity;

/** Cost of a single object worked out by its own SQL (a crime summary): the work, plus its selection once. */
export const workCost =
  (work: number) =>
  ({ childComplexity }: ComplexityEstimatorArgs): number =>
    1 + work + childComplexity;

/** Cost of a connection: each item on the requested page costs what its selection costs. */
export const pageCost = ({ args, childComplexity }: ComplexityEstimatorArgs): number =>
  1 + Number(args.first ?? args.last ?? DEFAULT_PAGE_SIZE) * childComplexity;

/**
 * Refuses a selection that asks for one field under more than `max` response names. Aliases are how
 * one request runs the same expensive field hundreds of times; the cost check prices each one, and
 * this stops the pattern outright with a message naming the field. Fields reached through fragments
 * and inline fragments count in the selection they land in; each fragment is walked once per
 * selection, so nesting fragments cannot multiply the work here.
 */
export function maxAliasesRule(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const collect = (set: SelectionSetNode, names: Map<string, Set<string>>, seen: Set<string>): void => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          const name = selection.name.value;
          const responseNames = names.get(name) ?? new Set<string>();
          responseNames.add(selection.alias?.value ?? name);
          names.set(name, responseNames);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          collect(selection.selectionSet, names, seen);
        } else if (!seen.has(selection.name.value)) {
          seen.add(selection.name.value);
          const fragment = fragments.get(selection.name.value);
          if (fragment) collect(fragment.selectionSet, names, seen);
        }
      }
    };
    return {
      SelectionSet(node) {
        const names = new Map<string, Set<string>>();
        collect(node, names, new Set());
        for (const [field, responseNames] of names) {
          if (responseNames.size > max) {
            context.reportError(new TooManyAliasesError(field, max, responseNames.size));
            // One report is enough: nothing below this selection needs walking.
            return false;
          }
        }
        return undefined;
      },
    };
  };
}

/**
 * The validation rules both transports add to GraphQL's own: depth, aliases per field, and no
 * introspection when it is switched off. Introspection itself is not counted for depth, so
 * GraphiQL's schema query always fits.
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
  const aliases = maxAliasesRule(config.limits.maxAliases);
  return config.introspection ? [depth, aliases] : [depth, aliases, NoSchemaIntrospectionCustomRule];
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
