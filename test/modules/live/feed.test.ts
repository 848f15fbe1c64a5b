import { ForbiddenError, UnauthenticatedError } from '../../../src/errors';
import { createLogger } from '../../../src/logger';
import { compareCursors, encodeCursor, type OutboxCursor } from '../../../src/modules/live/live.cursor';
import { OutboxFeed, type FeedRequest, type StreamItem } from '../../../src/modules/live/live.feed';
import { appendEvent, headOf } from '../../../src/modules/live/live.outbox';
import { createWakeUpBus, type WakeUpBus } from '../../../src/modules/live/live.wakeups';
import { APP_ROLE, openOrm, type Orm } from '../../../src/orm';
import { createTestDatabase, type TestDatabase } from '../../support/db';

// The process's one outbox reader (live.feed.ts) without GraphQL: the hand-over from a replay to the
// shared stream, a subscriber that stops reading, and how many reads many subscribers cost.
let db: TestDatabase;
let owner: Orm;
let app: Orm;
let bus: WakeUpBus;
const log = createLogger({ level: 'silent', format: 'json' });
const feeds: OutboxFeed[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  owner = await openOrm({ clientUrl: db.url });
  app = await openOrm({ clientUrl: db.url, role: APP_ROLE });
  bus = createWakeUpBus({ databaseUrl: db.url, log });
  await bus.start();
});

afterAll(async () => {
  for (const feed of feeds) await feed.stop();
  await bus.stop();
  await app.close();
  await owner.close();
  await db.drop();
});

function newFeed(options: { pageSize?: number; maxQueue?: number; keepRecent?: number } = {}): OutboxFeed {
  const feed = new OutboxFeed({ runner: app.em.getConnection(), bus, log, pollMs: 200, ...options });
  feeds.push(feed);
  return feed;
}

const request = (channels: string[], since: OutboxCursor | null = null): FeedRequest => ({ channels, since, fork: () => app.em.fork() });

/** Commits `n` events, `perTx` to a transaction, round-robin over `channels`; their cursors in commit order. */
async function commit(channels: string[], n: number, perTx = 1): Promise<{ cursor: string; channel: string }[]> {
  const out: { cursor: string; channel: string }[] = [];
  for (let i = 0; i < n; i += perTx) {
    out.push(
      ...(await owner.em.fork().transactional(async (tx) => {
        const batch: { cursor: string; channel: string }[] = [];
        for (let j = i; j < Math.min(n, i + perTx); j += 1) {
          const channel = channels[j % channels.length];
          batch.push({ channel, cursor: encodeCursor(await appendEvent(tx, channel, 'CASE_UPDATED', { j }, bus)) });
        }
        return batch;
      })),
    );
  }
  return out;
}

/** Takes items off a stream until `count` events have come (or an end), failing after `ms`. */
async function take(stream: AsyncGenerator<StreamItem>, count: number, ms = 20_000): Promise<string[]> {
  const got: string[] = [];
  const deadline = Date.now() + ms;
  while (got.length < count) {
    const next = await Promise.race([
      stream.next(),
      new Promise<'late'>((r) => {
        setTimeout(
          () => {
            r('late');
          },
          Math.max(1, deadline - Date.now()),
        );
      }),
    ]);
    if (next === 'late') throw new Error(`Only ${got.length} of ${count} events arrived`);
    if (next.done) break;
    if ('end' in next.value) throw next.value.end;
    got.push(encodeCursor(next.value.event.cursor));
  }
  return got;
}

const inOrder = (cursors: string[]) =>
  cursors.every((c, i) => {
    if (i === 0) return true;
    const [a, b] = [cursors[i - 1], c].map((x) => {
      const [txid, id] = x.split('.');
      return { txid, id };
    });
    return compareCursors(a, b) < 0;
  });

it('hands a replay over to the shared stream with no gap and no duplicate while events keep committing', async () => {
  // Pages of 3 and a short memory of recent events, so that the replay takes many pages, and a
  // hand-over may find the reader already past it (and replay again) or use the recent events.
  const feed = newFeed({ pageSize: 3, keepRecent: 8 });
  const mine = ['group:h1', 'group:h2'];
  const start = (await headOf(app.em.fork(), [...mine, 'group:other'])) ?? { txid: '0', id: '0' };
  const before = await commit([...mine, 'group:other'], 30, 4);
  // Keep committing while the subscribers replay and join.
  const producing = commit([...mine, 'group:other'], 120, 2);
  const streams = await Promise.all(Array.from({ length: 5 }, () => feed.open(request(mine, start))));
  const during = await producing;
  const expected = [...before, ...during].filter((e) => mine.includes(e.channel)).map((e) => e.cursor);
  const sorted = [...expected].sort((a, b) => {
    const [x, y] = [a, b].map((c) => ({ txid: c.split('.')[0], id: c.split('.')[1] }));
    return compareCursors(x, y);
  });
  for (const stream of streams) {
    const got = await take(stream, expected.length);
    expect(got).toEqual(sorted);
    expect(inOrder(got)).toBe(true);
  }
  // And nothing more: the next event each gets is the next one committed, not a repeat.
  const nexts = streams.map((s) => s.next());
  const [late] = await commit(mine, 1);
  for (const next of nexts) {
    const item = (await next).value as StreamItem;
    expect('event' in item && encodeCursor(item.event.cursor)).toBe(late.cursor);
  }
  await Promise.all(streams.map((s) => s.return(undefined)));
  expect(feed.liveCount).toBe(0);
});

it('takes a subscriber that stops reading off the shared stream, then replays what it missed from its own cursor', async () => {
  const feed = newFeed({ maxQueue: 5 });
  const channel = 'group:slow';
  const slow = await feed.open(request([channel]));
  const quick = await feed.open(request([channel]));
  const first = await commit([channel], 2);
  expect(await take(slow, 1)).toEqual([first[0].cursor]);
  expect(await take(quick, 2)).toEqual(first.map((e) => e.cursor));
  // The slow one stops reading: 40 events arrive, more than its queue of 5.
  const burst = await commit([channel], 40, 8);
  expect(await take(quick, 40)).toEqual(burst.map((e) => e.cursor));
  expect(feed.liveCount).toBe(1); // the slow one was taken off the shared stream, holding nothing
  // Reading again, it gets every event once, in order, replayed from the last it took, then joins again.
  expect(await take(slow, 41)).toEqual([first[1], ...burst].map((e) => e.cursor));
  const [after] = await commit([channel], 1);
  expect(await take(slow, 1)).toEqual([after.cursor]);
  expect(feed.liveCount).toBe(2);
  await slow.return(undefined);
  await quick.return(undefined);
});

it('reads the outbox once per wake-up for any number of subscribers', async () => {
  const feed = newFeed();
  const channel = 'group:many';
  const streams = await Promise.all(Array.from({ length: 200 }, () => feed.open(request([channel]))));
  await new Promise((r) => setTimeout(r, 100));
  const readsBefore = feed.reads;
  const events = await commit([channel], 5);
  for (const stream of streams) expect(await take(stream, 5)).toEqual(events.map((e) => e.cursor));
  // Five commits, five wake-ups: at most one read each (fewer when they coalesce), plus a poll.
  expect(feed.reads - readsBefore).toBeLessThanOrEqual(7);
  await Promise.all(streams.map((s) => s.return(undefined)));
  expect(feed.openCount).toBe(0);
});

it('ends a stream whose credential lapses without a timer of its own, and one whose guard check fails on a watched wake-up', async () => {
  const feed = newFeed();
  const expiresAt = Date.now() + 300;
  let revoked = false;
  const guard = (code: string): FeedRequest['guard'] => ({
    watch: ['account:guarded'],
    checkEveryMs: 3_600_000,
    expired: () => code === 'EXPIRED' && Date.now() >= expiresAt,
    check: () => {
      if (code === 'EXPIRED' && Date.now() >= expiresAt) return Promise.resolve(new UnauthenticatedError('expired'));
      if (code === 'REVOKED' && revoked) return Promise.resolve(new ForbiddenError('revoked'));
      return Promise.resolve(undefined);
    },
  });
  const expiring = await feed.open({ ...request(['group:g']), guard: guard('EXPIRED') });
  const revoking = await feed.open({ ...request(['group:g']), guard: guard('REVOKED') });
  const t0 = Date.now();
  const a = await expiring.next();
  expect(a.value && 'end' in a.value).toBe(true);
  expect(Date.now() - t0).toBeLessThan(2000);
  expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
  revoked = true;
  const pending = revoking.next();
  await owner.em.fork().transactional((tx) => appendEvent(tx, 'account:guarded', 'ACCESS_CHANGED', {}, bus));
  const b = await pending;
  expect(b.value && 'end' in b.value).toBe(true);
  expect((await expiring.next()).done).toBe(true);
  expect(feed.openCount).toBe(0);
});
