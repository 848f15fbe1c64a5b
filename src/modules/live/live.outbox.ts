import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClientBase } from 'pg';
import { col, selectMaybe, selectOne, selectRows, type SqlRunner } from '../../rows';
import { textArray } from '../../sql';
import { compareCursors, cursorRow, encodeCursor, START_OF_STREAM, type OutboxCursor } from './live.cursor';
import type { WakeUp, WakeUpBus } from './live.wakeups';

/** An event to write: who it is for (see live.channels), what happened (a type name of the writing domain), and ids only. */
export interface OutboxEventInput {
  channel: string;
  type: string;
  payload: Record<string, unknown>;
}

/** An event as readers get it back. */
export interface StoredEvent {
  cursor: OutboxCursor;
  channel: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/**
 * A transaction to write events in: MikroORM's (`tx`), or a node-postgres client between BEGIN and
 * COMMIT (the import runner's, which streams rows in with COPY).
 */
export type WriteTransaction = SqlRunner | ClientBase;

/**
 * The outbox's statements on a node-postgres client. MikroORM binds `?`, node-postgres `$1, $2…`;
 * the statements run here (this file's and the wake-up bus's) hold no other `?`, so the placeholders
 * are numbered on the way through.
 */
export function runnerOf(tx: WriteTransaction): SqlRunner {
  if ('execute' in tx) return tx;
  return {
    async execute(sql, params = []) {
      let n = 0;
      const result = await tx.query<Record<string, unknown>>(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      );
      return result.rows;
    },
  };
}

/**
 * Writes an event in the caller's transaction and returns its cursor. With a `bus`, the wake-up is
 * queued in the same transaction (PostgreSQL sends it on commit); with Redis the caller must also
 * pass `{ channel, cursor: encodeCursor(cursor) }` to `bus.afterCommit` once the transaction has
 * committed (a `changeLog` does both). Without a bus no wake-up is sent and readers find the event
 * when they next poll.
 */
export async function appendEvent(
  tx: WriteTransaction,
  channel: string,
  type: string,
  payload: Record<string, unknown>,
  bus?: WakeUpBus,
): Promise<OutboxCursor> {
  const runner = runnerOf(tx);
  const cursor = await selectOne(
    runner,
    cursorRow,
    'insert into outbox_event (channel, type, payload) values (?, ?, ?) returning txid::text as txid, id::text as id',
    [channel, type, JSON.stringify(payload)],
  );
  await bus?.inTransaction(runner, { channel, cursor: encodeCursor(cursor) });
  return { txid: cursor.txid, id: cursor.id };
}

/** Records events in the transaction that makes the change. */
export interface ChangeLog {
  record(event: OutboxEventInput): Promise<void>;
}

/** A change log for a transaction its caller runs itself: record inside it, then `afterCommit()` once it has committed. */
export interface CommittingChangeLog extends ChangeLog {
  /** Wakes subscribers in every process (Redis sends now; PostgreSQL already did with the commit). Never throws. */
  afterCommit(): Promise<void>;
}

/** A change log writing to the outbox in `tx`; `writeChanges` makes one for each attempt of its transaction. */
export function changeLog(tx: WriteTransaction, bus?: WakeUpBus): CommittingChangeLog {
  const wakes: WakeUp[] = [];
  return {
    async record({ channel, type, payload }) {
      const cursor = await appendEvent(tx, channel, type, payload, bus);
      wakes.push({ channel, cursor: encodeCursor(cursor) });
    },
    afterCommit: () => bus?.afterCommit(wakes) ?? Promise.resolve(),
  };
}

/**
 * A page of events read in commit-safe order (see readEvents), and how far it reaches: `covered` is
 * a position such that every event at or before it (on the channels read) is in this page or came
 * before `after`. A short page covers everything below the oldest transaction still running
 * (`pg_snapshot_xmin`), which no later commit can fall behind; a full page covers up to its last event.
 */
export interface OutboxPage {
  events: StoredEvent[];
  covered: OutboxCursor;
}

/** The columns of a page: the snapshot's horizon on every row (a lone row of nulls when nothing is there to read). */
const pageRow = {
  horizon: col.bigText,
  txid: col.bigText.nullable(),
  id: col.bigText.nullable(),
  channel: col.text.nullable(),
  type: col.text.nullable(),
  payload: col.json.nullable(),
  created_at: col.timestamp.nullable(),
};

/**
 * The two forms of the page statement: one channel list, or every channel (the shared reader's).
 * The horizon is taken once, in the same snapshot as the rows, so `covered` never claims an event
 * the page could not see.
 */
const PAGE_SQL = {
  channels: `with h as materialized (select pg_snapshot_xmin(pg_current_snapshot()) as x)
    select h.x::text as horizon, e.txid::text as txid, e.id::text as id, e.channel, e.type, e.payload, e.created_at
      from h left join lateral (
        select o.txid, o.id, o.channel, o.type, o.payload, o.created_at from outbox_event o
         where o.channel = any(?::text[]) and (o.txid, o.id) > (?::xid8, ?::bigint) and o.txid < h.x
         order by o.txid, o.id limit ?) e on true
     order by e.txid, e.id`,
  all: `with h as materialized (select pg_snapshot_xmin(pg_current_snapshot()) as x)
    select h.x::text as horizon, e.txid::text as txid, e.id::text as id, e.channel, e.type, e.payload, e.created_at
      from h left join lateral (
        select o.txid, o.id, o.channel, o.type, o.payload, o.created_at from outbox_event o
         where (o.txid, o.id) > (?::xid8, ?::bigint) and o.txid < h.x
         order by o.txid, o.id limit ?) e on true
     order by e.txid, e.id`,
} as const;

/**
 * Reads a page after `after` on `channels` (null: every channel), in commit-safe order, with how
 * far it reaches. The shared reader and each replaying subscriber read through this one statement,
 * so that a replay can hand over to the shared stream at a position both understand.
 */
export async function readPage(
  runner: SqlRunner,
  channels: readonly string[] | null,
  after: OutboxCursor | null,
  limit = 500,
): Promise<OutboxPage> {
  const from = after ?? START_OF_STREAM;
  const rows = channels
    ? await selectRows(runner, pageRow, PAGE_SQL.channels, [textArray(channels), from.txid, from.id, limit])
    : await selectRows(runner, pageRow, PAGE_SQL.all, [from.txid, from.id, limit]);
  const events: StoredEvent[] = [];
  for (const r of rows) {
    if (r.txid === null || r.id === null || r.channel === null || r.type === null || r.created_at === null) continue;
    events.push({
      cursor: { txid: r.txid, id: r.id },
      channel: r.channel,
      type: r.type,
      payload: r.payload ?? {},
      createdAt: r.created_at,
    });
  }
  if (!rows.length) throw new Error('The outbox page statement returned no horizon');
  const horizon = rows[0].horizon;
  const last = events.at(-1)?.cursor ?? from;
  // A full page may stop short of the horizon; a short one has read everything below it.
  const reach: OutboxCursor = events.length === limit ? last : { txid: horizon, id: '0' };
  return { events, covered: compareCursors(reach, from) > 0 ? reach : from };
}

/**
 * Events on `channels` after `after`, oldest first, that no still-running transaction can precede.
 * A sequence alone is not safe to read by: a transaction that took a lower id can commit after a
 * higher one has been read, and a cursor past the higher id would never see it. Ordering by the
 * writer's transaction id, and reading only below the oldest transaction still in progress
 * (`pg_snapshot_xmin`), means every event at or before the cursor had already committed or never
 * will: replay from a cursor then gives each committed event once, with no gap.
 */
export async function readEvents(
  em: EntityManager,
  channels: readonly string[],
  after: OutboxCursor | null,
  limit = 500,
): Promise<StoredEvent[]> {
  if (!channels.length) return [];
  return (await readPage(em.getConnection(), channels, after, limit)).events;
}

/**
 * Where "now" is on `channels`: the last event a reader could already read, or null when there is
 * none yet. Every event committed after this call comes after it, because the head is taken below
 * the oldest transaction still running.
 */
export async function headOf(em: EntityManager, channels: readonly string[]): Promise<OutboxCursor | null> {
  if (!channels.length) return null;
  const row = await selectMaybe(
    em.getConnection(),
    cursorRow,
    `select txid::text as txid, id::text as id from outbox_event
      where channel in (?) and txid < pg_snapshot_xmin(pg_current_snapshot())
      order by outbox_event.txid desc, outbox_event.id desc limit 1`,
    [[...channels]],
  );
  return row ?? null;
}

/**
 * A value that changes whenever the set of committed events on `channel` this statement can see
 * changes: their count and the sum of their ids. Unlike the stream's head (headOf), it moves the
 * moment an event commits, even while an older transaction is still open, which is what a cache
 * keyed by it needs: never the old key for new data.
 */
export async function channelVersion(em: EntityManager, channel: string): Promise<string> {
  const { version } = await selectOne(
    em.getConnection(),
    { version: col.text },
    `select count(*)::text || '.' || coalesce(sum(id), 0)::text as version from outbox_event where channel = ?`,
    [channel],
  );
  return version;
}
