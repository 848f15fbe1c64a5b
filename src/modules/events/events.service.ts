import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../../errors';
import { col, selectOne, selectRows } from '../../rows';
import type { WakeUpBus } from '../../wakeups';

/** Where a reader has got to in the outbox: the (transaction id, event id) of the last event it saw. */
export interface OutboxCursor {
  txid: string;
  id: string;
}

export interface StoredEvent {
  cursor: OutboxCursor;
  channel: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** How a cursor comes back from SQL: both numbers as text, since a txid outgrows a JS number. */
export const cursorRow = { txid: col.bigText, id: col.bigText };

/** "txid.id", the form clients hold and send back as `since`. */
export function encodeCursor(cursor: OutboxCursor): string {
  return `${cursor.txid}.${cursor.id}`;
}

/** The largest values the cursor's columns hold: an xid8 (unsigned 64-bit) and a bigint (signed 64-bit). */
const MAX_TXID = 2n ** 64n - 1n;
const MAX_EVENT_ID = 2n ** 63n - 1n;

export function decodeCursor(value: string, field = 'since'): OutboxCursor {
  const m = /^(\d{1,20})\.(\d{1,20})$/.exec(value);
  // Twenty digits fit the pattern but not always the columns: PostgreSQL would fail the statement
  // ("out of range"), so a number past them is refused here as the client's mistake it is.
  if (!m || BigInt(m[1]) > MAX_TXID || BigInt(m[2]) > MAX_EVENT_ID) {
    throw new BadUserInputError(`'${field}' is not a cursor this hub gave out (expected two numbers joined by a dot).`, field);
  }
  return { txid: m[1], id: m[2] };
}

/**
 * Writes an event in the caller's transaction and returns its cursor. With a `bus`, the wake-up is
 * queued in the same transaction (PostgreSQL sends it on commit); with Redis the caller must also
 * pass `{ channel, cursor: encodeCursor(cursor) }` to `bus.afterCommit` once the transaction has
 * committed. Without a bus no wake-up is sent and readers find the event when they next poll.
 */
export async function appendEvent(
  tx: EntityManager,
  channel: string,
  type: string,
  payload: Record<string, unknown>,
  bus?: WakeUpBus,
): Promise<OutboxCursor> {
  const cursor = await selectOne(
    tx,
    cursorRow,
    'insert into outbox_event (channel, type, payload) values (?, ?, ?) returning txid::text as txid, id::text as id',
    [channel, type, JSON.stringify(payload)],
  );
  await bus?.inTransaction(tx, { channel, cursor: encodeCursor(cursor) });
  return { txid: cursor.txid, id: cursor.id };
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
