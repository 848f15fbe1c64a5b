import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubError } from '../../errors';
import { compareCursors, decodeCursor, START_OF_STREAM, type OutboxCursor } from './live.cursor';
import { headOf, readEvents, type StoredEvent } from './live.outbox';
import type { WakeUp, WakeUpBus } from './live.wakeups';

/** What a stream yields: an event, or the reason it must end (the resolver raises it, then the stream completes). */
export type StreamItem = { event: StoredEvent } | { end: HubError };

/**
 * A subscriber whose right to a stream can lapse (a member whose token expires or whose membership
 * is revoked). The stream asks it before reading, stops mid-page once its credential lapses, and
 * ends with the error its check gives.
 */
export interface StreamGuard {
  /** Channels whose wake-ups carry nothing to read but make the guard check again (an account's access changed). */
  watch: readonly string[];
  /** Check at least this often, besides on every wake-up of a watched channel. */
  checkEveryMs: number;
  /** Whether the subscriber's credential has lapsed: the stream stops at once, even mid-page, and checks. */
  expired(): boolean;
  /** When the credential lapses, or null if never: the stream wakes then to end. */
  acceptedUntil(): Date | null;
  /** Re-reads the subscriber: an error to end the stream with, or undefined to go on. */
  check(em: EntityManager): Promise<HubError | undefined>;
}

export interface StreamOptions {
  /** The channels whose events the stream yields. */
  channels: readonly string[];
  /** Start after this cursor (replaying what came since), or null to start from now. */
  since: OutboxCursor | null;
  bus: WakeUpBus;
  /** Read the outbox this often even without a wake-up: a lost notification is only late, never missed. */
  pollMs: number;
  pageSize?: number;
  /** Gives the stream a fresh EntityManager for each read, never one shared with resolvers. */
  fork(): EntityManager;
  /** Only events for which this holds are yielded (a subscriber's filter); the stream reads past the rest. */
  keep?(event: StoredEvent): boolean;
  guard?: StreamGuard;
}

/** Resolves on the next wake-up or after `ms`, whichever comes first. */
class Alarm {
  private waiter?: () => void;
  private rung = false;

  ring(): void {
    this.rung = true;
    this.waiter?.();
  }

  wait(ms: number): Promise<void> {
    if (this.rung) {
      this.rung = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        this.rung = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiter = done;
    });
  }
}

/**
 * Where a stream on `channels` stands now, encoded as a `since`: a page that reads its data and this
 * cursor, then subscribes from it, misses nothing that changed in between (at worst it sees a change
 * it already shows).
 */
export async function currentCursor(em: EntityManager, channels: readonly string[]): Promise<OutboxCursor> {
  return (await headOf(em, channels)) ?? START_OF_STREAM;
}

/**
 * Opens a stream of the outbox's events on `channels`: replays from `since`, then follows live.
 * Where it starts is fixed before this resolves (without `since`, the head of the channels now), so
 * a subscriber misses nothing committed after its subscription began.
 */
export async function openStream(em: EntityManager, options: StreamOptions): Promise<AsyncGenerator<StreamItem>> {
  const start = options.since ?? (await headOf(em, options.channels));
  const control = { closed: false, alarm: new Alarm() };
  return closable(follow(start, options, control), () => {
    control.closed = true;
    control.alarm.ring();
  });
}

/**
 * The stream, ending promptly when the subscriber goes away. An async generator only honours
 * `return()` at a `yield`; one waiting for events that never come would poll forever after its
 * client left. Closing first wakes it and tells it to stop, then returns.
 */
function closable(stream: AsyncGenerator<StreamItem>, close: () => void): AsyncGenerator<StreamItem> {
  return {
    next: () => stream.next(),
    return: (value) => {
      close();
      return stream.return(value);
    },
    throw: (err) => {
      close();
      return stream.throw(err);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
    [Symbol.asyncDispose]: async () => {
      close();
      await stream.return(undefined);
    },
  };
}

/**
 * Replays the outbox from `start`, then follows it live: reads in commit-safe order (see
 * readEvents) whenever a wake-up names one of its channels, after a listener reconnect, or every
 * `pollMs` as a backstop. Replay and live are the same loop over the same cursor, so there is no
 * gap and no duplicate between them. Holds at most one page in memory; the socket's backpressure
 * pauses it for a slow reader instead of queueing events.
 */
async function* follow(
  start: OutboxCursor | null,
  options: StreamOptions,
  control: { closed: boolean; alarm: Alarm },
): AsyncGenerator<StreamItem> {
  const { guard } = options;
  const channels = new Set(options.channels);
  const watched = new Set(guard?.watch);
  const pageSize = options.pageSize ?? 500;
  let cursor = start;
  let pending: OutboxCursor | null = null;
  let checkDue = false;
  const { alarm } = control;
  const unsubscribe = options.bus.subscribe((wake: WakeUp | undefined) => {
    if (!wake) {
      alarm.ring();
      return;
    }
    if (watched.has(wake.channel)) {
      checkDue = true;
      alarm.ring();
      return;
    }
    if (!channels.has(wake.channel)) return;
    const at = decodeCursor(wake.cursor);
    if (!pending || compareCursors(at, pending) > 0) pending = at;
    alarm.ring();
  });
  const checkTimer = guard
    ? setInterval(() => {
        checkDue = true;
        alarm.ring();
      }, guard.checkEveryMs)
    : undefined;
  let retryMs = 20;
  try {
    for (;;) {
      if (control.closed) return;
      if (guard && (checkDue || guard.expired())) {
        checkDue = false;
        const end = await guard.check(options.fork());
        if (end) {
          yield { end };
          return;
        }
      }
      const events = await readEvents(options.fork(), [...channels], cursor, pageSize);
      if (control.closed) return;
      let cut = false;
      for (const event of events) {
        // A credential that lapses mid-page stops the stream at once, not at the end of the page.
        if (guard?.expired()) {
          cut = true;
          break;
        }
        if (options.keep?.(event) ?? true) yield { event };
        cursor = event.cursor;
      }
      if (cut || events.length === pageSize) continue;
      if (pending && (!cursor || compareCursors(pending, cursor) > 0)) {
        // Woken for an event that an older transaction still running hides from readEvents: look
        // again soon rather than waiting for the next poll.
        await alarm.wait(retryMs);
        retryMs = Math.min(retryMs * 2, options.pollMs);
        continue;
      }
      pending = null;
      retryMs = 20;
      const until = guard?.acceptedUntil();
      const untilExpiry = until ? Math.max(0, until.getTime() - Date.now()) : Infinity;
      await alarm.wait(Math.min(options.pollMs, untilExpiry));
    }
  } finally {
    clearInterval(checkTimer);
    unsubscribe();
  }
}
