import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One change, written in the same transaction as the change itself (a transactional outbox), so an
 * event exists exactly when its change committed. `txid` is the writing transaction's id: readers
 * order by (txid, id) and only read below the oldest transaction still running, so an event that
 * commits late can never land behind a reader's cursor.
 */
@Entity({ tableName: 'outbox_event' })
@Index({ properties: ['channel', 'txid', 'id'] })
export class OutboxEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'string', columnType: 'xid8', defaultRaw: 'pg_current_xact_id()' })
  txid!: string;

  /** Who the event is for, e.g. "group:3" or "data" (see live.channels). */
  @Property({ type: 'text' })
  channel!: string;

  /** What happened, e.g. CASE_OPENED. */
  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt!: Date;
}
