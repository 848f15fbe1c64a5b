import { BadUserInputError, ForbiddenError } from '../../../src/errors';
import { createLogger } from '../../../src/logger';
import { loadViewer } from '../../../src/modules/access/access.service';
import type { Viewer } from '../../../src/modules/access/viewer';
import { appendEvent } from '../../../src/modules/live/live.outbox';
import { groupChannel } from '../../../src/modules/live/live.channels';
import { openUpdates, type UpdateItem } from '../../../src/modules/tasking/tasking.updates';
import { APP_ROLE, openOrm, type Orm } from '../../../src/orm';
import { createWakeUpBus, type WakeUpBus } from '../../../src/modules/live/live.wakeups';
import { OutboxFeed } from '../../../src/modules/live/live.feed';
import { createTestDatabase, type TestDatabase } from '../../support/db';

// The stream behind taskingGroupUpdates, without GraphQL: how it starts, follows and stops.
let db: TestDatabase;
let owner: Orm;
let app: Orm;
let bus: WakeUpBus;
let feed: OutboxFeed;
let chair: Viewer;
let analyst: Viewer;
let northJtg: number;

async function viewerOf(subject: string): Promise<Viewer> {
  const [{ id }] = await owner.em.fork().getConnection().execute<{ id: number }[]>('select id from hub_user where subject = ?', [subject]);
  return (await loadViewer(app.em.fork(), id, 'jwt', null))!;
}

async function emit(groupId: number): Promise<void> {
  await owner.em.fork().transactional((tx) => appendEvent(tx, groupChannel(groupId), 'CASE_UPDATED', { groupId }, bus));
}

beforeAll(async () => {
  db = await createTestDatabase();
  owner = await openOrm({ clientUrl: db.url });
  app = await openOrm({ clientUrl: db.url, role: APP_ROLE });
  bus = createWakeUpBus({ databaseUrl: db.url, log: createLogger({ level: 'silent', format: 'json' }) });
  await bus.start();
  feed = new OutboxFeed({ runner: app.em.getConnection(), bus, log: createLogger({ level: 'silent', format: 'json' }), pollMs: 200 });
  chair = await viewerOf('seed:north-chair');
  analyst = await viewerOf('seed:analyst');
  northJtg = chair.memberships.find((m) => m.groupName === 'North Joint Tasking Group')!.groupId;
});

afterAll(async () => {
  await feed.stop();
  await bus.stop();
  await app.close();
  await owner.close();
  await db.drop();
});

function open(viewer: Viewer, locality: string, since?: string) {
  return openUpdates(
    app.em.fork(),
    viewer,
    { locality, since },
    {
      recheckMs: 3_600_000,
      feed,
      fork: () => app.em.fork(),
      onViewer: () => {},
    },
  );
}

it('refuses before streaming: a locality where the caller is in no group, an unknown locality, a malformed cursor', async () => {
  await expect(open(analyst, 'North')).rejects.toBeInstanceOf(ForbiddenError);
  await expect(open(chair, 'Westfield')).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'locality' } });
  await expect(open(chair, 'North', 'not-a-cursor')).rejects.toBeInstanceOf(BadUserInputError);
});

it('starts from now without `since`, then delivers what commits next, in order', async () => {
  await emit(northJtg); // before subscribing: not delivered
  const stream = await open(chair, 'North');
  const first = stream.next();
  await emit(northJtg);
  await emit(northJtg);
  const a = (await first).value as UpdateItem;
  const b = (await stream.next()).value as UpdateItem;
  expect('event' in a && 'event' in b).toBe(true);
  if ('event' in a && 'event' in b) {
    expect(BigInt(b.event.cursor.id)).toBeGreaterThan(BigInt(a.event.cursor.id));
    expect(a.event.payload).toEqual({ groupId: northJtg });
  }
  await stream.return(undefined);
});

it('ends a wait at once when the subscriber leaves, without waiting for the next poll', async () => {
  // No events are coming: the pending read can only end because the subscriber left.
  const stream = await open(chair, 'North');
  const pending = stream.next();
  await new Promise((r) => setTimeout(r, 50));
  await stream.return(undefined);
  await expect(pending).resolves.toEqual({ done: true, value: undefined });
});

it('leaves the shared stream when the subscriber leaves, even while it waits for events that never come', async () => {
  const before = feed.liveCount;
  const stream = await open(chair, 'North');
  const pending = stream.next(); // waits: nothing is coming
  expect(feed.liveCount).toBe(before + 1);
  await stream.return(undefined);
  await expect(pending).resolves.toEqual({ done: true, value: undefined });
  expect(feed.liveCount).toBe(before);
});
