import { BadUserInputError } from '../../errors';
import { col } from '../../rows';

/**
 * Where a reader has got to in the outbox: the (transaction id, event id) of the last event it saw.
 * Both are kept as decimal text, since a transaction id outgrows a JS number. Clients hold the
 * encoded form ("txid.id") and send it back as `since`; wake-ups carry it too.
 */
export interface OutboxCursor {
  txid: string;
  id: string;
}

/** The cursor before the first event: replaying from it gives the whole stream. */
export const START_OF_STREAM: OutboxCursor = { txid: '0', id: '0' };

/** How a cursor comes back from SQL (`txid::text as txid, id::text as id`). */
export const cursorRow = { txid: col.bigText, id: col.bigText };

/** "txid.id", the form clients hold and send back as `since`. */
export function encodeCursor(cursor: OutboxCursor): string {
  return `${cursor.txid}.${cursor.id}`;
}

/** The largest values the cursor's columns hold: an xid8 (unsigned 64-bit) and a bigint (signed 64-bit). */
const MAX_TXID = 2n ** 64n - 1n;
const MAX_EVENT_ID = 2n ** 63n - 1n;

/** The cursor `text` encodes, or undefined when it is not one this hub could have given out. */
export function parseCursor(text: string): OutboxCursor | undefined {
  const m = /^(\d{1,20})\.(\d{1,20})$/.exec(text);
  // Twenty digits fit the pattern but not always the columns: PostgreSQL would fail the statement
  // ("out of range"), so a number past them is refused here as the mistake it is.
  if (!m || BigInt(m[1]) > MAX_TXID || BigInt(m[2]) > MAX_EVENT_ID) return undefined;
  return { txid: m[1], id: m[2] };
}

/** Decodes a cursor a client sent; BAD_USER_INPUT naming `field` when it is not one the hub gave out. */
export function decodeCursor(text: string, field = 'since'): OutboxCursor {
  const cursor = parseCursor(text);
  if (!cursor) {
    throw new BadUserInputError(`'${field}' is not a cursor this hub gave out (expected two numbers joined by a dot).`, field);
  }
  return cursor;
}

/** Outbox order, (txid, id): negative when `a` comes before `b`, positive after, 0 for the same event. */
export function compareCursors(a: OutboxCursor, b: OutboxCursor): number {
  const [at, bt] = [BigInt(a.txid), BigInt(b.txid)];
  if (at !== bt) return at < bt ? -1 : 1;
  const [ai, bi] = [BigInt(a.id), BigInt(b.id)];
  return ai === bi ? 0 : ai < bi ? -1 : 1;
}
