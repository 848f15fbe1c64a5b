import {
  GraphQLError,
  Kind,
  Lexer,
  OperationTypeNode,
  Source,
  TokenKind,
  getVariableValues,
  visit,
  type DocumentNode,
  type OperationDefinitionNode,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import { BadRequestError, QueryTooNestedError, RequestInputError } from './errors';

/**
 * Checks both transports run on a request before it executes, so that a client's mistake is
 * refused as a whole with a code (HTTP 400) instead of failing deep inside parsing, the cost check
 * or PostgreSQL as an internal error.
 */

/**
 * Most brackets (`{`, `[`, `(`) a document may nest. GraphQL's parser and several validation rules
 * recurse once per level, and about 1,500 levels run Node out of stack; a real query nests a few
 * levels past MAX_QUERY_DEPTH at most, so this is far above any honest use and far below the stack.
 */
export const MAX_NESTING = 200;

const OPENING = new Set<TokenKind>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<TokenKind>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * Throws QUERY_TOO_DEEP when `query` nests brackets past MAX_NESTING. Reads tokens with GraphQL's
 * own lexer, which is a loop rather than a recursion, and stops after `maxTokens` (parsing refuses
 * longer documents anyway) or at the first lexical error (which parsing then reports).
 */
export function checkNesting(query: string, maxTokens: number): void {
  const lexer = new Lexer(new Source(query));
  let depth = 0;
  try {
    for (let n = 0; n <= maxTokens; n += 1) {
      const token = lexer.advance();
      if (token.kind === TokenKind.EOF) return;
      if (OPENING.has(token.kind)) {
        depth += 1;
        if (depth > MAX_NESTING) throw new QueryTooNestedError(MAX_NESTING);
      } else if (CLOSING.has(token.kind)) {
        depth -= 1;
      }
    }
  } catch (err) {
    if (err instanceof QueryTooNestedError) throw err;
    // A syntax error: the parser reports it, with its position, as GRAPHQL_PARSE_FAILED.
  }
}

/** Subscriptions need a stream; HTTP answers once. Said plainly rather than failing in execution. */
export function refuseSubscriptionOverHttp(operation: OperationDefinitionNode): void {
  if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
    throw new BadRequestError(
      'Subscriptions run over websockets (graphql-ws, subprotocol graphql-transport-ws) at /graphql, not over HTTP.',
    );
  }
}

/** A CSV export reads: a mutation or subscription sent to the export is refused before it runs. */
export function refuseNonQueryExport(operation: OperationDefinitionNode): void {
  if (operation.operation !== OperationTypeNode.QUERY) {
    throw new BadRequestError(
      `CSV export runs queries only; send a ${operation.operation} to /graphql${operation.operation === OperationTypeNode.SUBSCRIPTION ? ' over a websocket' : ''}.`,
    );
  }
}

/**
 * GraphQL's coercion errors for `variables` against the operation's declarations (wrong type,
 * missing required, unknown enum value), each as BAD_USER_INPUT. Over HTTP Apollo reports the same
 * with 400; the socket has no such step before execution, so it asks here.
 */
export function variableErrors(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | null | undefined,
): GraphQLError[] {
  const { errors } = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 10 });
  return (errors ?? []).map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT' } }));
}

/** The dotted path inside `value` to the first string holding a NUL byte, '' for the value itself, or undefined. */
function nulIn(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? '' : undefined;
  if (value === null || typeof value !== 'object' || depth > 50) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = nulIn(inner, depth + 1);
    if (found !== undefined) return found ? `${key}.${found}` : key;
  }
  return undefined;
}

/** The same for an argument's value as written in the document, following variables into `variables`. */
function nulInLiteral(node: ValueNode, variables: Record<string, unknown>): string | undefined {
  switch (node.kind) {
    case Kind.STRING:
      return node.value.includes('\u0000') ? '' : undefined;
    case Kind.VARIABLE:
      return nulIn(variables[node.name.value]);
    case Kind.LIST:
      for (const [i, item] of node.values.entries()) {
        const found = nulInLiteral(item, variables);
        if (found !== undefined) return found ? `${i}.${found}` : String(i);
      }
      return undefined;
    case Kind.OBJECT:
      for (const field of node.fields) {
        const found = nulInLiteral(field.value, variables);
        if (found !== undefined) return found ? `${field.name.value}.${found}` : field.name.value;
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Refuses a NUL byte anywhere in an argument's text, naming the argument (`input.name` inside an
 * input object). PostgreSQL cannot store NUL in text and fails the statement, so without this the
 * client would see an internal error for its own mistake. Covers the whole document (fragments
 * included) and the variables the arguments use.
 */
export function checkTextArguments(document: DocumentNode, variables: Record<string, unknown> | null | undefined): void {
  const values = variables ?? {};
  visit(document, {
    Argument(node) {
      const found = nulInLiteral(node.value, values);
      if (found === undefined) return;
      const field = found ? `${node.name.value}.${found}` : node.name.value;
      throw new RequestInputError(
        `'${field}' contains a NUL character (\\u0000), which text in the hub cannot hold. Remove it and send again.`,
        field,
      );
    },
  });
  // A variable that no argument uses is never read, but it is still the client's text: refused alike.
  const stray = nulIn(values);
  if (stray !== undefined)
    throw new RequestInputError(`The variable '${stray}' contains a NUL character (\\u0000), which text in the hub cannot hold.`, stray);
}
