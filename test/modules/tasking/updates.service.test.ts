import { BadUserInputError, ForbiddenError } from '../../../src/errors';
import { createLogger } from '../../../src/logger';
import { loadViewer } from '../../../src/modules/access/access.service';
import type { Viewer } from '../../../src/modules/access/viewer';
import { appendEvent } from '../../../src/modules/live/live.outbox';
import { groupChannel } from '../../../src/modules/live/live.channels';
import { openUpdates, type UpdateItem } from '../../../src/modules/tasking/tasking.updates';
import { APP_ROLE, openOrm, type Orm } from '../../../src/orm';
import { createWakeUpBus, type WakeUpBus } from '../../../src/modules/live/live.wakeups';
import { createTestDatabase, type TestDatabase } from '../../support/db';

// The stream behind taskingGroupUpdates, without GraphQL: how it starts, follows and stops.
let db: TestDatabase;
let owner: Orm;
let app: Orm;
let bus: WakeUpBus;
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
  chair = await viewerOf('seed:north-chair');
  analyst = await viewerOf('seed:analyst');
  northJtg = chair.memberships.find((m) => m.groupName === 'North Joint Tasking Group')!.groupId;
});

afterAll(async () => {
  await bus.stop();
  await app.close();
  await owner.close();
  await db.drop();
});

function open(viewer: Viewer, locality: string, since?: string, counter = { forks: 0 }, pollMs = 200) {
  return openUpdates(
    app.em.fork(),
    viewer,
    bus,
    { locality, since },
    {
      recheckMs: 3_600_000,
      pollMs,
      fork: () => {
        counter.forks += 1;
        return app.em.fork();
      },
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
  // Polls an hour apart and no events: the pending read can only end because the subscriber left
  // (if it waited for the next poll, the test would time out), so no clock is needed to show it.
  const counter = { forks: 0 };
  const stream = await open(chair, 'North', undefined, counter, 3_600_000);
  const pending = stream.next();
  while (counter.forks === 0) await new Promise((r) => setTimeout(r, 10)); // the first read has started
  await stream.return(undefined);
  await expect(pending).resolves.toEqual({ done: true, value: undefined });
});

it('stops reading when the subscriber leaves, even while it waits for events that never come', async () => {
  const counter = { forks: 0 };
  const stream = await open(chair, 'North', undefined, counter);
  const pending = stream.next(); // waits: nothing is coming
  await new Promise((r) => setTimeout(r, 500));
  expect(counter.forks).toBeGreaterThan(0); // it has been polling
  await stream.return(undefined);
  await expect(pending).resolves.toEqual({ done: true, value: undefined });
  const forksAtEnd = counter.forks;
  await new Promise((r) => setTimeout(r, 700)); // more than three poll intervals
  expect(counter.forks).toBe(forksAtEnd);
});
