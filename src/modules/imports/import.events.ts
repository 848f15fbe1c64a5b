import { DATA_CHANNEL } from '../live/live.channels';
import type { OutboxEventInput } from '../live/live.outbox';

/** Event type on the data channel: a load committed (an import, the seed data). */
export const DATA_REFRESHED = 'DATA_REFRESHED';

/** What a data refresh says: the sources loaded and their kinds. Subscribers read the data itself from the database. */
export interface DataRefreshedPayload {
  sourceIds: number[];
  kinds: string[];
}

/** The event announcing a load, for a change log to record inside the load's own transaction (a rolled-back load announces nothing). */
export function dataRefreshedEvent(payload: DataRefreshedPayload): OutboxEventInput {
  return { channel: DATA_CHANNEL, type: DATA_REFRESHED, payload: { sourceIds: payload.sourceIds, kinds: payload.kinds } };
}
