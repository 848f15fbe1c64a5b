import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config';
import { causes, SQLSTATE, type PgErrorFields } from './errors';
import { currentRequestId } from './request-context';

export type { Logger };

/** Every line logged while a request is served names it, SQL at trace level included. */
function requestIdMixin(): Record<string, unknown> {
  const requestId = currentRequestId();
  return requestId ? { requestId } : {};
}

/** Plain-words logs on a terminal, JSON lines for log shippers. */
export function createLogger(log: Config['log']): Logger {
  const serializers = { err: serializeError };
  if (log.format === 'json') return pino({ level: log.level, mixin: requestIdMixin, serializers });
  return pino(
    { level: log.level, mixin: requestIdMixin, serializers },
    pretty({ colorize: process.stdout.isTTY, ignore: 'pid,hostname', translateTime: 'HH:MM:ss', sync: true }),
  );
}

/**
 * SQL with its values taken out: string literals (names, dates of birth, note text, audit purposes)
 * and numbers become `?`; identifiers, keywords and `$1` placeholders stay. MikroORM inlines the
 * values into the statement it runs, logs and puts in its error messages, so this is applied to
 * every statement before it reaches a log.
 */
export function redactSql(sql: string): string {
  const redacted = sql
    // 'text', E'text', X'ff', with '' standing for a quote inside.
    .replace(/(?:\b[EeXxBbNn])?'(?:[^']|'')*'/g, '?')
    .replace(/(?<![\w".$])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w"])/gi, '?');
  // An unterminated literal (a statement cut short) hides the rest.
  const open = redacted.indexOf("'");
  return open < 0 ? redacted : `${redacted.slice(0, open)}?`;
}

function isDbError(e: PgErrorFields): boolean {
  return (
    typeof e.code === 'string' &&
    SQLSTATE.test(e.code) &&
    (typeof e.routine === 'string' || typeof e.severity === 'string' || /Exception$/.test(String(e.name)))
  );
}

/** Only the `at …` lines of a stack: its first line repeats the message, which may carry values. */
function frames(stack: unknown): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const lines = stack.split('\n').filter((l) => /^\s+at /.test(l));
  return lines.length ? lines.join('\n') : undefined;
}

const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** The class name of `v`; an object made with a null prototype has no constructor. */
const className = (v: object): string | undefined => (v as { constructor?: { name?: string } }).constructor?.name;

/**
 * How every error is logged. A database error keeps only what an operator needs and nothing a
 * person typed: its class, SQLSTATE code, severity, PostgreSQL routine, schema, table, column,
 * constraint, the statement with its values taken out, and the stack frames. Its message and
 * detail are dropped: PostgreSQL puts row contents there ("Failing row contains (…)", "Key
 * (name)=(…)", a trigger's own text), and MikroORM prefixes the statement with its values inlined.
 * An error wrapping a database error (however deep) is logged as that database error. Any other
 * error is logged as pino logs errors.
 */
export function serializeError(err: unknown): unknown {
  if (!err || typeof err !== 'object') return err;
  for (const e of causes(err)) {
    if (!isDbError(e)) continue;
    const message = text(e.message) ?? '';
    // MikroORM (through knex) writes "<statement with values> - <PostgreSQL's message>", and the
    // message can hold values unquoted (a trigger's own text). Cut at the first " - " outside a
    // literal: a statement with a subtraction loses its tail, but the message never gets through.
    const redacted = redactSql(message);
    const cut = redacted.indexOf(' - ');
    const sql = cut > 0 ? redacted.slice(0, cut) : undefined;
    const outer = err as PgErrorFields;
    return {
      type: className(outer) ?? 'Error',
      ...(outer !== e ? { cause: className(e) } : {}),
      message: `database error ${String(e.code)}${text(e.table) ? ` on ${String(e.table)}` : ''} (message and detail left out: they can hold personal data)`,
      code: e.code,
      severity: text(e.severity),
      routine: text(e.routine),
      schema: text(e.schema),
      table: text(e.table),
      column: text(e.column),
      constraint: text(e.constraint),
      sql,
      stack: frames(outer.stack) ?? frames(e.stack),
    };
  }
  return pino.stdSerializers.err(err as Error);
}

/** `log` with the hub's error serializer, for a logger made elsewhere (a test's, say). */
export function withSafeErrors(log: Logger): Logger {
  return log.child({}, { serializers: { err: serializeError } });
}
