import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import pino from 'pino';
import { compareCursors as compareOutboxCursors, decodeCursor, encodeCursor } from '../../src/modules/live/live.cursor';
import { appendEvent } from '../../src/modules/live/live.outbox';
import { openOrm } from '../../src/orm';
import { groupChannel } from '../../src/modules/live/live.channels';
import { createWakeUpBus, type WakeUpBus } from '../../src/modules/live/live.wakeups';

/** An event a producer saw commit: its cursor ("txid.id"), channel, and when the commit returned. */
export interface CommittedEvent {
  cursor: string;
  channel: string;
  committedAt: number;
}

/** (txid, id) order of two "txid.id" cursors, as the outbox reads them (the hub's own comparison). */
export function compareCursors(a: string, b: string): number {
  return compareOutboxCursors(decodeCursor(a), decodeCursor(b));
}

/** A small deterministic PRNG (mulberry32), so a run's batch sizes and groups can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes outbox events the way the hub's services do (appendEvent in a transaction, the wake-up sent
 * with the commit through the PostgreSQL bus), but as the database owner and outside any hub: a
 * producer process of its own. The bus is never started, since sending needs no LISTEN connection.
 */
export class OutboxWriter {
  private constructor(
    readonly orm: MikroORM,
    readonly bus: WakeUpBus,
  ) {}

  static async open(url: string, poolMax = 8): Promise<OutboxWriter> {
    const orm = await openOrm({ clientUrl: url, poolMax });
    return new OutboxWriter(orm, createWakeUpBus({ databaseUrl: url, log: pino({ level: 'silent' }) }));
  }

  /** One transaction holding `events`; resolves with their cursors once it has committed. */
  async write(events: { groupId: number; type?: string; payload?: Record<string, unknown> }[]): Promise<CommittedEvent[]> {
    const written = await this.orm.em.fork().transactional(async (tx) => {
      const out: { cursor: string; channel: string }[] = [];
      for (const e of events) {
        const channel = groupChannel(e.groupId);
        const cursor = await appendEvent(tx, channel, e.type ?? 'CASE_UPDATED', e.payload ?? { groupId: e.groupId }, this.bus);
        out.push({ cursor: encodeCursor(cursor), channel });
      }
      return out;
    });
    const committedAt = Date.now();
    return written.map((w) => ({ ...w, committedAt }));
  }

  async close(): Promise<void> {
    await this.orm.close(true);
  }
}

export interface ProduceOptions {
  groupIds: number[];
  /** Events to commit in all (transactions that fail are retried as new ones until this many committed). */
  total: number;
  /** Parallel writers, each with its own connection. */
  writers: number;
  /** Each transaction holds 1..maxBatch events. */
  maxBatch: number;
  seed?: number;
  /** A pause between one writer's transactions, to spread the events over time. */
  pauseMs?: number;
  /** Stop early (the rest are simply not written). */
  stop?: () => boolean;
  /** Extra payload fields (e.g. padding); groupId is always set. */
  payload?: (groupId: number) => Record<string, unknown>;
  /** How long to wait after a failed transaction (the database down, say) before trying again. */
  retryMs?: number;
  onCommit?: (events: CommittedEvent[]) => void;
}

export interface ProduceResult {
  committed: CommittedEvent[];
  transactions: number;
  /** Transactions that failed (and so, unless the failure came after COMMIT reached the server, wrote nothing). */
  failures: number;
  failureMessages: string[];
  ms: number;
}

/**
 * Commits `total` events over `groupIds` from `writers` parallel connections, in many small
 * transactions of random size, and reports exactly which commits succeeded.
 */
export async function produceEvents(writer: OutboxWriter, options: ProduceOptions): Promise<ProduceResult> {
  const started = Date.now();
  const committed: CommittedEvent[] = [];
  const failureMessages: string[] = [];
  let transactions = 0;
  let failures = 0;
  let claimed = 0;
  const perWriter = async (w: number) => {
    const random = prng((options.seed ?? 1) * 1000 + w);
    while (!options.stop?.()) {
      const size = Math.min(1 + Math.floor(random() * options.maxBatch), options.total - claimed);
      if (size <= 0) return;
      claimed += size;
      const batch = Array.from({ length: size }, () => {
        const groupId = options.groupIds[Math.floor(random() * options.groupIds.length)];
        return { groupId, payload: { ...(options.payload?.(groupId) ?? {}), groupId } };
      });
      try {
        const done = await writer.write(batch);
        transactions += 1;
        committed.push(...done);
        options.onCommit?.(done);
      } catch (err) {
        failures += 1;
        claimed -= size;
        if (failureMessages.length < 20) failureMessages.push(err instanceof Error ? err.message : String(err));
        await new Promise((r) => setTimeout(r, options.retryMs ?? 50));
      }
      if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
    }
  };
  await Promise.all(Array.from({ length: options.writers }, (_, w) => perWriter(w)));
  return { committed, transactions, failures, failureMessages, ms: Date.now() - started };
}

/** Every committed event on `channels` in the database, oldest first, as "txid.id" cursors with their channel. */
export async function committedEvents(url: string, channels: string[]): Promise<{ cursor: string; channel: string }[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ cursor: string; channel: string }>(
      `select txid::text || '.' || id::text as cursor, channel from outbox_event where channel = any($1) order by txid, id`,
      [channels],
    );
    return rows;
  } finally {
    await client.end();
  }
}

/** The last event in the outbox (any channel), as a cursor: a `since` that means "from here on". */
export async function outboxHead(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ cursor: string | null }>(
      `select max(txid::text::numeric)::text || '.' || (select max(id) from outbox_event)::text as cursor from outbox_event`,
    );
    return rows[0].cursor ?? '0.0';
  } finally {
    await client.end();
  }
}

/**
 * Commits `count` events on one group in a single INSERT (and one wake-up with the commit): a burst
 * far faster than appendEvent one by one. Resolves with the cursor of the last.
 */
export async function burstEvents(url: string, groupId: number, count: number, type = 'CASE_UPDATED'): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{ cursor: string }>(
      `with ins as (
         insert into outbox_event (channel, type, payload)
         select $1, $2, jsonb_build_object('groupId', $3::int) from generate_series(1, $4)
         returning txid, id)
       select max(txid::text::numeric)::text || '.' || max(id)::text as cursor from ins`,
      [groupChannel(groupId), type, groupId, count],
    );
    await client.query(`select pg_notify('hub_outbox', $1)`, [`${groupChannel(groupId)} ${rows[0].cursor}`]);
    await client.query('commit');
    return rows[0].cursor;
  } finally {
    await client.end();
  }
}
