import type { EntityManager } from '@mikro-orm/postgresql';
import type { DataRefreshedPayload } from '../imports/import.events';
import { DATA_CHANNEL } from '../live/live.channels';
import { decodeCursor, encodeCursor } from '../live/live.cursor';
import { currentCursor, openStream, type StreamItem } from '../live/live.stream';
import type { OutboxFeed } from '../live/live.feed';

export interface DataRefreshedOptions {
  /** The process's shared outbox reader. */
  feed: OutboxFeed;
  fork(): EntityManager;
}

/**
 * The `dataRefreshed` stream: the outbox's data channel, replayed from `since` and then followed
 * live, keeping loads of the `kinds` asked for (all when none). Everyone signed in may listen (the
 * resolver's rule), so there is nothing to re-check while it runs; a socket whose credentials lapse
 * is closed by its session.
 */
export async function openDataRefreshed(
  args: { kinds?: string[] | null; since?: string | null },
  options: DataRefreshedOptions,
): Promise<AsyncGenerator<StreamItem>> {
  const since = args.since ? decodeCursor(args.since, 'since') : null;
  const { kinds } = args;
  return openStream(options.feed, {
    channels: [DATA_CHANNEL],
    since,
    fork: () => options.fork(),
    keep: kinds ? (event) => (event.payload as unknown as DataRefreshedPayload).kinds.some((k) => kinds.includes(k)) : undefined,
  });
}

/** Where the data channel stands now, as a `since` for `dataRefreshed`: read it with a page's data, then subscribe. */
export async function currentDataCursor(em: EntityManager): Promise<string> {
  return encodeCursor(await currentCursor(em, [DATA_CHANNEL]));
}
