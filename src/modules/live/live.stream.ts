import type { EntityManager } from '@mikro-orm/postgresql';
import { START_OF_STREAM, type OutboxCursor } from './live.cursor';
import type { FeedRequest, OutboxFeed, StreamItem } from './live.feed';
import { headOf } from './live.outbox';

export type { StreamGuard, StreamItem } from './live.feed';

/**
 * Where a stream on `channels` stands now, encoded as a `since`: a page that reads its data and this
 * cursor, then subscribes from it, misses nothing that changed in between (at worst it sees a change
 * it already shows).
 */
export async function currentCursor(em: EntityManager, channels: readonly string[]): Promise<OutboxCursor> {
  return (await headOf(em, channels)) ?? START_OF_STREAM;
}

/**
 * Opens a stream of the outbox's events on `request.channels`: replays from `since` on its own reads,
 * then joins the process's shared reader (live.feed.ts) with no gap and no duplicate. Where it
 * starts is fixed before this resolves (without `since`, the shared reader's next read), so a
 * subscriber misses nothing committed after its subscription began.
 */
export function openStream(feed: OutboxFeed, request: FeedRequest): Promise<AsyncGenerator<StreamItem>> {
  return feed.open(request);
}
