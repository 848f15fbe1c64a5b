import type { EntityManager } from '@mikro-orm/postgresql';
import { Pool } from 'pg';
import type { HubError } from '../../errors';
import type { Logger } from '../../logger';
import type { SqlRunner } from '../../rows';
import { compareCursors, decodeCursor, type OutboxCursor } from './live.cursor';
import { readPage, runnerOf, type StoredEvent } from './live.outbox';
import type { WakeUp, WakeUpBus } from './live.wakeups';

/** What a stream yields: an event, or the reason it must end (the resolver raises it, then the stream completes). */
export type StreamItem = { event: StoredEvent } | { end: HubError };

/**
 * A subscriber whose right to a stream can lapse (a member whose token expires or whose membership
 * is revoked). The stream asks it before each event, stops at once when its credential lapses, and
 * ends with the error its check gives. The feed's one guard timer does the asking between events.
 */
export interface StreamGuard {
  /** Channels whose wake-ups carry nothing to read but make the guard check again (an account's access changed). */
  watch: readonly string[];
  /** Check at least this often, besides on every wake-up of a watched channel. */
  checkEveryMs: number;
  /** Whether the subscriber's credential has lapsed: the stream stops at once, even mid-page, and checks. */
  expired(): boolean;
  /** Re-reads the subscriber: an error to end the stream with, or undefined to go on. */
  check(em: EntityManager): Promise<HubError | undefined>;
}

/** How the feed's own connections show in `pg_stat_activity`. */
export const FEED_APPLICATION_NAME = 'hub outbox reader';

export interface FeedOptions {
  /** Where the shared reader and replays read: connections of the feed's own, never the request pool. */
  runner: SqlRunner;
  bus: WakeUpBus;
  log: Logger;
  /** Read the outbox this often even without a wake-up: a lost notification is only late, never missed. */
  pollMs: number;
  pageSize?: number;
  /**
   * Events a subscriber may have waiting before it is taken off the shared stream; it then replays
   * from the last event it took, on its own reads, when it next asks (so a slow reader costs
   * memory only up to this).
   */
  maxQueue?: number;
  /** Events the shared reader keeps after dispatching them, for replays catching up to hand over without a gap. */
  keepRecent?: number;
  /** How often the one guard timer looks for subscribers due a re-check or past their credential. */
  guardTickMs?: number;
}

/** What a subscriber asks the feed for. */
export interface FeedRequest {
  channels: readonly string[];
  /** Replay after this cursor, then follow; null to start from now. */
  since: OutboxCursor | null;
  /** Only events for which this holds are yielded. */
  keep?(event: StoredEvent): boolean;
  guard?: StreamGuard;
  /** A fresh EntityManager for the guard's checks. */
  fork(): EntityManager;
}

const DEFAULT_PAGE = 500;
const DEFAULT_MAX_QUEUE = 1024;
const DEFAULT_RECENT = 4096;
const DEFAULT_GUARD_TICK_MS = 200;
const FIRST_RETRY_MS = 20;

const after = (a: OutboxCursor, b: OutboxCursor) => compareCursors(a, b) > 0;

/**
 * One reader of the outbox for the whole process, fanning each event out to the local subscribers
 * of its channel. See DECISIONS.md (one outbox reader per process).
 *
 * Positions: the reader has dispatched every event at or before `covered` to every live subscriber
 * (a page reaches the snapshot's horizon, see readPage). A subscriber holds its own `cursor`: it
 * takes from the shared stream only events after it, so joining at any position at or after
 * `covered` minus what `recent` still holds gives no gap and no duplicate.
 */
export class OutboxFeed {
  readonly pageSize: number;
  private readonly maxQueue: number;
  private readonly keepRecent: number;
  /** Every event at or before this has been dispatched; null until the first read. */
  private covered: OutboxCursor | null = null;
  /** The last events dispatched, oldest first: every event in (recentFrom, covered] on any channel. */
  private recent: StoredEvent[] = [];
  private recentFrom: OutboxCursor | null = null;
  private readonly byChannel = new Map<string, Set<FeedSubscription>>();
  private readonly live = new Set<FeedSubscription>();
  private readonly streams = new Set<FeedSubscription>();
  private readonly watching = new Map<string, Set<FeedSubscription>>();
  private readonly guarded = new Set<FeedSubscription>();
  private reading: Promise<void> | undefined;
  private readAgain: { promise: Promise<void>; resolve: () => void } | undefined;
  private pendingWake: OutboxCursor | null = null;
  private retryMs = FIRST_RETRY_MS;
  private timer: NodeJS.Timeout | undefined;
  private readonly guardTimer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private stopped = false;
  /** Shared reads run so far (for tests and the bench). */
  reads = 0;

  constructor(private readonly options: FeedOptions) {
    this.pageSize = options.pageSize ?? DEFAULT_PAGE;
    this.maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
    this.keepRecent = options.keepRecent ?? DEFAULT_RECENT;
    this.unsubscribe = options.bus.subscribe((wake) => {
      this.onWake(wake);
    });
    // One timer for every guarded subscriber, not one each.
    this.guardTimer = setInterval(() => {
      this.tickGuards();
    }, options.guardTickMs ?? DEFAULT_GUARD_TICK_MS);
    this.guardTimer.unref();
    this.schedulePoll(options.pollMs);
  }

  /** Streams open now, replaying or live. */
  get openCount(): number {
    return this.streams.size;
  }

  /** Subscribers following the shared stream now (not replaying). */
  get liveCount(): number {
    return this.live.size;
  }

  /**
   * Opens a stream: from `since`, a replay on the subscriber's own reads until it reaches the shared
   * stream, then the shared stream; without, the shared stream from the next read that starts now
   * (so nothing committed after this resolves is missed, and nothing already visible is replayed).
   */
  async open(request: FeedRequest): Promise<AsyncGenerator<StreamItem>> {
    if (this.stopped) throw new Error('The outbox feed has stopped');
    const sub = new FeedSubscription(this, request);
    if (request.since) {
      sub.startReplay(request.since);
    } else {
      await this.read();
      if (!this.covered) throw new Error('The outbox feed could not read the outbox');
      sub.startFresh(this.covered);
      this.attach(sub);
    }
    this.streams.add(sub);
    if (request.guard) {
      sub.nextCheckAt = Date.now() + request.guard.checkEveryMs;
      this.guarded.add(sub);
      for (const channel of request.guard.watch) indexAdd(this.watching, channel, sub);
    }
    return sub;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.guardTimer);
    this.unsubscribe();
    await this.reading;
  }

  /** A page of a replay, on the feed's own connections. */
  replayPage(channels: readonly string[], from: OutboxCursor) {
    return readPage(this.options.runner, channels, from, this.pageSize);
  }

  /**
   * Hands a replay that has read everything up to `reached` over to the shared stream, when the
   * events after it that the reader has already dispatched are still in `recent`. Synchronous, so no
   * read can complete in between: returns the events to yield before the shared stream's, or null
   * when `recent` no longer reaches back that far (replay further, then try again).
   */
  tryJoin(sub: FeedSubscription, reached: OutboxCursor): StoredEvent[] | null {
    if (!this.covered || !this.recentFrom) return null;
    if (!after(reached, this.covered)) {
      if (after(this.recentFrom, reached)) return null;
      const missed = this.recent.filter((e) => after(e.cursor, reached) && sub.wants(e));
      sub.startLive(this.covered);
      this.attach(sub);
      return missed;
    }
    // The replay read past the reader (its snapshot came later): the reader skips what it has.
    sub.startLive(reached);
    this.attach(sub);
    return [];
  }

  /** Takes a subscriber off the shared stream (it overflowed, or left). */
  detach(sub: FeedSubscription): void {
    this.live.delete(sub);
    for (const channel of sub.channels) indexDelete(this.byChannel, channel, sub);
  }

  /** Forgets a subscriber that has ended. */
  forget(sub: FeedSubscription): void {
    this.streams.delete(sub);
    this.detach(sub);
    this.guarded.delete(sub);
    for (const channel of sub.guardWatch) indexDelete(this.watching, channel, sub);
  }

  private attach(sub: FeedSubscription): void {
    this.live.add(sub);
    for (const channel of sub.channels) indexAdd(this.byChannel, channel, sub);
  }

  private onWake(wake: WakeUp | undefined): void {
    if (!wake) {
      // Anything may have been missed: read, and have every guard look again.
      for (const sub of this.guarded) sub.checkNow();
      this.wakeReader();
      return;
    }
    const watchers = this.watching.get(wake.channel);
    if (watchers) for (const sub of watchers) sub.checkNow();
    const at = decodeCursor(wake.cursor);
    if (!this.pendingWake || after(at, this.pendingWake)) this.pendingWake = at;
    this.wakeReader();
  }

  private wakeReader(): void {
    this.retryMs = FIRST_RETRY_MS;
    void this.read();
  }

  private schedulePoll(ms: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.read();
    }, ms);
    this.timer.unref();
  }

  /**
   * A shared read that starts after this call: joins the one queued behind a read in flight, so any
   * number of wake-ups and joiners cost at most one read in flight and one waiting.
   */
  private read(): Promise<void> {
    if (!this.reading) {
      this.reading = this.readLoop().finally(() => (this.reading = undefined));
      return this.reading;
    }
    if (!this.readAgain) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.readAgain = { promise, resolve };
    }
    return this.readAgain.promise;
  }

  // A method, not an inline test: both fields change while the loop awaits, which narrowing cannot see.
  private wantsReadAgain(): boolean {
    return this.readAgain !== undefined && !this.stopped;
  }

  private async readLoop(): Promise<void> {
    let failed: boolean;
    do {
      const waiting = this.readAgain;
      this.readAgain = undefined;
      try {
        await this.readToHorizon();
        failed = false;
      } catch (err) {
        failed = true;
        this.options.log.warn({ err }, 'The outbox reader could not read; trying again shortly');
      }
      waiting?.resolve();
    } while (this.wantsReadAgain());
    if (failed) this.schedulePoll(Math.min(1000, this.options.pollMs));
    else if (this.pendingWake && this.covered && after(this.pendingWake, this.covered)) {
      // Woken for an event an older transaction still running hides: look again soon, backing off.
      this.schedulePoll(this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, this.options.pollMs);
    } else {
      this.pendingWake = null;
      this.schedulePoll(this.options.pollMs);
    }
  }

  private async readToHorizon(): Promise<void> {
    if (!this.covered) {
      // The stream starts now: no channel read, only where the horizon stands.
      const start = await readPage(this.options.runner, [], null, 1);
      this.covered = start.covered;
      this.recentFrom = start.covered;
      return;
    }
    for (;;) {
      const page = await readPage(this.options.runner, null, this.covered, this.pageSize);
      this.reads += 1;
      this.dispatch(page.events, page.covered);
      if (page.events.length < this.pageSize) return;
    }
  }

  /** Hands a page to the subscribers of each event's channel, and moves `covered` on, in one synchronous step. */
  private dispatch(events: StoredEvent[], covered: OutboxCursor): void {
    for (const event of events) {
      const subs = this.byChannel.get(event.channel);
      if (subs) for (const sub of [...subs]) sub.offer(event);
      this.recent.push(event);
    }
    if (this.recent.length > this.keepRecent) {
      const dropped = this.recent.splice(0, this.recent.length - this.keepRecent);
      this.recentFrom = dropped[dropped.length - 1].cursor;
    }
    this.covered = covered;
  }

  private tickGuards(): void {
    const now = Date.now();
    for (const sub of this.guarded) sub.tick(now);
  }

  /** How many events a live subscriber may have waiting. */
  get queueLimit(): number {
    return this.maxQueue;
  }
}

function indexAdd<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

function indexDelete<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (!set.size) index.delete(key);
}

/**
 * One subscriber's stream. Replaying, it reads pages of its own channels after `cursor`; live, the
 * feed offers it events, which it queues up to the feed's limit. It yields one event at a time as
 * its consumer (graphql-ws, which waits for each message to be written) asks.
 */
export class FeedSubscription implements AsyncGenerator<StreamItem> {
  readonly channels: readonly string[];
  readonly guardWatch: readonly string[];
  private readonly channelSet: ReadonlySet<string>;
  private mode: 'replay' | 'live' | 'ended' = 'replay';
  /** Replaying: read after this. Live: take only events after this. */
  private cursor: OutboxCursor = { txid: '0', id: '0' };
  /** The last event handed to the consumer (or the start): where an overflow replays from. */
  private taken: OutboxCursor = { txid: '0', id: '0' };
  private queue: StoredEvent[] = [];
  private waiter: (() => void) | undefined;
  private checkDue = false;
  nextCheckAt = 0;

  constructor(
    private readonly feed: OutboxFeed,
    private readonly request: FeedRequest,
  ) {
    this.channels = [...new Set(request.channels)];
    this.channelSet = new Set(this.channels);
    this.guardWatch = request.guard?.watch ?? [];
  }

  wants(event: StoredEvent): boolean {
    return this.channelSet.has(event.channel) && (this.request.keep?.(event) ?? true);
  }

  startReplay(from: OutboxCursor): void {
    this.mode = 'replay';
    this.cursor = from;
    this.taken = from;
    this.queue = [];
  }

  /** Joins the shared stream from a replay: what it queued and took stays as it is. */
  startLive(from: OutboxCursor): void {
    if (this.mode === 'ended') return;
    this.mode = 'live';
    this.cursor = from;
  }

  /** Starts on the shared stream with nothing taken yet. */
  startFresh(from: OutboxCursor): void {
    this.mode = 'live';
    this.cursor = from;
    this.taken = from;
  }

  /** An event from the shared stream, on one of this subscriber's channels. */
  offer(event: StoredEvent): void {
    if (this.mode !== 'live' || !after(event.cursor, this.cursor)) return;
    this.cursor = event.cursor;
    if (!(this.request.keep?.(event) ?? true)) return;
    if (this.queue.length >= this.feed.queueLimit) {
      // Too slow to keep up: off the shared stream, and replay from the last event taken when it
      // next asks. What was queued is read again from the outbox rather than held.
      this.feed.detach(this);
      this.startReplay(this.taken);
      return;
    }
    this.queue.push(event);
    this.wake();
  }

  checkNow(): void {
    this.checkDue = true;
    this.wake();
  }

  tick(now: number): void {
    const guard = this.request.guard;
    if (!guard) return;
    if (now >= this.nextCheckAt) {
      this.nextCheckAt = now + guard.checkEveryMs;
      this.checkNow();
    } else if (guard.expired()) {
      this.wake();
    }
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => (this.waiter = resolve));
  }

  async next(): Promise<IteratorResult<StreamItem>> {
    try {
      return await this.step();
    } catch (err) {
      // A stream that failed is over (as an async generator's would be): off the feed, nothing kept.
      this.end();
      throw err;
    }
  }

  private async step(): Promise<IteratorResult<StreamItem>> {
    const { guard } = this.request;
    for (;;) {
      if (this.mode === 'ended') return { done: true, value: undefined };
      if (guard && (this.checkDue || guard.expired())) {
        this.checkDue = false;
        const end = await guard.check(this.request.fork());
        if (end) {
          this.end();
          // The error is this stream's last item; the resolver raises it and the stream completes.
          return { done: false, value: { end } };
        }
        continue;
      }
      const event = this.queue.shift();
      if (event) {
        this.taken = event.cursor;
        return { done: false, value: { event } };
      }
      if (this.mode === 'replay') {
        await this.replayOnce();
        continue;
      }
      await this.wait();
    }
  }

  /** One page of replay; at its end, an attempt to join the shared stream. */
  private async replayOnce(): Promise<void> {
    const page = await this.feed.replayPage(this.channels, this.cursor);
    if (this.mode !== 'replay') return;
    for (const event of page.events) if (this.request.keep?.(event) ?? true) this.queue.push(event);
    this.cursor = page.covered;
    if (page.events.length === this.feed.pageSize) return;
    const missed = this.feed.tryJoin(this, page.covered);
    if (missed) this.queue.push(...missed);
  }

  private end(): void {
    this.mode = 'ended';
    this.queue = [];
    this.feed.forget(this);
    this.wake();
  }

  return(): Promise<IteratorResult<StreamItem>> {
    this.end();
    return Promise.resolve({ done: true, value: undefined });
  }

  throw(err: unknown): Promise<IteratorResult<StreamItem>> {
    this.end();
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }

  [Symbol.asyncIterator](): AsyncGenerator<StreamItem> {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}

/**
 * The feed of a hub process, reading on a pool of its own (two connections: the shared reader's and
 * one for replays) as `role`, so a burst of mutations never queues the reader behind them nor the
 * other way round. Stop it before the bus.
 */
export function createOutboxFeed(options: {
  databaseUrl: string;
  role?: string;
  bus: WakeUpBus;
  log: Logger;
  pollMs: number;
  statementTimeoutMs?: number;
}): { feed: OutboxFeed; stop(): Promise<void> } {
  const pool = new Pool({ connectionString: options.databaseUrl, max: 2, application_name: FEED_APPLICATION_NAME, keepAlive: true });
  pool.on('error', (err) => {
    options.log.warn({ err }, 'An idle connection of the outbox reader failed');
  });
  pool.on('connect', (client) => {
    // A connection the server ends while it is checked out (a restart) reports it here as well as to
    // the statement; unheard, it would be an unhandled 'error' event.
    client.on('error', (err) => {
      options.log.warn({ err }, 'A connection of the outbox reader failed');
    });
    // Queued ahead of any statement on this client.
    const settings: [string, string][] = [];
    if (options.role) settings.push(['role', options.role]);
    if (options.statementTimeoutMs) settings.push(['statement_timeout', `${Math.trunc(options.statementTimeoutMs)}ms`]);
    if (!settings.length) return;
    client
      .query(`select ${settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, false)`).join(', ')}`, settings.flat())
      .catch((err: unknown) => {
        options.log.warn({ err }, 'Could not apply the settings of an outbox reader connection');
      });
  });
  const runner: SqlRunner = {
    async execute(sql, params) {
      const client = await pool.connect();
      try {
        return await runnerOf(client).execute(sql, params);
      } finally {
        client.release();
      }
    },
  };
  const feed = new OutboxFeed({ runner, bus: options.bus, log: options.log, pollMs: options.pollMs });
  return {
    feed,
    async stop() {
      await feed.stop();
      await pool.end();
    },
  };
}
