import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import type { EntityManager } from '@mikro-orm/postgresql';
import { PgListener } from './listen';
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
export function dataRefreshedListener(url: string, pubsub: HubPubSub, log: Logger): PgListener {
  return new PgListener({
    url,
    channel: DATA_REFRESHED_CHANNEL,
    applicationName: 'hub data refreshes',
    purpose: 'data refresh',
    log,
    onNotification: (payload) => {
      const message = parseMessage(payload);
      if (message) pubsub.publish(TOPICS.DATA_REFRESHED, message);
      else log.warn({ payload }, 'Ignored a malformed data refresh notification');
    },
  });
}
