import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import { accountOfChannel } from '../live/live.channels';
import type { WakeUp, WakeUpBus } from '../live/live.wakeups';
import { authenticate } from './access.service';
import type { TokenVerifier } from './tokens';
import { credentialExpired, type Viewer } from './viewer';

/** How long an authenticated account is trusted without reading it again, and how many are kept. */
export interface ViewerCacheOptions {
  ttlMs: number;
  maxEntries: number;
}

/** A few seconds: a change that reached no wake-up (an account disabled by hand in SQL) is seen that late at worst. */
export const VIEWER_CACHE_DEFAULTS: ViewerCacheOptions = { ttlMs: 5000, maxEntries: 10_000 };

interface Entry {
  viewer: Viewer;
  until: number;
}

/**
 * This process's recently authenticated callers, by credential, so that a request with a token or
 * API key seen a moment ago costs no statement and no signature check. Only successes are kept.
 * An account's entries are dropped as soon as its wake-up arrives (a membership granted or revoked,
 * an API key revoked: the writes that change access all record an event on the account's channel),
 * and everything is dropped when the bus reconnects, since wake-ups may have been missed. A read
 * that began before such a wake-up is not kept, so it cannot put back what the wake-up removed.
 */
export class ViewerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly keysByAccount = new Map<number, Set<string>>();
  /** Bumped by every drop: a read that saw another value may predate the change and is not kept. */
  private generation = 0;

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly options: ViewerCacheOptions = VIEWER_CACHE_DEFAULTS,
  ) {}

  /** Like `authenticate`, answered from the cache when this credential was accepted moments ago. */
  async authenticate(em: EntityManager, token: string, now = new Date()): Promise<Viewer> {
    // Keyed by a digest: the cache never holds a credential itself.
    const key = createHash('sha256').update(token).digest('base64url');
    const hit = this.entries.get(key);
    if (hit) {
      if (hit.until > now.getTime() && !credentialExpired(hit.viewer, now)) return hit.viewer;
      this.drop(key, hit.viewer.userId);
    }
    const generation = this.generation;
    const viewer = await authenticate(em, this.verifier, token, now);
    if (generation === this.generation) this.keep(key, viewer, now.getTime());
    return viewer;
  }

  /** Drops every entry of the account: its access changed. */
  forgetAccount(userId: number): void {
    this.generation += 1;
    for (const key of this.keysByAccount.get(userId) ?? []) this.entries.delete(key);
    this.keysByAccount.delete(userId);
  }

  /** Drops everything: wake-ups may have been missed. */
  clear(): void {
    this.generation += 1;
    this.entries.clear();
    this.keysByAccount.clear();
  }

  /** Applies a wake-up: an account channel's drops that account, `undefined` (a reconnect) drops all. */
  wake(wake: WakeUp | undefined): void {
    if (!wake) {
      this.clear();
      return;
    }
    const userId = accountOfChannel(wake.channel);
    if (userId !== undefined) this.forgetAccount(userId);
  }

  /** Follows the bus's wake-ups from every process; returns the unsubscribe function. */
  follow(bus: WakeUpBus): () => void {
    return bus.subscribe((wake) => {
      this.wake(wake);
    });
  }

  get size(): number {
    return this.entries.size;
  }

  private keep(key: string, viewer: Viewer, now: number): void {
    if (this.entries.size >= this.options.maxEntries) {
      // Maps iterate in insertion order: the first entry is the oldest.
      const oldest = this.entries.entries().next();
      if (!oldest.done) this.drop(oldest.value[0], oldest.value[1].viewer.userId);
    }
    this.entries.set(key, { viewer, until: now + this.options.ttlMs });
    let keys = this.keysByAccount.get(viewer.userId);
    if (!keys) {
      keys = new Set();
      this.keysByAccount.set(viewer.userId, keys);
    }
    keys.add(key);
  }

  private drop(key: string, userId: number): void {
    this.entries.delete(key);
    const keys = this.keysByAccount.get(userId);
    keys?.delete(key);
    if (keys?.size === 0) this.keysByAccount.delete(userId);
  }
}

/**
 * The bus, telling `onCommit` of this process's own committed wake-ups at once, before the writer's
 * caller hears of the commit: the next request of the same caller, to the same process, must not
 * find a cached account that the commit changed, even if the notification is still on its way.
 */
export function withCommitEcho(bus: WakeUpBus, onCommit: (wake: WakeUp) => void): WakeUpBus {
  return {
    get kind() {
      return bus.kind;
    },
    inTransaction: (tx, wake) => bus.inTransaction(tx, wake),
    afterCommit: (wakes) => {
      wakes.forEach(onCommit);
      return bus.afterCommit(wakes);
    },
    subscribe: (listener) => bus.subscribe(listener),
    start: () => bus.start(),
    stop: () => bus.stop(),
  };
}
