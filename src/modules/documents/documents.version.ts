import type { EntityManager } from '@mikro-orm/postgresql';
import { DATA_CHANNEL } from '../live/live.channels';
import { channelVersion } from '../live/live.outbox';
import type { WakeUpBus } from '../live/live.wakeups';

/** How long a version read is used before it is read again, even with no wake-up (one that was lost). */
export const DATA_VERSION_MAX_AGE_MS = 5000;

/**
 * The version of the open data: which events the outbox's data channel holds, which every import
 * changes (its `dataRefreshed` event commits with its rows). Kept in memory, so a request that only needs the
 * version costs no SQL; forgotten when a data wake-up arrives (or the bus reconnects) and read again
 * by the next request, and read again after DATA_VERSION_MAX_AGE_MS in any case.
 */
export class DataVersion {
  private value: string | undefined;
  private readAt = 0;
  /** The read in flight, and the generation it began in: a read begun before a forget answers no one after it. */
  private reading: { generation: number; value: Promise<string> } | undefined;
  /** Bumped by each forget. */
  private generation = 0;

  constructor(
    private readonly fork: () => EntityManager,
    private readonly maxAgeMs = DATA_VERSION_MAX_AGE_MS,
  ) {}

  /** Follows the bus's wake-ups; returns what stops following. */
  follow(bus: WakeUpBus): () => void {
    return bus.subscribe((wake) => {
      if (!wake || wake.channel === DATA_CHANNEL) this.forget();
    });
  }

  forget(): void {
    this.generation += 1;
    this.value = undefined;
  }

  /** The current version: from memory when fresh, else one statement. */
  async current(now = Date.now()): Promise<string> {
    if (this.value !== undefined && now - this.readAt < this.maxAgeMs) return this.value;
    if (this.reading?.generation !== this.generation) {
      const generation = this.generation;
      const value = (async () => {
        try {
          const read = await channelVersion(this.fork(), DATA_CHANNEL);
          if (generation === this.generation) {
            this.value = read;
            this.readAt = Date.now();
          }
          return read;
        } finally {
          if (this.reading?.generation === generation) this.reading = undefined;
        }
      })();
      this.reading = { generation, value };
    }
    return this.reading.value;
  }
}
