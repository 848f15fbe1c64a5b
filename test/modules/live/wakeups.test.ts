import type { EntityManager } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import { encodeCursor } from '../../../src/modules/live/live.cursor';
import { appendEvent } from '../../../src/modules/live/live.outbox';
import { openOrm, type Orm } from '../../../src/orm';
import {
  createWakeUpBus,
  formatWakeUp,
  parseWakeUp,
  WAKE_UP_PG_APPLICATION_NAME,
  WAKE_UP_PG_CHANNEL,
  type WakeUp,
  type WakeUpBus,
} from '../../../src/modules/live/live.wakeups';
import { createTestDatabase, type TestDatabase } from '../../support/db';

interface LogLine {
  level: number;
  msg: string;
  payload?: unknown;
}

/** A logger that keeps what it writes, to check what a bus reported. */
function capturingLog() {
  const lines: LogLine[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) });
  return { log, lines };
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A bus with everything its listener heard. */
interface Heard {
  bus: WakeUpBus;
  wakes: (WakeUp | undefined)[];
  lines: LogLine[];
}

let db: TestDatabase;
let orm: Orm;
let admin: Client;
let a: Heard;
let b: Heard;
const buses: WakeUpBus[] = [];

async function startBus(): Promise<Heard> {
  const { log, lines } = capturingLog();
  const bus = createWakeUpBus({ databaseUrl: db.url, log });
  buses.push(bus);
  const wakes: (WakeUp | undefined)[] = [];
  bus.subscribe((wake) => wakes.push(wake));
  await bus.start();
  return { bus, wakes, lines };
}

beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openOrm({ clientUrl: db.url });
  admin = new Client({ connectionString: db.url });
  await admin.connect();
  a = await startBus();
  b = await startBus();
});
afterAll(async () => {
  for (const bus of buses) await bus.stop();
  await admin.end();
  await orm.close();
  await db.drop();
});

const uniqueChannel = () => `group:${randomBytes(4).toString('hex')}`;
const on = (heard: Heard, channel: string) => heard.wakes.filter((w) => w?.channel === channel);

/** Commits an event through bus `a`, the way a writer would, and returns the wake-up it should cause. */
async function commitEvent(channel: string): Promise<WakeUp> {
  const cursor = await orm.em.fork().transactional((tx: EntityManager) => appendEvent(tx, channel, 'TEST', { n: 1 }, a.bus));
  return { channel, cursor: encodeCursor(cursor) };
}

const listenerCount = async () =>
  (
    await admin.query<{ n: number }>(
      'select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = $1',
      [WAKE_UP_PG_APPLICATION_NAME],
    )
  ).rows[0].n;

it('reads back what it writes and rejects anything that is not "<channel> <cursor>"', () => {
  const wake = { channel: 'tasking group:3', cursor: '812.44' };
  expect(parseWakeUp(formatWakeUp(wake))).toEqual(wake);
  for (const bad of [undefined, '', 'group:3', 'group:3 ', ' 1.2', 'group:3 1.2.3', 'group:3 abc', 'group:3 1.2 ']) {
    expect(parseWakeUp(bad)).toBeUndefined();
  }
});

it('wakes every process when the transaction commits, and none when it rolls back', async () => {
  const rolledBack = uniqueChannel();
  const committed = uniqueChannel();
  await orm.em
    .fork()
    .transactional(async (tx: EntityManager) => {
      await appendEvent(tx, rolledBack, 'TEST', { n: 1 }, a.bus);
      throw new Error('roll back');
    })
    .catch(() => {});
  const wake = await commitEvent(committed);
  // NOTIFYs arrive in commit order, so once the committed one is in, the rolled-back one would have been too.
  await waitFor(() => on(a, committed).length > 0 && on(b, committed).length > 0, 'the wake-up on both buses');
  for (const heard of [a, b]) {
    expect(on(heard, committed)).toEqual([wake]);
    expect(on(heard, rolledBack)).toEqual([]);
  }
  expect(a.wakes).not.toContain(undefined); // nothing was missed, so nobody was told to re-read
});

it('rejects a malformed wake-up at the sender, inside the transaction', async () => {
  const em = orm.em.fork();
  await expect(em.transactional((tx: EntityManager) => a.bus.inTransaction(tx, { channel: 'group:1', cursor: 'latest' }))).rejects.toThrow(
    'Not a valid wake-up',
  );
});

it('logs and ignores a malformed notification', async () => {
  const marker = uniqueChannel();
  const before = a.wakes.length;
  await admin.query('select pg_notify($1, $2)', [WAKE_UP_PG_CHANNEL, 'not a wake-up']);
  const wake = await commitEvent(marker);
  // Both, so that no late delivery to b spills into the next test.
  await waitFor(() => on(a, marker).length > 0 && on(b, marker).length > 0, 'the wake-up sent after the malformed one');
  expect(a.wakes.slice(before)).toEqual([wake]);
  expect(a.lines).toContainEqual(
    expect.objectContaining({ level: 40, msg: 'Ignored a malformed wake-up notification', payload: 'not a wake-up' }),
  );
});

it('stops delivering to a listener once it unsubscribes', async () => {
  const first = uniqueChannel();
  const second = uniqueChannel();
  const mine: (WakeUp | undefined)[] = [];
  const unsubscribe = b.bus.subscribe((wake) => mine.push(wake));
  const wake = await commitEvent(first);
  await waitFor(() => mine.some((w) => w?.channel === first), 'the subscribed listener');
  unsubscribe();
  await commitEvent(second);
  await waitFor(() => on(b, second).length > 0, 'the second wake-up on the bus');
  expect(mine.filter((w) => w?.channel === first || w?.channel === second)).toEqual([wake]);
});

it('reconnects by itself after its connection is killed, tells readers to re-read, then wakes them again', async () => {
  expect(await listenerCount()).toBe(2);
  // Two steps: in one WHERE the planner may call pg_terminate_backend before the other conditions.
  const pids = await admin.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and application_name = $1',
    [WAKE_UP_PG_APPLICATION_NAME],
  );
  const killed = await admin.query<{ n: number }>('select count(*)::int as n from unnest($1::int[]) pid where pg_terminate_backend(pid)', [
    pids.rows.map((r) => r.pid),
  ]);
  expect(killed.rows[0].n).toBe(2);
  await waitFor(() => a.wakes.includes(undefined) && b.wakes.includes(undefined), 'both buses to report a reconnect');
  expect(a.lines).toContainEqual(expect.objectContaining({ level: 40, msg: 'Lost the wake-up connection to the database; reconnecting' }));
  // One new connection each, none leaked (a killed backend may linger in pg_stat_activity a moment).
  await waitFor(async () => (await listenerCount()) === 2, 'exactly two listening connections');

  const after = uniqueChannel();
  const wake = await commitEvent(after);
  await waitFor(() => on(a, after).length > 0 && on(b, after).length > 0, 'a wake-up after the reconnect');
  expect([on(a, after), on(b, after)]).toEqual([[wake], [wake]]);
  // Exactly one re-read per reconnect: the `undefined` comes once, after the new LISTEN is in place.
  expect(a.wakes.filter((w) => w === undefined)).toHaveLength(1);
});

it('closes its connection on stop, more than once without complaint, and hears nothing after', async () => {
  const c = await startBus();
  await waitFor(async () => (await listenerCount()) === 3, 'the third listener');
  await c.bus.stop();
  await c.bus.stop();
  await waitFor(async () => (await listenerCount()) === 2, 'the stopped listener to disconnect');
  const channel = uniqueChannel();
  await commitEvent(channel);
  await waitFor(() => on(a, channel).length > 0, 'the wake-up on a running bus');
  expect(on(c, channel)).toEqual([]);
  await expect(c.bus.start()).rejects.toThrow('already stopped');
});
