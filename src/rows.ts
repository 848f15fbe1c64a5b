import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { z } from 'zod';

/**
 * Decoders for the columns of raw SQL rows. MikroORM's PostgreSQL connection hands dates,
 * timestamps and intervals back as text (its entity hydration parses them), and node-postgres hands
 * `bigint`, `numeric` and `count(*)` back as text too. A row read with raw SQL is therefore not the
 * shape its TypeScript type claims until something parses it: every raw read goes through one of
 * these, so a timestamp is a `Date` and a count is a `number` whichever connection read it.
 */
export const col = {
  text: z.string(),
  /** A whole number: `int`, `bigint` and `count(*)` alike (bigints beyond 2^53 are refused). */
  int: z.coerce.number().int().refine(Number.isSafeInteger, 'integer beyond 2^53'),
  /** `numeric`, `real`, `double precision`. */
  number: z.coerce.number().refine(Number.isFinite, 'not a finite number'),
  /** A `timestamp`/`timestamptz`, as text (`2026-12-02 17:19:55.15439+00`) or already a Date. */
  timestamp: z.union([z.date(), z.string().min(1)]).transform((v, ctx) => {
    const d = v instanceof Date ? v : new Date(v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: 'custom', message: `not a timestamp: ${String(v)}` });
      return z.NEVER;
    }
    return d;
  }),
  /** A `date`, kept as `YYYY-MM-DD` (a calendar day has no time zone to get wrong). */
  date: z.union([z.date(), z.string()]).transform((v, ctx) => {
    const text = v instanceof Date ? v.toISOString().slice(0, 10) : v;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) {
      ctx.addIssue({ code: 'custom', message: `not a date: ${String(v)}` });
      return z.NEVER;
    }
    return text;
  }),
  boolean: z.boolean(),
  /** A bigint id or a transaction id kept exactly, as text (cursors, xid8). */
  bigText: z.union([z.string().regex(/^-?\d+$/), z.number().int(), z.bigint()]).transform(String),
  intArray: z.array(z.coerce.number().int()),
  textArray: z.array(z.string()),
  json: z.record(z.string(), z.unknown()),
} as const;

/** The shape of one row: column name to decoder. */
export type RowShape = z.ZodRawShape;
export type Row<S extends RowShape> = z.infer<z.ZodObject<S>>;

/** Anything that runs SQL with `?` placeholders the MikroORM way: an EntityManager, a transaction's, or a Connection. */
export interface SqlRunner {
  execute(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Raised when a row does not have the shape its query promised: a bug in the query, never the caller's fault. */
export class RowShapeError extends Error {
  constructor(what: string, index: number, issues: z.ZodError['issues']) {
    const detail = issues.map((i) => `${i.path.join('.') || '(row)'}: ${i.message}`).join('; ');
    super(`Row ${index + 1} of ${what} is not the expected shape: ${detail}`);
    this.name = 'RowShapeError';
  }
}

const schemas = new WeakMap<RowShape, z.ZodObject<RowShape>>();

function objectOf<S extends RowShape>(shape: S): z.ZodObject<S> {
  let schema = schemas.get(shape);
  if (!schema) {
    schema = z.object(shape);
    schemas.set(shape, schema);
  }
  return schema as unknown as z.ZodObject<S>;
}

/** What a quick check returns for a value it cannot vouch for: zod then decides, and words the error. */
const UNSURE = Symbol('unsure');
type QuickCheck = (value: unknown) => unknown;

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The same answer as the decoder, for the values a query usually hands back, without building a zod
 * object per row: a read of thousands of rows spent most of its time in zod. Anything else (a
 * coercion zod would make, a value it would refuse) returns UNSURE and the row goes through zod.
 */
function quickCheckOf(decoder: z.ZodType): QuickCheck | undefined {
  if (decoder.def.type === 'nullable') {
    const inner = quickCheckOf((decoder as z.ZodNullable).def.innerType as z.ZodType);
    return inner && ((v) => (v === null ? null : inner(v)));
  }
  if (decoder === col.text) return (v) => (typeof v === 'string' ? v : UNSURE);
  if (decoder === col.boolean) return (v) => (typeof v === 'boolean' ? v : UNSURE);
  if (decoder === col.int) {
    return (v) => {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
      return Number.isSafeInteger(n) ? n : UNSURE;
    };
  }
  if (decoder === col.number) {
    return (v) => {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
      return Number.isFinite(n) ? n : UNSURE;
    };
  }
  if (decoder === col.date) return (v) => (typeof v === 'string' && DATE_TEXT.test(v) ? v : UNSURE);
  if (decoder.def.type === 'enum') {
    const values = new Set<unknown>((decoder as z.ZodEnum).options);
    return (v) => (values.has(v) ? v : UNSURE);
  }
  return undefined;
}

type QuickRow = (row: Record<string, unknown>) => Record<string, unknown> | undefined;
const quickRows = new WeakMap<RowShape, QuickRow | null>();

/** A row check made of quick checks, or null when some column has none. */
function quickRowOf(shape: RowShape): QuickRow | null {
  let quick = quickRows.get(shape);
  if (quick !== undefined) return quick;
  const checks: [string, QuickCheck][] = [];
  for (const [name, decoder] of Object.entries(shape)) {
    const check = quickCheckOf(decoder as z.ZodType);
    if (!check) {
      checks.length = 0;
      break;
    }
    checks.push([name, check]);
  }
  quick =
    checks.length === Object.keys(shape).length && checks.length > 0
      ? (row) => {
          const out: Record<string, unknown> = {};
          for (const [name, check] of checks) {
            const value = check(row[name]);
            if (value === UNSURE) return undefined;
            out[name] = value;
          }
          return out;
        }
      : null;
  quickRows.set(shape, quick);
  return quick;
}

/** Parses rows already read (from `pg` directly, say) into `shape`; extra columns are dropped. */
export function decodeRows<S extends RowShape>(shape: S, rows: readonly unknown[], what = 'a query'): Row<S>[] {
  const quick = quickRowOf(shape);
  let schema: z.ZodObject<S> | undefined;
  return rows.map((row, i) => {
    const fast = quick && typeof row === 'object' && row !== null ? quick(row as Record<string, unknown>) : undefined;
    if (fast) return fast as Row<S>;
    schema ??= objectOf(shape);
    const parsed = schema.safeParse(row);
    if (!parsed.success) throw new RowShapeError(what, i, parsed.error.issues);
    return parsed.data;
  });
}

/**
 * Runs a raw SELECT (or a statement with RETURNING) and decodes every row into `shape`. Use the
 * transaction's EntityManager inside a transaction: `em.getConnection()` would take another pooled
 * connection and miss the transaction's settings.
 */
export async function selectRows<S extends RowShape>(runner: SqlRunner, shape: S, sql: string, params: unknown[] = []): Promise<Row<S>[]> {
  const rows = (await runner.execute(sql, params)) as unknown[];
  return decodeRows(shape, rows, firstLine(sql));
}

/** A value bound to a `?` of `readRows`: arrays go as one PostgreSQL array (`= any(?::text[])`). */
export type BoundValue = string | number | boolean | Date | null | readonly string[] | readonly number[];

/**
 * Like selectRows, for reads that never write (open data above all): the values travel as bound
 * parameters (`$1`, `$2`…), not written into the text, so PostgreSQL sees the same statement each
 * time, and the rows come back as plain objects with no entity built and no identity map touched.
 * Runs in `em`'s transaction when it has one. Each statement still reaches knex's `query` event,
 * which is how the hub counts a request's statements.
 */
export async function readRows<S extends RowShape>(
  em: EntityManager,
  shape: S,
  sql: string,
  params: readonly BoundValue[] = [],
): Promise<Row<S>[]> {
  // knex binds a JS array as one value, which node-postgres sends as an array literal.
  const query = em.getKnex().raw<{ rows: unknown[] }>(sql, params as readonly Knex.RawBinding[]);
  const tx = em.getTransactionContext<Knex.Transaction>();
  if (tx) query.transacting(tx);
  let result: { rows: unknown[] };
  try {
    result = await query;
  } catch (err) {
    // As MikroORM's own queries do, so that a lost database is told apart from a bug (errors.ts).
    throw typeof err === 'object' && err !== null ? em.getDriver().convertException(err as Error) : err;
  }
  return decodeRows(shape, result.rows, firstLine(sql));
}

/** Like selectRows, for a query that returns exactly one row (an aggregate, say). */
export async function selectOne<S extends RowShape>(runner: SqlRunner, shape: S, sql: string, params: unknown[] = []): Promise<Row<S>> {
  const rows = await selectRows(runner, shape, sql, params);
  if (rows.length !== 1) throw new Error(`Expected one row from ${firstLine(sql)}, got ${rows.length}`);
  return rows[0];
}

/** Like selectRows, for a query that returns at most one row. */
export async function selectMaybe<S extends RowShape>(
  runner: SqlRunner,
  shape: S,
  sql: string,
  params: unknown[] = [],
): Promise<Row<S> | undefined> {
  const rows = await selectRows(runner, shape, sql, params);
  if (rows.length > 1) throw new Error(`Expected at most one row from ${firstLine(sql)}, got ${rows.length}`);
  return rows[0];
}

function firstLine(sql: string): string {
  const line = sql.trim().split('\n')[0];
  return `'${line.length > 80 ? `${line.slice(0, 77)}...` : line}'`;
}
