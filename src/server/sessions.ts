import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { WebSocket } from 'ws';
import type { Config } from '../config';
import { HubError, UnauthenticatedError } from '../errors';
import type { Logger } from '../logger';
import { refreshViewer } from '../modules/access/access.service';
import type { ViewerCache } from '../modules/access/viewer-cache';
import type { Viewer } from '../modules/access/viewer';
import { accountOfChannel } from '../modules/live/live.channels';
import type { WakeUpBus } from '../modules/live/live.wakeups';

/** graphql-ws's own "Unauthorized": its client does not retry it, which is right for a socket with no usable credentials. */
export const CLOSE_UNAUTHENTICATED = 4401;
/** Too many sockets for one account: 4000 plus HTTP's 429, as 4008 (slow consumer) is 4000 plus 1008. */
export const CLOSE_TOO_MANY_SOCKETS = 4029;

/** Who a socket is signed in as, as operations see it. */
export interface SocketAccount {
  readonly viewer: Viewer | null;
  /** Why the credentials sent could not be accepted, or stopped being accepted. */
  readonly authError?: HubError;
}

/**
 * One websocket's account and the operations it has running. The account is authenticated once,
 * when the socket connects, and kept; it is read again only when it may have changed: on a wake-up
 * on the account's channel (a membership granted or revoked), on a wake-up bus reconnect (one may
 * have been missed) and every SUBSCRIPTION_RECHECK_SECONDS (an account disabled in the database, say).
 * A socket that has no usable credentials, or loses them, is closed after a short grace: it can only
 * ever be told UNAUTHENTICATED, and the grace lets it read that first.
 */
export class SocketSession {
  private account: SocketAccount;
  private inFlight = 0;
  private rechecking: Promise<void> | undefined;
  private recheckAgain = false;
  private readonly cleanups: (() => void)[] = [];
  private graceTimer: NodeJS.Timeout | undefined;
  private ended = false;

  constructor(
    private readonly socket: WebSocket,
    account: SocketAccount,
    private readonly options: SessionOptions,
  ) {
    this.account = account;
    if (account.viewer) this.watch(account.viewer);
    else this.closeAfterGrace();
  }

  /** The account as it stands, waiting for a re-check already under way so no operation runs on what it replaces. */
  async current(): Promise<SocketAccount> {
    while (this.rechecking) await this.rechecking;
    return this.account;
  }

  /** Counts an operation in; false when the socket already has the most allowed running. */
  tryAcquire(): boolean {
    if (this.inFlight >= this.options.maxInFlight) return false;
    this.inFlight += 1;
    return true;
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Called once the socket has closed: stops its timers and listeners. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.graceTimer);
    this.cleanups.splice(0).forEach((cleanup) => {
      cleanup();
    });
  }

  private watch(viewer: Viewer): void {
    this.cleanups.push(
      this.options.watchAccount(viewer.userId, () => {
        void this.recheck();
      }),
    );
    const timer = setInterval(() => void this.recheck(), this.options.recheckMs);
    timer.unref();
    this.cleanups.push(() => {
      clearInterval(timer);
    });
  }

  // A method, not an inline test: both fields change while recheckOnce awaits, which narrowing cannot see.
  private wantsAnotherRecheck(): boolean {
    return this.recheckAgain && !this.ended;
  }

  private recheck(): Promise<void> {
    if (this.rechecking) {
      // A wake-up during a re-check may mean a change the running read began too early to see.
      this.recheckAgain = true;
      return this.rechecking;
    }
    this.rechecking = (async () => {
      do {
        this.recheckAgain = false;
        await this.recheckOnce();
      } while (this.wantsAnotherRecheck());
    })().finally(() => (this.rechecking = undefined));
    return this.rechecking;
  }

  private async recheckOnce(): Promise<void> {
    const viewer = this.account.viewer;
    if (!viewer || this.ended) return;
    if (viewer.expiresAt && viewer.expiresAt <= new Date()) {
      this.lose(new UnauthenticatedError(`The token expired at ${viewer.expiresAt.toISOString()}; sign in again.`));
      return;
    }
    let fresh: Viewer | null;
    try {
      fresh = await refreshViewer(this.options.fork(), viewer);
    } catch (err) {
      // The database is unreachable: nothing can be read meanwhile anyway; the next wake-up or tick tries again.
      this.options.log.warn({ err, userId: viewer.userId }, 'Could not re-check a websocket account; keeping it until the next re-check');
      return;
    }
    if (!fresh) {
      this.lose(new UnauthenticatedError('Your account is disabled.'));
      return;
    }
    this.account = { viewer: fresh };
  }

  private lose(error: HubError): void {
    this.account = { viewer: null, authError: error };
    this.cleanups.splice(0).forEach((cleanup) => {
      cleanup();
    });
    this.closeAfterGrace();
  }

  private closeAfterGrace(): void {
    this.graceTimer = setTimeout(() => {
      this.socket.close(CLOSE_UNAUTHENTICATED, 'Unauthenticated: send a valid token in connectionParams.authorization');
    }, this.options.graceMs);
    this.graceTimer.unref();
  }
}

interface SessionOptions {
  maxInFlight: number;
  recheckMs: number;
  graceMs: number;
  /** Calls `onWake` when the account's channel wakes or the bus reconnects; returns the unsubscribe. */
  watchAccount(userId: number, onWake: () => void): () => void;
  fork(): EntityManager;
  log: Logger;
}

/**
 * One bus listener for every socket of the process, handing each account's wake-ups to that
 * account's sockets only: a listener per socket would run thousands of callbacks on every wake-up
 * of any channel, and hold a closure per socket in the bus.
 */
function accountWatchers(bus: WakeUpBus): { watch: SessionOptions['watchAccount']; stop(): void } {
  const byAccount = new Map<number, Set<() => void>>();
  const stop = bus.subscribe((wake) => {
    if (!wake) {
      // A reconnect: a wake-up may have been missed, so every account looks again.
      for (const watchers of byAccount.values()) {
        for (const w of watchers) w();
      }
      return;
    }
    const userId = accountOfChannel(wake.channel);
    if (userId === undefined) return;
    for (const w of byAccount.get(userId) ?? []) w();
  });
  return {
    stop,
    watch(userId, onWake) {
      let watchers = byAccount.get(userId);
      if (!watchers) {
        watchers = new Set();
        byAccount.set(userId, watchers);
      }
      watchers.add(onWake);
      return () => {
        watchers.delete(onWake);
        if (!watchers.size) byAccount.delete(userId);
      };
    },
  };
}

export interface SocketSessions {
  /**
   * Authenticates a socket that has sent connection_init with `token` (or none) and returns its
   * session, or null when the socket was refused (and closed) or closed meanwhile.
   */
  open(socket: WebSocket, token: string | undefined): Promise<SocketSession | null>;
  /** Stops following the bus. */
  stop(): void;
}

/** The hub process's websocket sessions, and how many each account holds open. */
export function createSocketSessions(deps: {
  orm: MikroORM;
  /** Signs sockets in as HTTP requests are: a caller accepted moments ago costs no statement. */
  viewers: ViewerCache;
  bus: WakeUpBus;
  config: Pick<Config, 'limits' | 'jobs'>;
  log: Logger;
}): SocketSessions {
  const { limits, jobs } = deps.config;
  const perAccount = new Map<number, number>();
  const watchers = accountWatchers(deps.bus);
  const options: SessionOptions = {
    maxInFlight: limits.maxOperationsInFlightPerSocket,
    recheckMs: jobs.accessRecheckSeconds * 1000,
    graceMs: limits.unauthenticatedSocketGraceSeconds * 1000,
    watchAccount: watchers.watch,
    fork: () => deps.orm.em.fork(),
    log: deps.log,
  };
  return {
    stop: () => {
      watchers.stop();
    },
    async open(socket, token) {
      let account: SocketAccount = { viewer: null };
      if (token) {
        try {
          account = { viewer: await deps.viewers.authenticate(options.fork(), token) };
        } catch (err) {
          if (!(err instanceof HubError)) throw err;
          account = { viewer: null, authError: err };
        }
      }
      // Closed while its account was read: counting it now would never be undone.
      if (socket.readyState !== socket.OPEN) return null;
      const userId = account.viewer?.userId;
      if (userId !== undefined) {
        const open = perAccount.get(userId) ?? 0;
        if (open >= limits.maxSocketsPerAccount) {
          socket.close(CLOSE_TOO_MANY_SOCKETS, `Too many sockets for this account (most allowed: ${limits.maxSocketsPerAccount})`);
          return null;
        }
        perAccount.set(userId, open + 1);
      }
      const session = new SocketSession(socket, account, options);
      socket.once('close', () => {
        session.end();
        if (userId === undefined) return;
        const left = (perAccount.get(userId) ?? 1) - 1;
        if (left > 0) perAccount.set(userId, left);
        else perAccount.delete(userId);
      });
      return session;
    },
  };
}
