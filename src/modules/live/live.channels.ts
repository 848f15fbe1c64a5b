/**
 * The outbox's channels, all in one place. A channel says who an event is for; readers subscribe to
 * channels, and wake-ups name the channel they are about. What each event means (its type and
 * payload) belongs to the domain that writes it.
 */

/** A tasking group's cases, actions, meetings and issues (`taskingGroupUpdates`): its members only. */
export function groupChannel(groupId: number): string {
  return `group:${groupId}`;
}

/** How every account channel's name begins. */
export const ACCOUNT_CHANNEL_PREFIX = 'account:';

/**
 * An account's access changed: its sockets and subscriptions re-check it, and each process drops the
 * account from its cache of authenticated callers. Never delivered to clients.
 */
export function accountChannel(userId: number): string {
  return `${ACCOUNT_CHANNEL_PREFIX}${userId}`;
}

/** The account an account channel is about, or undefined for any other channel. */
export function accountOfChannel(channel: string): number | undefined {
  if (!channel.startsWith(ACCOUNT_CHANNEL_PREFIX)) return undefined;
  const userId = Number(channel.slice(ACCOUNT_CHANNEL_PREFIX.length));
  return Number.isSafeInteger(userId) ? userId : undefined;
}

/** The event on an account channel: the account's memberships or credentials changed. */
export const ACCESS_CHANGED = 'ACCESS_CHANGED';

/** New data was loaded and committed (`dataRefreshed`): everyone signed in. */
export const DATA_CHANNEL = 'data';
