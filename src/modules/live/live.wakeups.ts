import { Redis } from 'ioredis';
import { PgListener } from '../../listen';
import type { Logger } from '../../logger';
import type { SqlRunner } from '../../rows';
import { parseCursor } from './live.cursor';

/** A hint that events on `channel` up to `cursor` ("txid.id") have committed. Never data. */
export interface WakeUp {
  channel: string;
  cursor: string;
}

export interface WakeUpBus {
  readonly kind: 'postgres' | 'redis';
  /**
   * Inside the writing transaction. Postgres: `select pg_notify('hub_outbox', '<channel> <cursor>')`,
   * delivered only on commit. Redis: no-op.
   */
  inTransaction(tx: SqlRunner, wake: WakeUp): Promise<void>;
  /**
   * After the writing transaction committed. Postgres: no-op. Redis: PUBLISH on `hub:outbox`. Never
   * throws (log and rely on the poll backstop).
   */
  afterCommit(wakes: WakeUp[]): Promise<void>;
  /**
   * Listener for wake-ups from every process, this one included. `wake` is undefined after a
   * reconnect, meaning "anything may have been missed: re-read everything". Returns an unsubscribe
   * function.
   */
  subscribe(listener: (wake: WakeUp | undefined) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The PostgreSQL LISTEN/NOTIFY channel wake-ups travel on. */
export const WAKE_UP_PG_CHANNEL = 'hub_outbox';
/** The Redis pub/sub channel wake-ups travel on. */
export const WAKE_UP_REDIS_CHANNEL = 'hub:outbox';
/** How the listening connection shows in `pg_stat_activity`, so operators can tell it apart from the pool. */
export const WAKE_UP_PG_APPLICATION_NAME = 'hub wake-ups';

const MIN_RETRY_MS = 100;
const MAX_RETRY_MS = 5000;
const START_ATTEMPTS = 3;

type Listener = (wake: WakeUp | undefined) => void;

/** The wire form of a wake-up, the same for both transports: `<channel> <cursor>`. */
export function formatWakeUp(wake: WakeUp): string {
  return `${wake.channel} ${wake.cursor}`;
}

/**
 * Reads `<channel> <cursor>`. The cursor is split off at the last space, so a channel name may itself
 * hold spaces. Anything else gives undefined.
 */
export function parseWakeUp(payload: string | undefined): WakeUp | undefined {
  if (!payload) return undefined;
  const space = payload.lastIndexOf(' ');
  if (space <= 0) return undefined;
  const wake = { channel: payload.slice(0, space), cursor: payload.slice(space + 1) };
  return parseCursor(wake.cursor) ? wake : undefined;
}

/** Checks a wake-up before it is sent: a malformed one would only be dropped by every receiver. */
function encode(wake: WakeUp): string {
  const payload = formatWakeUp(wake);
  if (!parseWakeUp(payload)) throw new Error(`Not a valid wake-up: ${JSON.stringify(wake)}`);
  return payload;
}

/** Fan-out to this process's listeners; one failing listener must not starve the others. */
class Listeners {
  private readonly set = new Set<Listener>();
  constructor(private readonly log: Logger) {}

  add(listener: Listener): () => void {
    const entry: Listener = (wake) => {
      listener(wake);
    };
    this.set.add(entry);
    return () => void this.set.delete(entry);
  }

  emit(wake: WakeUp | undefined): void {
    for (const listener of [...this.set]) {
      try {
        listener(wake);
      } catch (err) {
        this.log.error({ err, wake }, 'A wake-up listener failed');
      }
    }
  }
}

export interface WakeUpBusOptions {
  databaseUrl: string;
  /** Redis pub/sub when set, otherwise LISTEN/NOTIFY on the hub's own PostgreSQL. */
  redisUrl?: string;
  log: Logger;
  /**
   * False for a process that only writes (the import and seed commands): it sends wake-ups but
   * opens no connection to receive them, and `subscribe` is refused. Default true.
   */
  listen?: boolean;
}

/** Creates the bus for this process. Call `start()` before relying on `subscribe` or on Redis sends. */
export function createWakeUpBus(options: WakeUpBusOptions): WakeUpBus {
  const listen = options.listen ?? true;
  return options.redisUrl
    ? new RedisWakeUpBus(options.redisUrl, options.log, listen)
    : new PostgresWakeUpBus(options.databaseUrl, options.log, listen);
}

/**
 * A started send-only bus for a command that writes outside any hub (the import and seed commands),
 * or none when Redis cannot be reached: hubs then find the writes when they next poll the outbox,
 * which is better than refusing the load. Stop it when the command is done.
 */
export async function startWakeUpSender(options: Omit<WakeUpBusOptions, 'listen'>): Promise<WakeUpBus | undefined> {
  const bus = createWakeUpBus({ ...options, listen: false });
  try {
    await bus.start();
    return bus;
  } catch (err) {
    options.log.warn({ err }, 'Could not reach the wake-up bus; running hubs will see this load when they next poll');
    return undefined;
  }
}

/** A bus made with `listen: false` has no listeners to add. */
function refuseSubscribe(): never {
  throw new Error('This wake-up bus only sends (it was created with listen: false).');
}

class PostgresWakeUpBus implements WakeUpBus {
  readonly kind = 'postgres' as const;
  private readonly listeners: Listeners;
  private readonly listener: PgListener;

  constructor(
    url: string,
    log: Logger,
    private readonly listen: boolean,
  ) {
    this.listeners = new Listeners(log);
    this.listener = new PgListener({
      url,
      channel: WAKE_UP_PG_CHANNEL,
      applicationName: WAKE_UP_PG_APPLICATION_NAME,
      purpose: 'wake-up',
      log,
      onNotification: (payload) => {
        const wake = parseWakeUp(payload);
        if (wake) this.listeners.emit(wake);
        else log.warn({ payload }, 'Ignored a malformed wake-up notification');
      },
      // NOTIFYs sent while no connection listened are gone for good: every reader must re-read.
      onReconnect: () => {
        this.listeners.emit(undefined);
      },
    });
  }

  async inTransaction(tx: SqlRunner, wake: WakeUp): Promise<void> {
    await tx.execute('select pg_notify(?, ?)', [WAKE_UP_PG_CHANNEL, encode(wake)]);
  }

  async afterCommit(): Promise<void> {
    // PostgreSQL already delivered the NOTIFY with the commit.
  }

  subscribe(listener: Listener): () => void {
    if (!this.listen) refuseSubscribe();
    return this.listeners.add(listener);
  }

  async start(): Promise<void> {
    // Sending is a statement in the writer's own transaction: only receiving needs a connection.
    if (this.listen) await this.listener.start();
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }
}

/** The URL as it may appear in a message or log: the password replaced. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}

/** Closes an ioredis client and, when a socket is open, waits until it has gone. */
async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  // Only an open or opening socket emits 'end' on disconnect; one waiting to retry has nothing to close.
  const open = client.status === 'connecting' || client.status === 'connect' || client.status === 'ready';
  const ended = open ? new Promise((resolve) => client.once('end', resolve)) : undefined;
  client.disconnect();
  await ended;
}

class RedisWakeUpBus implements WakeUpBus {
  readonly kind = 'redis' as const;
  private readonly listeners: Listeners;
  private readonly subscriber: Redis;
  private readonly publisher: Redis;
  private state: 'new' | 'starting' | 'started' | 'stopped' = 'new';
  private lastError?: Error;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
    private readonly listen: boolean,
  ) {
    this.listeners = new Listeners(log);
    // Until start() succeeds nothing retries in the background: start() does its own bounded retry
    // and reports failure. After that, reconnect for as long as it takes.
    const retryStrategy = (times: number) => (this.state === 'started' ? Math.min(MIN_RETRY_MS * 2 ** (times - 1), MAX_RETRY_MS) : null);
    const common = { lazyConnect: true, retryStrategy, connectTimeout: 5000 };
    this.subscriber = new Redis(url, { ...common, connectionName: 'hub-wakeups-sub' });
    // No offline queue and a command timeout: a publish while Redis is away fails at once instead of
    // holding up the request that committed; readers' polling covers the missed wake-up.
    this.publisher = new Redis(url, { ...common, connectionName: 'hub-wakeups-pub', enableOfflineQueue: false, commandTimeout: 2000 });

    for (const client of [this.subscriber, this.publisher]) {
      client.on('error', (err: Error) => {
        this.lastError = err;
        if (this.state === 'started') this.log.warn({ err }, 'Redis connection for wake-ups failed; reconnecting');
      });
    }
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== WAKE_UP_REDIS_CHANNEL) return;
      const wake = parseWakeUp(message);
      if (wake) this.listeners.emit(wake);
      else this.log.warn({ payload: message }, 'Ignored a malformed wake-up message');
    });
    this.subscriber.on('ready', () => {
      // The first 'ready' comes while start() is still running; any later one is a reconnect.
      if (this.state !== 'started') return;
      // ioredis has re-sent SUBSCRIBE just before 'ready'. Our own (idempotent) SUBSCRIBE is answered
      // after it, so once it resolves the subscription is live: no publish can fall between the
      // readers' re-read and the subscription.
      this.subscriber.subscribe(WAKE_UP_REDIS_CHANNEL).then(
        () => {
          this.log.info('Receiving wake-ups from Redis again; telling readers to re-read');
          this.listeners.emit(undefined);
        },
        (err: unknown) => {
          this.log.warn({ err }, 'Could not resubscribe to wake-ups; waiting for the next reconnect');
        },
      );
    });
  }

  async inTransaction(): Promise<void> {
    // Redis knows nothing of the transaction: the wake-up goes out in afterCommit.
  }

  async afterCommit(wakes: WakeUp[]): Promise<void> {
    if (!wakes.length) return;
    try {
      const payloads = wakes.map(encode);
      await Promise.all(payloads.map((payload) => this.publisher.publish(WAKE_UP_REDIS_CHANNEL, payload)));
    } catch (err) {
      this.log.warn({ err, count: wakes.length }, 'Could not publish wake-ups; readers will find the events when they next poll');
    }
  }

  subscribe(listener: Listener): () => void {
    if (!this.listen) refuseSubscribe();
    return this.listeners.add(listener);
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`The wake-up bus cannot start: it is already ${this.state}.`);
    this.state = 'starting';
    const clients = this.listen ? [this.subscriber, this.publisher] : [this.publisher];
    for (let attempt = 1; ; attempt += 1) {
      try {
        await Promise.all(clients.map((c) => (c.status === 'ready' ? Promise.resolve() : c.connect())));
        if (this.listen) await this.subscriber.subscribe(WAKE_UP_REDIS_CHANNEL);
        break;
      } catch (err) {
        if ((this.state as string) === 'stopped') throw new Error('The wake-up bus was stopped while starting.', { cause: err });
        if (attempt === START_ATTEMPTS) {
          // The last connection error says more than the final attempt's, which may only be a timeout.
          const cause: unknown = this.lastError ?? err;
          await this.stop();
          throw new Error(
            `Could not connect to Redis at ${redactUrl(this.url)} (REDIS_URL) after ${START_ATTEMPTS} attempts: ${
              cause instanceof Error ? cause.message : String(cause)
            }`,
            // eslint-disable-next-line preserve-caught-error -- the cause is the last connection error, which says more than this attempt (often only a timeout)
            { cause },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, MIN_RETRY_MS * 2 ** (attempt - 1)));
      }
    }
    if ((this.state as string) === 'stopped') throw new Error('The wake-up bus was stopped while starting.');
    this.state = 'started';
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    await Promise.all([closeRedis(this.subscriber), closeRedis(this.publisher)]);
  }
}
