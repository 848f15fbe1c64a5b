import type { EntityManager } from '@mikro-orm/postgresql';
import { ForbiddenError, UnauthenticatedError, type HubError } from '../../errors';
import type { WakeUp, WakeUpBus } from '../../wakeups';
import { refreshViewer } from '../access/access.service';
import { signedIn } from '../access/access.rules';
import { acceptedUntil, credentialExpired, type Viewer } from '../access/viewer';
import { selectMaybe } from '../../rows';
import { cursorRow, decodeCursor, encodeCursor, readEvents, type OutboxCursor, type StoredEvent } from '../events/events.service';
import { groupChannel } from './tasking.events';
import { accountChannel, requireLocality } from './tasking.service';

/** What the subscription yields: an event, or the reason it must end (the resolver raises it, then the stream completes). */
export type UpdateItem = { event: StoredEvent } | { end: HubError };

export interface UpdatesOptions {
  /** Re-check the caller's access at least this often, besides on every access change. */
  recheckMs: number;
  /** Read the outbox this often even without a wake-up: a lost notification is only late, never missed. */
  pollMs: number;
  pageSize?: number;
  /** Gives the generator a fresh EntityManager for each read, never one shared with resolvers. */
  fork(): EntityManager;
  /** Called with the refreshed viewer so per-event resolvers use current memberships. */
  onViewer(viewer: Viewer): void;
}

function after(a: OutboxCursor, b: OutboxCursor): boolean {
  const [at, bt] = [BigInt(a.txid), BigInt(b.txid)];
  return at !== bt ? at > bt : BigInt(a.id) > BigInt(b.id);
}

/** Resolves on the next wake-up or after `ms`, whichever comes first. */
class Alarm {
  private waiter?: () => void;
  private rung = false;

  ring(): void {
    this.rung = true;
    this.waiter?.();
  }

  wait(ms: number): Promise<void> {
    if (this.rung) {
      this.rung = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.waiter = undefined;
        self.rung = false;
        resolve();
      }
      this.waiter = done;
    });
  }
}

/**
 * Checks the request and works out the channels before the stream starts, so that a bad locality,
 * a bad cursor or a caller who belongs to none of the locality's groups gets an error at once.
 */
export async function openUpdates(
  em: EntityManager,
  viewer: Viewer | null,
  bus: WakeUpBus,
  args: { locality: string; since?: string | null },
  options: UpdatesOptions,
): Promise<AsyncGenerator<UpdateItem>> {
  const since = args.since ? decodeCursor(args.since, 'since') : null;
  const { who, groups } = await groupsIn(em, viewer, args.locality);
  const start =
    since ??
    (await headOf(
      em,
      groups.map((g) => groupChannel(g.groupId)),
    ));
  const control = { closed: false, alarm: new Alarm() };
  return closable(
    stream(
      who,
      groups.map((g) => g.groupId),
      start,
      bus,
      options,
      control,
    ),
    () => {
      control.closed = true;
      control.alarm.ring();
    },
  );
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

/** The cursor before the first event: replaying from it gives the whole stream. */
const START_OF_STREAM: OutboxCursor = { txid: '0', id: '0' };

/**
 * Where the caller's live updates in a locality stand now, as a `since` for `taskingGroupUpdates`.
 * A page that reads its data and this cursor, then subscribes from it, misses nothing that changed
 * in between (at worst it sees a change it already shows). Every event committed after this call
 * comes after the cursor, because the head is taken below the oldest transaction still running.
 */
export async function currentUpdatesCursor(em: EntityManager, viewer: Viewer | null, localityName: string): Promise<string> {
  const { groups } = await groupsIn(em, viewer, localityName);
  return encodeCursor(
    (await headOf(
      em,
      groups.map((g) => groupChannel(g.groupId)),
    )) ?? START_OF_STREAM,
  );
}

/**
 * The stream, ending promptly when the subscriber goes away. An async generator only honours
 * `return()` at a `yield`; one waiting for events that never come would poll forever after its
 * client left. Closing first wakes it and tells it to stop, then returns.
 */
function closable(stream: AsyncGenerator<UpdateItem>, close: () => void): AsyncGenerator<UpdateItem> {
  return {
    next: () => stream.next(),
    return: (value) => {
      close();
      return stream.return(value);
    },
    throw: (err) => {
      close();
      return stream.throw(err);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
    [Symbol.asyncDispose]: async () => {
      close();
      await stream.return(undefined);
    },
  };
}

/** Where "now" is for a subscriber without `since`: the last event it could have read already. */
async function headOf(em: EntityManager, channels: string[]): Promise<OutboxCursor | null> {
  const row = await selectMaybe(
    em.getConnection(),
    cursorRow,
    `select txid::text as txid, id::text as id from outbox_event
      where channel in (?) and txid < pg_snapshot_xmin(pg_current_snapshot())
      order by outbox_event.txid desc, outbox_event.id desc limit 1`,
    [channels],
  );
  return row ?? null;
}

/**
 * Replays the outbox from `cursor`, then follows it live: reads in commit-safe order (see
 * readEvents) whenever a wake-up names one of its channels, after a listener reconnect, or every
 * `pollMs` as a backstop. Replay and live are the same loop over the same cursor, so there is no
 * gap and no duplicate between them. Holds at most one page in memory; the socket's backpressure
 * pauses it for a slow reader instead of queueing events.
 */
async function* stream(
  first: Viewer,
  groupIds: number[],
  start: OutboxCursor | null,
  bus: WakeUpBus,
  options: UpdatesOptions,
  control: { closed: boolean; alarm: Alarm },
): AsyncGenerator<UpdateItem> {
  const channels = new Set(groupIds.map(groupChannel));
  const account = accountChannel(first.userId);
  const pageSize = options.pageSize ?? 500;
  let cursor = start;
  let viewer = first;
  let pending: OutboxCursor | null = null;
  let recheckDue = false;
  const { alarm } = control;
  const unsubscribe = bus.subscribe((wake: WakeUp | undefined) => {
    if (!wake) {
      alarm.ring();
      return;
    }
    if (wake.channel === account) {
      recheckDue = true;
      alarm.ring();
      return;
    }
    if (!channels.has(wake.channel)) return;
    const at = decodeCursor(wake.cursor);
    if (!pending || after(at, pending)) pending = at;
    alarm.ring();
  });
  const recheckTimer = setInterval(() => {
    recheckDue = true;
    alarm.ring();
  }, options.recheckMs);
  let retryMs = 20;
  try {
    for (;;) {
      if (control.closed) return;
      if (recheckDue || credentialExpired(viewer)) {
        recheckDue = false;
        const ended = await recheck(options.fork(), viewer, groupIds);
        if ('end' in ended) {
          yield ended;
          return;
        }
        viewer = ended.viewer;
        options.onViewer(viewer);
      }
      const events = await readEvents(options.fork(), [...channels], cursor, pageSize);
      if (control.closed) return;
      let cut = false;
      for (const event of events) {
        // A token that expires mid-page stops the stream at once, not at the end of the page.
        if (credentialExpired(viewer)) {
          cut = true;
          break;
        }
        yield { event };
        cursor = event.cursor;
      }
      if (cut || events.length === pageSize) continue;
      if (pending && (!cursor || after(pending, cursor))) {
        // Woken for an event that an older transaction still running hides from readEvents: look
        // again soon rather than waiting for the next poll.
        await alarm.wait(retryMs);
        retryMs = Math.min(retryMs * 2, options.pollMs);
        continue;
      }
      pending = null;
      retryMs = 20;
      const until = acceptedUntil(viewer);
      const untilExpiry = until ? Math.max(0, until.getTime() - Date.now()) : Infinity;
      await alarm.wait(Math.min(options.pollMs, untilExpiry));
    }
  } finally {
    clearInterval(recheckTimer);
    unsubscribe();
  }
}

async function recheck(em: EntityManager, viewer: Viewer, groupIds: number[]): Promise<{ viewer: Viewer } | { end: HubError }> {
  if (credentialExpired(viewer)) {
    return {
      end: new UnauthenticatedError(
        `Your token expired at ${viewer.expiresAt!.toISOString()}; sign in again and resubscribe with 'since'.`,
      ),
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
