import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import type { Logger } from './logger';

/** What the hub announces when new data has committed: the sources loaded and their kinds. */
export interface DataRefreshedMessage {
  sourceIds: number[];
  kinds: string[];
}

export const TOPICS = { DATA_REFRESHED: 'DATA_REFRESHED' } as const;

export type HubPubSub = PubSub<{ [TOPICS.DATA_REFRESHED]: [DataRefreshedMessage] }>;

/** In-process fan-out to this hub's subscribers; `PostgresBridge` feeds it from every process. */
export function createHubPubSub(): HubPubSub {
  return createPubSub<{ [TOPICS.DATA_REFRESHED]: [DataRefreshedMessage] }>();
}

export const DATA_REFRESHED_CHANNEL = 'hub_data_refreshed';

/**
 * Announces a data refresh from inside the transaction that wrote it. PostgreSQL delivers a NOTIFY
 * only when that transaction commits, so a rolled-back load announces nothing. The message holds ids
 * and kinds only; subscribers read the data itself from the database.
 */
export async function announceDataRefreshed(tx: EntityManager, message: DataRefreshedMessage): Promise<void> {
  await tx.execute('select pg_notify(?, ?)', [DATA_REFRESHED_CHANNEL, JSON.stringify(message)]);
}

function parseMessage(payload: string | undefined): DataRefreshedMessage | undefined {
  try {
    const value = JSON.parse(payload ?? '') as DataRefreshedMessage;
    if (Array.isArray(value.sourceIds) && Array.isArray(value.kinds)) return value;
  } catch {
    // fall through: a malformed notification is logged and dropped
  }
  return undefined;
}

/**
 * Listens on PostgreSQL for announcements from any process (another hub, `npm run seed`, an import)
 * and republishes them to this hub's subscribers. Reconnects by itself when the connection drops.
 */
export class PostgresBridge {
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private delay = 100;

  constructor(
    private readonly url: string,
    private readonly pubsub: HubPubSub,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.url });
    client.on('notification', (n) => {
      const message = parseMessage(n.payload);
      if (message) this.pubsub.publish(TOPICS.DATA_REFRESHED, message);
      else this.log.warn({ payload: n.payload }, 'Ignored a malformed data refresh notification');
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`listen ${DATA_REFRESHED_CHANNEL}`);
    } catch (err) {
      client.removeAllListeners();
      await client.end().catch(() => {});
      throw err;
    }
    this.client = client;
    this.delay = 100;
  }

  private lost(client: Client, err?: Error): void {
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners();
    client.end().catch(() => {});
    this.log.warn({ err }, 'Lost the database notification connection; reconnecting');
    this.scheduleStart();
  }

  private scheduleStart(): void {
    if (this.stopped) return;
    this.retry = setTimeout(() => {
      this.start().catch((err: unknown) => {
        this.delay = Math.min(this.delay * 2, 5000);
        this.log.warn({ err }, `Could not listen for notifications yet; trying again in ${this.delay} ms`);
        this.scheduleStart();
      });
    }, this.delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners();
      await client.end().catch(() => {});
    }
  }
}
