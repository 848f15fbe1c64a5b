import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';

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
  | 'TOO_MANY_SUBSCRIPTIONS'
  | 'TOO_MANY_OPERATIONS'
  | 'BAD_REQUEST'
  | 'SERVICE_UNAVAILABLE'
  | 'REQUEST_TIMEOUT'
  | 'TRUSTED_DOCUMENT_REQUIRED'
  | 'EXPORT_TOO_LARGE';

/** Base of every error the hub raises on purpose: its message is written for the person who sent the request. */
export class HubError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = new.target.name;
  }
}

/**
 * How clients hear that a row is missing: what its entity is called ("tasking group") and the key it
 * is looked up by. Entities carry theirs as a static `missing`; findOneOrFail words its error from it.
 */
export interface MissingLabel {
  noun: string;
  key: 'id' | 'code';
}

/** Something named in the request does not exist; the message says what was asked for. */
export class NotFoundError extends HubError {
  constructor(message: string) {
    super(message, 'NOT_FOUND');
  }

  /** The hub's one wording of a missing row: "There is no tasking group with id 7." or "No ward has the code 'E05099999'." */
  static of(label: MissingLabel, key: unknown): NotFoundError {
    const value = typeof key === 'string' || typeof key === 'number' ? String(key) : JSON.stringify(key);
    return new NotFoundError(
      label.key === 'code' ? `No ${label.noun} has the code '${value}'.` : `There is no ${label.noun} with id ${value}.`,
    );
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
 * The caller's API key may send only trusted documents (operations registered from a manifest), and
 * this document is not one. Refused before any of it runs.
 */
export class TrustedDocumentRequiredError extends HubError {
  constructor() {
    super(
      'This API key may send only trusted documents: send a registered operation by its hash (extensions.persistedQuery.sha256Hash) or as its exact registered text.',
      'TRUSTED_DOCUMENT_REQUIRED',
      { http: { status: 403 } },
    );
  }
}

/**
 * A websocket sent an operation while it already had `limit` running. Refused before any parsing
 * or database work, so a socket that floods costs the hub little more than reading its messages.
 */
export class TooManyOperationsError extends HubError {
  constructor(limit: number) {
    super(
      `This connection already has ${limit} operations running, the most allowed; wait for one to finish before sending more.`,
      'TOO_MANY_OPERATIONS',
      { limit },
    );
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
  /** `found` is left out when costing stopped early (fragments that fan out too far to count). */
  constructor(limit: number, found?: number) {
    super(
      `The query would cost ${found ?? `more than ${limit}`}; the limit is ${limit}. Ask for fewer items per page or fewer nested lists${found === undefined ? ', or spread fragments fewer times' : ''}.`,
      'QUERY_TOO_COMPLEX',
      // Raised before execution, so the whole request is refused: Apollo turns this into HTTP 400.
      { limit, ...(found === undefined ? {} : { found }), http: { status: 400 } },
    );
  }
}

/**
 * A request the hub refuses as a whole before running it (a subscription sent over HTTP, say):
 * HTTP 400, like Apollo's own BAD_REQUEST.
 */
export class BadRequestError extends HubError {
  constructor(message: string) {
    super(message, 'BAD_REQUEST', { http: { status: 400 } });
  }
}

/**
 * One field asked for under more response names (aliases) than allowed in one selection. Each alias
 * is resolved on its own, so 300 aliases of one aggregate are 300 aggregates. Shares QUERY_TOO_COMPLEX
 * with the cost check, which clients already handle; `field` says which field.
 */
export class TooManyAliasesError extends HubError {
  constructor(field: string, limit: number, found: number) {
    super(
      `The field '${field}' is asked for under ${found} names (aliases) in one selection; the limit is ${limit}. Send fewer, or several requests.`,
      'QUERY_TOO_COMPLEX',
      { field, limit, found, http: { status: 400 } },
    );
  }
}

/**
 * Bad input found before the request runs (a NUL byte in an argument, a variable of the wrong type):
 * refused as a whole, so HTTP 400, with `field` naming the argument at fault.
 */
export class RequestInputError extends HubError {
  constructor(message: string, field?: string) {
    super(message, 'BAD_USER_INPUT', { ...(field ? { field } : {}), http: { status: 400 } });
  }
}

/**
 * Brackets nested so deep that a recursive parser would run out of stack: refused before parsing,
 * under the same code as a query over the depth limit.
 */
export class QueryTooNestedError extends HubError {
  constructor(limit: number) {
    super(`The query nests brackets more than ${limit} levels deep. Ask for fewer nested fields or values.`, 'QUERY_TOO_DEEP', {
      limit,
      http: { status: 400 },
    });
  }
}

/**
 * The hub cannot reach its database just now. Not the caller's fault and not a bug: HTTP 503 with
 * `retryable: true`, so clients and load balancers try again rather than report a failure. The
 * message never names the host, port or driver error (those go to the log).
 */
export class ServiceUnavailableError extends HubError {
  constructor() {
    super('The hub cannot reach its database just now; try again shortly.', 'SERVICE_UNAVAILABLE', {
      retryable: true,
      http: { status: 503 },
    });
  }
}

/** Node's socket errors that mean the database server is not there (refused, reset, unreachable, timed out). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/**
 * Whether `err` (through any wrappers) means the database is down or refusing connections rather
 * than that the request was wrong: a socket error, a dropped connection, SQLSTATE class 08
 * (connection exception), 57P01-57P03 (shutting down, starting up), 53300 (too many connections),
 * or the pool giving up waiting for a connection.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of causes(err)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNREACHABLE.has(code) || code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code)) return true;
    if (e.name === 'ConnectionException' || e.name === 'KnexTimeoutError') return true;
    if (
      typeof e.message === 'string' &&
      /^Connection terminated|^Connection ended unexpectedly|^Client has encountered a connection error|Timeout acquiring a connection/.test(
        e.message,
      )
    )
      return true;
  }
  return false;
}

/** `Did you mean "x"?` as GraphQL appends it to validation and coercion messages. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * The request ran past its deadline (REQUEST_TIMEOUT_MS) or one of its statements past
 * DB_STATEMENT_TIMEOUT_MS, and its SQL was cancelled. Not the caller's mistake as such: the hub is
 * busy or the question is heavy, so it is retryable (HTTP 503), perhaps with a smaller question.
 */
export class RequestTimeoutError extends HubError {
  constructor(
    message = 'The request took too long and was stopped; nothing it was doing is still running. Try again later, or ask for less (fewer wards, months or items per page).',
  ) {
    super(message, 'REQUEST_TIMEOUT', { retryable: true, http: { status: 503 } });
  }
}

/** SQLSTATE 57014: a statement cancelled by statement_timeout or by the hub (pg_cancel_backend). */
export function isCancelledStatement(err: unknown): boolean {
  return sqlStateOf(err) === '57014';
}

/** The HubError behind `error` if there is one, 'graphql' for GraphQL's own errors, else undefined. */
function intended(error: unknown): HubError | 'graphql' | undefined {
  for (let e = error; e; e = e.originalError) {
    if (e instanceof HubError) return e;
    if (!(e instanceof GraphQLError)) return undefined;
    // A GraphQLError with no cause comes from parsing, validation or the server itself: safe to show.
    if (!e.originalError) return 'graphql';
  }
  return undefined;
}

/** What a resolver threw, when graphql-js wrapped it; the error itself otherwise (which may be anything). */
function thrownBy(error: unknown): unknown {
  return (error as { originalError?: unknown } | null | undefined)?.originalError ?? error;
}

/**
 * The one place errors are shaped for clients, over HTTP and websockets alike: errors the hub raised
 * on purpose and GraphQL's own parse and validation errors pass through; anything else (a database
 * failure, a bug) is logged with an id and replaced by a generic message, so no SQL or stack leaks.
 */
export function createErrorFormatter(log: Logger, options: { production?: boolean } = {}) {
  // In production GraphQL's "Did you mean …" suggestions are dropped: they map the schema out to
  // anyone guessing at it, field by field, even with introspection off.
  const clean = (formatted: GraphQLFormattedError): GraphQLFormattedError =>
    options.production ? { ...formatted, message: formatted.message.replace(SUGGESTION, '') } : formatted;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const known = intended(error);
    // Apollo files validation-rule errors under GRAPHQL_VALIDATION_FAILED; the hub's own code is more useful.
    if (known instanceof HubError) {
      // `http` only steers the status code; it is never sent (websocket errors carry it otherwise).
      const { http: _status, ...extensions } = { ...formatted.extensions, ...known.extensions };
      return clean({ ...formatted, extensions });
    }
    if (known) return clean(formatted);
    if (isDatabaseUnavailable(error)) {
      log.warn({ err: thrownBy(error), path: formatted.path }, 'database unavailable');
      const { extensions } = new ServiceUnavailableError();
      const { http: _status, ...shown } = extensions;
      return { message: new ServiceUnavailableError().message, ...(formatted.path ? { path: formatted.path } : {}), extensions: shown };
    }
    // A statement stopped at its deadline is the hub protecting itself, not a bug: say so, retryably.
    if (isCancelledStatement(thrownBy(error))) {
      const timeout = new RequestTimeoutError();
      return {
        message: timeout.message,
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: 'REQUEST_TIMEOUT', retryable: true },
      };
    }
    const errorId = randomUUID();
    log.error({ err: thrownBy(error), errorId, path: formatted.path }, 'unexpected error');
    return {
      message: `Internal server error (reference ${errorId}).`,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
    };
  };
}

/** What PostgreSQL attaches to an error (pg's DatabaseError; MikroORM's exceptions copy the same fields). */
export interface PgErrorFields {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  code?: unknown;
  severity?: unknown;
  routine?: unknown;
  detail?: unknown;
  constraint?: unknown;
  schema?: unknown;
  table?: unknown;
  column?: unknown;
  cause?: unknown;
  previous?: unknown;
  originalError?: unknown;
  /** graphql-js's NonErrorThrown: a thrown value that is not an Error of this realm. */
  thrownValue?: unknown;
}

/** A five-character SQLSTATE, e.g. 23505. */
export const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * `err` and the errors it wraps, outermost first: MikroORM's `previous`, the standard `cause`,
 * GraphQL's `originalError` and its NonErrorThrown's `thrownValue`, however they nest (at most 8
 * deep; a cycle ends the walk).
 */
export function* causes(err: unknown): Generator<PgErrorFields> {
  const seen = new Set<unknown>();
  for (let e = err, depth = 0; e && typeof e === 'object' && !seen.has(e) && depth < 8; depth += 1) {
    seen.add(e);
    yield e;
    const f = e as PgErrorFields;
    e = f.previous ?? f.cause ?? f.originalError ?? f.thrownValue;
  }
}

/** The PostgreSQL error behind `err`, however many wrappers (MikroORM, knex) sit around it. */
function pgError(err: unknown): (PgErrorFields & { code: string }) | undefined {
  for (const e of causes(err)) {
    if (typeof e.code === 'string' && SQLSTATE.test(e.code)) return e as PgErrorFields & { code: string };
  }
  return undefined;
}

/** The SQLSTATE of a database error (e.g. '40001'), wherever it sits in the chain of causes. */
export function sqlStateOf(err: unknown): string | undefined {
  return pgError(err)?.code;
}

/** `lead_agency_id` → `leadAgencyId`: the input field a column is written from. */
function fieldOf(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** The columns in a detail such as `Key (user_id, group_id)=(5, 1) already exists.` */
function keyColumns(detail: unknown): string[] {
  const m = typeof detail === 'string' ? /^Key \((.+?)\)=/.exec(detail) : null;
  if (!m) return [];
  // An expression index names e.g. lower(name::text): the column is the first name inside it.
  return m[1].split(', ').map((part) => (/^[a-z_][a-z0-9_]*$/.test(part) ? part : (/\(([a-z_][a-z0-9_]*)/.exec(part)?.[1] ?? part)));
}

/** Constraints whose clash deserves more than the generic wording. */
// Partial: the constraint name comes from PostgreSQL, so a lookup can miss.
const CONSTRAINT_MESSAGES: Partial<Record<string, { field: string; message: string }>> = {
  group_member_one_active: {
    field: 'userId',
    message:
      'That person already has an active membership of this group (granted at the same moment by another request). Nothing was written.',
  },
};

/**
 * The client-facing error for a database error a request can cause, or undefined for any other
 * error (which stays INTERNAL_SERVER_ERROR). A unique violation is a CONFLICT with the state the
 * database holds; a missing row a foreign key points at, or a failed check, is BAD_USER_INPUT on
 * the input field written to that column; a row still referenced cannot be removed (CONFLICT);
 * a serialization failure or deadlock that outlasted its retries is a CONFLICT to try again.
 * `field` names the input field as the API spells it (`user_id` → `userId`). The messages name
 * fields, never tables or SQL.
 */
export function fromDatabaseError(err: unknown): HubError | undefined {
  if (err instanceof HubError) return err;
  const pg = pgError(err);
  if (!pg) return undefined;
  const columns = keyColumns(pg.detail).map(fieldOf);
  const constraint = typeof pg.constraint === 'string' ? pg.constraint : '';
  switch (pg.code) {
    case '23505': {
      const known = CONSTRAINT_MESSAGES[constraint];
      if (known) return new ConflictError(known.message, { field: known.field });
      const what = columns.length ? columns.map((c) => `'${c}'`).join(' and ') : 'these values';
      return new ConflictError(
        `A record with the same ${what} already exists; nothing was written.`,
        columns.length ? { field: columns[0] } : {},
      );
    }
    case '23503': {
      const field = columns[0];
      // "is still referenced from table …": the row being removed or changed is in use.
      if (typeof pg.detail === 'string' && /still referenced/.test(pg.detail)) {
        return new ConflictError(
          'This record is still in use by others, so it cannot be removed or changed that way; nothing was written.',
        );
      }
      return new BadUserInputError(
        field
          ? `'${field}' names something that does not exist (it may just have been removed); nothing was written.`
          : 'The input names something that does not exist; nothing was written.',
        field,
      );
    }
    case '23514': {
      const table = typeof pg.table === 'string' ? pg.table : '';
      const column =
        constraint.startsWith(`${table}_`) && constraint.endsWith('_check') ? constraint.slice(table.length + 1, -'_check'.length) : '';
      const field = column ? fieldOf(column) : undefined;
      return new BadUserInputError(
        field
          ? `'${field}' has a value the hub does not accept; nothing was written.`
          : 'The input has a value the hub does not accept; nothing was written.',
        field,
      );
    }
    case '23502': {
      const field = typeof pg.column === 'string' ? fieldOf(pg.column) : undefined;
      return new BadUserInputError(
        field ? `'${field}' must be given; nothing was written.` : 'A required value is missing; nothing was written.',
        field,
      );
    }
    case '40001':
    case '40P01':
      return new ConflictError('Too many changes to the same records at once; yours was not saved. Try again.');
    default:
      return undefined;
  }
}
