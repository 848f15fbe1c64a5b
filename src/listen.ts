import { Client } from 'pg';
import type { Logger } from './logger';

const MIN_RETRY_MS = 100;
const MAX_RETRY_MS = 5000;

export interface ListenOptions {
  url: string;
  channel: string;
  /** How the connection shows in `pg_stat_activity`, so operators can tell it apart from the pool. */
  applicationName: string;
  /** What a notification is, in log messages, e.g. "wake-up" ("Lost the wake-up connection…"). */
  purpose: string;
  log: Logger;
  onNotification: (payload: string | undefined) => void;
  /** Called after a REconnect (not the first connect): notifications sent while it was down are gone. */
  onReconnect?(): void;
}

/** A pg Client we no longer want: late 'error' events must not crash the process once our handlers are gone. */
async function discard(client: Client): Promise<void> {
  client.removeAllListeners();
  client.on('error', () => {});
  await client.end().catch(() => {});
}

/**
 * A dedicated connection that LISTENs on one channel and reconnects by itself (100 ms doubling to
 * 5 s) after an error, the server's restart or a killed backend. Shared by everything in the hub
 * that is told of commits by PostgreSQL NOTIFY.
 */
export class PgListener {
  private client?: Client;
  private state: 'new' | 'started' | 'stopped' = 'new';
  private retry?: NodeJS.Timeout;
  private delay = MIN_RETRY_MS;

  constructor(private readonly options: ListenOptions) {}

  /** Connects and listens; throws if the first connection fails. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`Cannot listen for ${this.options.purpose}s: already ${this.state}.`);
    await this.connect();
    this.state = 'started';
  }

  /** Opens a LISTEN connection; true if it is now the live one. */
  private async connect(): Promise<boolean> {
    const { url, channel, applicationName, log, onNotification } = this.options;
    // keepAlive: a LISTEN connection is idle by design, so without it a dead peer would go unnoticed.
    const client = new Client({ connectionString: url, application_name: applicationName, keepAlive: true });
    client.on('notification', (n) => {
      if (n.channel !== channel) return;
      try {
        onNotification(n.payload);
      } catch (err) {
        log.error({ err }, `Handling a ${this.options.purpose} notification failed`);
      }
    });
    client.on('error', (err) => {
      this.lost(client, err);
    });
    client.on('end', () => {
      this.lost(client);
    });
    try {
      await client.connect();
      await client.query(`listen ${channel}`);
    } catch (err) {
      await discard(client);
      throw err;
    }
    if (this.state === 'stopped') {
      await discard(client);
      return false;
    }
    this.client = client;
    this.delay = MIN_RETRY_MS;
    return true;
  }

  private lost(client: Client, err?: Error): void {
    if (this.state === 'stopped' || this.client !== client) return;
    this.client = undefined;
    void discard(client);
    this.options.log.warn({ err }, `Lost the ${this.options.purpose} connection to the database; reconnecting`);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.state === 'stopped') return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connect().then(
        (live) => {
          if (!live) return;
          this.options.log.info(`Listening for ${this.options.purpose}s again`);
          this.options.onReconnect?.();
        },
        (err: unknown) => {
          this.delay = Math.min(this.delay * 2, MAX_RETRY_MS);
          this.options.log.warn({ err }, `Could not listen for ${this.options.purpose}s yet; trying again in ${this.delay} ms`);
          this.scheduleReconnect();
        },
      );
    }, this.delay);
  }

  /** Closes the connection and stops reconnecting. Safe to call more than once. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    if (client) await discard(client);
  }
}
