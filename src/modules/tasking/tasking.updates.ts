import type { EntityManager } from '@mikro-orm/postgresql';
import { ForbiddenError, UnauthenticatedError, type HubError } from '../../errors';
import { refreshViewer } from '../access/access.service';
import { signedIn } from '../access/access.rules';
import { credentialExpired, type Viewer } from '../access/viewer';
import { accountChannel, groupChannel } from '../live/live.channels';
import { decodeCursor, encodeCursor } from '../live/live.cursor';
import type { StreamGuard, StreamItem } from '../live/live.stream';
import { currentCursor, openStream } from '../live/live.stream';
import type { OutboxFeed } from '../live/live.feed';
import { requireLocality } from './tasking.service';

/** What the subscription yields: an event, or the reason it must end (the resolver raises it, then the stream completes). */
export type UpdateItem = StreamItem;

export interface UpdatesOptions {
  /** Re-check the caller's access at least this often, besides on every access change. */
  recheckMs: number;
  /** The process's shared outbox reader. */
  feed: OutboxFeed;
  /** Gives the guard a fresh EntityManager for each check, never one shared with resolvers. */
  fork(): EntityManager;
  /** Called with the refreshed viewer so per-event resolvers use current memberships. */
  onViewer(viewer: Viewer): void;
}

/**
 * Checks the request and works out the channels before the stream starts, so that a bad locality,
 * a bad cursor or a caller who belongs to none of the locality's groups gets an error at once.
 */
export async function openUpdates(
  em: EntityManager,
  viewer: Viewer | null,
  args: { locality: string; since?: string | null },
  options: UpdatesOptions,
): Promise<AsyncGenerator<UpdateItem>> {
  const since = args.since ? decodeCursor(args.since, 'since') : null;
  const { who, groups } = await groupsIn(em, viewer, args.locality);
  const groupIds = groups.map((g) => g.groupId);
  return openStream(options.feed, {
    channels: groupIds.map(groupChannel),
    since,
    fork: () => options.fork(),
    guard: memberGuard(who, groupIds, options),
  });
}

/** The caller and their memberships in a locality's groups; FORBIDDEN when they have none there. */
async function groupsIn(em: EntityManager, viewer: Viewer | null, localityName: string) {
  const who = signedIn(viewer);
  const locality = await requireLocality(em, localityName);
  const groups = who.memberships.filter((m) => m.localityId === locality.id);
  if (!groups.length) {
    throw new ForbiddenError(`Live updates for ${locality.name}: you are not a member of any of its tasking groups.`);
  }
  return { who, groups };
}

/**
 * Where the caller's live updates in a locality stand now, as a `since` for `taskingGroupUpdates`.
 * A page that reads its data and this cursor, then subscribes from it, misses nothing that changed
 * in between (at worst it sees a change it already shows).
 */
export async function currentUpdatesCursor(em: EntityManager, viewer: Viewer | null, localityName: string): Promise<string> {
  const { groups } = await groupsIn(em, viewer, localityName);
  return encodeCursor(
    await currentCursor(
      em,
      groups.map((g) => groupChannel(g.groupId)),
    ),
  );
}

/**
 * Keeps a member's stream to their groups: ends it when their token expires, their account is
 * disabled or a membership it reads is revoked. Checks on every change to the account (its channel)
 * and every `recheckMs`.
 */
function memberGuard(first: Viewer, groupIds: number[], options: UpdatesOptions): StreamGuard {
  let viewer = first;
  return {
    watch: [accountChannel(first.userId)],
    checkEveryMs: options.recheckMs,
    expired: () => credentialExpired(viewer),
    async check(em) {
      const result = await recheck(em, viewer, groupIds);
      if ('end' in result) return result.end;
      viewer = result.viewer;
      options.onViewer(viewer);
      return undefined;
    },
  };
}

async function recheck(em: EntityManager, viewer: Viewer, groupIds: number[]): Promise<{ viewer: Viewer } | { end: HubError }> {
  if (credentialExpired(viewer)) {
    const at = viewer.expiresAt;
    if (!at) throw new Error('a credential counted as expired has no expiry time');
    return {
      end: new UnauthenticatedError(`Your token expired at ${at.toISOString()}; sign in again and resubscribe with 'since'.`),
    };
  }
  const fresh = await refreshViewer(em, viewer);
  if (!fresh) return { end: new UnauthenticatedError('Your account is disabled; the subscription has ended.') };
  const lost = groupIds.filter((id) => !fresh.memberships.some((m) => m.groupId === id));
  if (lost.length) {
    const names = viewer.memberships.filter((m) => lost.includes(m.groupId)).map((m) => m.groupName);
    return { end: new ForbiddenError(`Your membership of ${names.join(', ')} has ended; the subscription has ended.`) };
  }
  return { viewer: fresh };
}
