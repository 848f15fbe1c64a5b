import type { EntityManager } from '@mikro-orm/postgresql';
import { DATA_CHANNEL } from '../live/live.channels';
import { encodeCursor } from '../live/live.cursor';
import { currentCursor } from '../live/live.stream';
import type { WakeUpBus } from '../live/live.wakeups';

/** How long a version read is used before it is read again, even with no wake-up (one that was lost). */
export const DATA_VERSION_MAX_AGE_MS = 5000;

/**
 * The version of the open data: where the outbox's data channel stands, which every import moves
 * (its `dataRefreshed` event commits with its rows). Kept in memory, so a request that only needs the
 * version costs no SQL; forgotten when a data wake-up arrives (or the bus reconnects) and read again
 * by the next request, and read again after DATA_VERSION_MAX_AGE_MS in any case.
 */
export class DataVersion {
  private value: string | undefined;
  private readAt = 0;
  private reading: Promise<string> | undefined;
  /** Bumped by each forget: a read that began before one is not kept. */
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
    this.reading ??= (async () => {
      const generation = this.generation;
      try {
        const value = encodeCursor(await currentCursor(this.fork(), [DATA_CHANNEL]));
        if (generation === this.generation) {
          this.value = value;
          this.readAt = Date.now();
        }
        return value;
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }
}
