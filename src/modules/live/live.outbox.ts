import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClientBase } from 'pg';
import { col, selectMaybe, selectOne, selectRows, type SqlRunner } from '../../rows';
import { cursorRow, encodeCursor, type OutboxCursor } from './live.cursor';
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
function runnerOf(tx: WriteTransaction): SqlRunner {
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
  const rows = await selectRows(
    em.getConnection(),
    { ...cursorRow, channel: col.text, type: col.text, payload: col.json, created_at: col.timestamp },
    `select txid::text as txid, id::text as id, channel, type, payload, created_at
       from outbox_event
      where channel in (?)
        and (txid, id) > (?::xid8, ?::bigint)
        and txid < pg_snapshot_xmin(pg_current_snapshot())
      -- The table's columns, not the text aliases above: ORDER BY would take the aliases and sort
      -- "10" before "9".
      order by outbox_event.txid, outbox_event.id
      limit ?`,
    [[...channels], after?.txid ?? '0', after?.id ?? '0', limit],
  );
  return rows.map((r) => ({
    cursor: { txid: r.txid, id: r.id },
    channel: r.channel,
    type: r.type,
    payload: r.payload,
    createdAt: r.created_at,
  }));
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
