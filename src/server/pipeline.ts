/**
 * The one execution pipeline. Every GraphQL operation, over HTTP or a websocket, passes these steps
 * in this order, and each step exists once, here:
 *
 *   1. guard     brackets nested past MAX_NESTING are refused before a recursive parser sees them
 *   2. parse     at most MAX_QUERY_TOKENS tokens (`parseOptions`)
 *   3. validate  GraphQL's rules and the hub's: depth, aliases, no introspection (`validationRules`)
 *   4. operation the one named, or the only one
 *   5. variables coerced against their declarations (BAD_USER_INPUT)
 *   6. check     what the transport allows, no NUL in text, cost; then the context is made ready (over
 *                HTTP the caller's account is read here, so a refused request has run no SQL), an API
 *                key limited to trusted documents is refused any other document, and a
 *                subscription's access is checked before its stream starts (queries and mutations are
 *                checked field by field by the schema's authChecker, against the same @Allow rules)
 *   7. execute or subscribe
 *   8. errors    shaped for the client by the one formatter (src/errors.ts)
 *
 * Why HTTP keeps Apollo's executor: Apollo Server is the hub's HTTP protocol (GET and POST, CSRF
 * prevention, content negotiation, status codes from errors, draining on stop), and it runs steps 2
 * to 5 and 7 inside its own request pipeline, with no way to hand it a document already parsed and
 * validated. Running this pipeline in front of it would parse and validate every request twice;
 * replacing it would mean writing that protocol again. So Apollo is configured from here instead:
 * its `parseOptions`, `validationRules` (Apollo adds GraphQL's specified rules itself) and
 * `formatError` are this pipeline's; step 1 runs as Express middleware calling `guard` (Apollo turns
 * an error thrown before parsing into a 500); step 6 is one plugin hook calling `check`; step 5 is
 * graphql-js's own coercion inside Apollo's `execute`, answering the same BAD_USER_INPUT. graphql-ws
 * has no executor around it that does any of this, so the socket path runs every step through
 * `prepare`.
 */
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import { checkOperationAccess } from '../auth';
import type { Config } from '../config';
import type { Context } from '../context';
import { createErrorFormatter, HubError, isDatabaseUnavailable, ServiceUnavailableError, TrustedDocumentRequiredError } from '../errors';
import { checkCost, extraValidationRules } from '../limits';
import type { TrustedDocuments } from '../modules/documents/documents.store';
import type { Logger } from '../logger';
import { checkNesting, checkTextArguments, refuseNonQueryExport, refuseSubscriptionOverHttp, variableErrors } from '../request-checks';

/** An operation as a client sends it, over either transport. */
export interface OperationRequest {
  /** Empty when a trusted document is sent by its hash alone (`extensions.persistedQuery.sha256Hash`). */
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
}

/** An operation past steps 1 to 4: parsed, valid, and the one to run found. */
export interface ResolvedOperation {
  /** The document's text as sent (or as registered, when sent by hash). */
  query: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables?: Record<string, unknown> | null;
}

/** The transport an operation came over, and what it knows that the checks need. */
export type Transport = { kind: 'http' } | { kind: 'export' } | { kind: 'socket'; subscriptionsOpen: number };

/** Execution arguments for an operation that passed every check, with its context. */
export type PreparedOperation = ExecutionArgs & { contextValue: Context };

export type ErrorFormatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

export interface Pipeline {
  readonly schema: GraphQLSchema;
  /** Step 2's limits, for Apollo. */
  readonly parseOptions: ParseOptions;
  /** Step 3's rules beyond GraphQL's specified ones, for Apollo (which adds those itself). */
  readonly validationRules: ValidationRule[];
  /** Step 8: the one formatter, for Apollo and the socket. */
  readonly formatError: ErrorFormatter;
  /** Step 1: throws QUERY_TOO_DEEP (HTTP 400) for a document nested too deep to parse safely. */
  guard(query: string): void;
  /**
   * Step 6: refuses the operation as a whole (throwing the hub's errors, each with its code and HTTP
   * status), else makes the operation's context ready and returns it. The context is asked for only
   * once the operation has passed the checks that need no database.
   */
  check(resolved: ResolvedOperation, transport: Transport, context: () => Context | Promise<Context>): Promise<Context>;
  /** Steps 1 to 5 alone: the operation parsed, valid and its variables coerced, or why not. Runs no SQL. */
  resolve(request: OperationRequest): Promise<GraphQLError[] | ResolvedOperation>;
  /** Steps 1 to 6 for a transport with no executor of its own (the socket, CSV export): the arguments to execute, or why not. */
  prepare(request: OperationRequest, transport: Transport, context: () => Promise<Context>): Promise<GraphQLError[] | PreparedOperation>;
}

/** A copy of a GraphQL error with `extensions.code` set, unless it already has one (the hub's own errors do). */
function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions.code) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}

/** What a step threw, as errors a client may see: the hub's own as they are, anything else masked by the formatter. */
function refusal(err: unknown): GraphQLError[] {
  if (err instanceof GraphQLError) return [err];
  return [new GraphQLError('Could not start the operation.', { originalError: err as Error })];
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  return Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
}

/** What an operation may be on its transport: HTTP answers once, so no subscriptions; a socket has a cap on open ones. */
function checkTransport(operation: OperationDefinitionNode, transport: Transport, maxSubscriptions: number): void {
  if (transport.kind === 'http') {
    refuseSubscriptionOverHttp(operation);
    return;
  }
  if (transport.kind === 'export') {
    refuseNonQueryExport(operation);
    return;
  }
  // graphql-ws has already registered this operation, so it is one of those counted.
  if (operation.operation === OperationTypeNode.SUBSCRIPTION && transport.subscriptionsOpen > maxSubscriptions) {
    throw new HubError(
      `This connection already has ${maxSubscriptions} subscriptions open, the most allowed; complete one first.`,
      'TOO_MANY_SUBSCRIPTIONS',
    );
  }
}

/** Makes the context ready: the database being away is a 503 to retry (signing in reads the account), not a 500. */
async function ready(context: () => Context | Promise<Context>): Promise<Context> {
  try {
    const value = await context();
    await value.ready();
    return value;
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    throw new ServiceUnavailableError();
  }
}

/** Steps 1 to 4 for the socket, each failure with the code Apollo gives the same failure over HTTP. */
function resolveOperation(
  request: OperationRequest,
  schema: GraphQLSchema,
  rules: readonly ValidationRule[],
  limits: Config['limits'],
): GraphQLError[] | ResolvedOperation {
  let document: DocumentNode;
  try {
    checkNesting(request.query, limits.maxTokens);
    document = parse(request.query, parseOptionsFor(limits));
  } catch (err) {
    return err instanceof HubError ? [err] : [withCode(err as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
  }
  const errors = validate(schema, document, rules);
  if (errors.length) return errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
  const operation = getOperationAST(document, request.operationName);
  if (!operation) {
    const name = request.operationName;
    return [new GraphQLError(name ? `Unknown operation named "${name}".` : 'Name the operation to run.')];
  }
  return { query: request.query, document, operation, variables: request.variables };
}

/**
 * A request with no text but a hash, given the registered document's text: PERSISTED_QUERY_NOT_FOUND
 * (Apollo's code and message for the same over HTTP) when no document has that hash.
 */
async function withRegisteredText(request: OperationRequest, documents: TrustedDocuments): Promise<OperationRequest | GraphQLError[]> {
  if (request.query) return request;
  const persisted = request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  const hash = persisted?.sha256Hash;
  if (typeof hash !== 'string') return request;
  const found = await documents.find(hash);
  if (!found) return [new GraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } })];
  return { ...request, query: found.body };
}

const parseOptionsFor = (limits: Config['limits']): ParseOptions => ({ maxLexicalTokens: limits.maxTokens });

/** The hub's pipeline for `schema` under `config`'s limits. Builds nothing that runs: no work until an operation comes. */
export function createPipeline(
  schema: GraphQLSchema,
  config: Pick<Config, 'limits' | 'introspection' | 'env'>,
  log: Logger,
  documents: TrustedDocuments,
): Pipeline {
  const { limits } = config;
  const validationRules = extraValidationRules(config);
  const allRules = [...specifiedRules, ...validationRules];

  const check: Pipeline['check'] = async ({ query, document, operation, variables }, transport, context) => {
    checkTransport(operation, transport, limits.maxSubscriptionsPerConnection);
    checkTextArguments(document, variables);
    checkCost(schema, document, variables ?? undefined, operation.name?.value, limits.maxCost);
    const value = await ready(context);
    if (value.viewer?.trustedDocumentsOnly && !(await documents.byText(query))) throw new TrustedDocumentRequiredError();
    if (operation.operation === OperationTypeNode.SUBSCRIPTION) checkOperationAccess(schema, operation, fragmentsOf(document), value);
    return value;
  };

  const resolve: Pipeline['resolve'] = async (sent) => {
    // Apollo finds a document sent by hash over HTTP (its persisted queries, answered from the trusted documents); this is the socket's.
    const request = await withRegisteredText(sent, documents);
    if (Array.isArray(request)) return request;
    const resolved = resolveOperation(request, schema, allRules, limits);
    if (Array.isArray(resolved)) return resolved;
    // Coerced before the checks read them. (Over HTTP Apollo's execute coerces them after the check,
    // which is why the cost check prices variables of the wrong type at 0 and leaves them to coercion.)
    const badVariables = variableErrors(schema, resolved.operation, resolved.variables);
    return badVariables.length ? badVariables : resolved;
  };

  return {
    schema,
    parseOptions: parseOptionsFor(limits),
    validationRules,
    formatError: createErrorFormatter(log, { production: config.env === 'production' }),
    guard: (query) => {
      checkNesting(query, limits.maxTokens);
    },
    check,
    resolve,
    async prepare(sent, transport, context) {
      const resolved = await resolve(sent);
      if (Array.isArray(resolved)) return resolved;
      try {
        const contextValue = await check(resolved, transport, context);
        return {
          schema,
          document: resolved.document,
          variableValues: resolved.variables,
          operationName: sent.operationName,
          contextValue,
        };
      } catch (err) {
        return refusal(err);
      }
    },
  };
}
