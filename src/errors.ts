import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger';

/** The codes a client can act on. Anything else reaching the formatter is masked. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'QUERY_TOO_DEEP'
  | 'QUERY_TOO_COMPLEX'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_SUBSCRIPTIONS';

/** Base of every error the hub raises on purpose: its message is written for the person who sent the request. */
export class HubError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = new.target.name;
  }
}

/** Something named in the request does not exist; the message says what was asked for. */
export class NotFoundError extends HubError {
  constructor(message: string) {
    super(message, 'NOT_FOUND');
  }
}

/** One thing wrong with the input: the field (a dotted path such as `input.people.0.name`) and what. */
export interface InputProblem {
  field: string;
  message: string;
}

/**
 * Bad input, naming the argument or field at fault so a client can point at it. When several
 * fields are wrong, `problems` lists them all and `field` names the first.
 */
export class BadUserInputError extends HubError {
  constructor(message: string, field?: string, problems?: InputProblem[]) {
    super(message, 'BAD_USER_INPUT', { ...(field ? { field } : {}), ...(problems ? { problems } : {}) });
  }
}

/** No credentials, or credentials the hub cannot accept; the message says which. */
export class UnauthenticatedError extends HubError {
  constructor(message: string) {
    super(message, 'UNAUTHENTICATED');
  }
}

/** The caller is known but may not do or see this; the message says what access is needed. */
export class ForbiddenError extends HubError {
  constructor(message: string) {
    super(message, 'FORBIDDEN');
  }
}

/**
 * The record changed since the caller read it (optimistic concurrency), or the change clashes with
 * its current state; nothing was written. `expected`/`actual` carry the versions when known.
 */
export class ConflictError extends HubError {
  constructor(message: string, details: { field?: string; expected?: number; actual?: number } = {}) {
    super(message, 'CONFLICT', details);
  }
}

export class QueryTooDeepError extends HubError {
  constructor(limit: number, found: number) {
    super(`The query is ${found} levels deep; the limit is ${limit}. Ask for fewer nested fields.`, 'QUERY_TOO_DEEP', {
      limit,
      found,
    });
  }
}

export class QueryTooComplexError extends HubError {
  constructor(limit: number, found: number) {
    super(
      `The query would cost ${found}; the limit is ${limit}. Ask for fewer items per page or fewer nested lists.`,
      'QUERY_TOO_COMPLEX',
      // Raised before execution, so the whole request is refused: Apollo turns this into HTTP 400.
      { limit, found, http: { status: 400 } },
    );
  }
}

/** The HubError behind `error` if there is one, 'graphql' for GraphQL's own errors, else undefined. */
function intended(error: unknown): HubError | 'graphql' | undefined {
  for (let e = error; e; e = (e as GraphQLError).originalError) {
    if (e instanceof HubError) return e;
    if (!(e instanceof GraphQLError)) return undefined;
    // A GraphQLError with no cause comes from parsing, validation or the server itself: safe to show.
    if (!e.originalError) return 'graphql';
  }
  return undefined;
}

/**
 * The one place errors are shaped for clients, over HTTP and websockets alike: errors the hub raised
 * on purpose and GraphQL's own parse and validation errors pass through; anything else (a database
 * failure, a bug) is logged with an id and replaced by a generic message, so no SQL or stack leaks.
 */
export function createErrorFormatter(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const known = intended(error);
    // Apollo files validation-rule errors under GRAPHQL_VALIDATION_FAILED; the hub's own code is more useful.
    if (known instanceof HubError) return { ...formatted, extensions: { ...formatted.extensions, code: known.extensions.code } };
    if (known) return formatted;
    const errorId = randomUUID();
    log.error({ err: (error as GraphQLError)?.originalError ?? error, errorId, path: formatted.path }, 'unexpected error');
    return {
      message: `Internal server error (reference ${errorId}).`,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
    };
  };
}
