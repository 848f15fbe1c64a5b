import { Client, type Notification } from 'pg';
import { BadUserInputError } from '../../../src/errors';
import pino from 'pino';
import { decodeCursor, encodeCursor } from '../../../src/modules/live/live.cursor';
import { appendEvent, readEvents } from '../../../src/modules/live/live.outbox';
import { openOrm, type Orm } from '../../../src/orm';
import { createWakeUpBus, WAKE_UP_PG_CHANNEL } from '../../../src/modules/live/live.wakeups';
import { createTestDatabase, type TestDatabase } from '../../support/db';

let db: TestDatabase;
let orm: Orm;
const clients: Client[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openOrm({ clientUrl: db.url });
});
afterAll(async () => {
  for (const c of clients) await c.end().catch(() => {});
  await orm.close();
  await db.drop();
});

const em = () => orm.em.fork();

async function connect(): Promise<Client> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  clients.push(client);
  return client;
}

/**
 * Reads until `count` events are there. Transaction ids are cluster-wide, so a transaction open in
 * another test's database (Jest runs files in parallel on one server) can hold events back a moment.
 */
async function readAtLeast(channels: string[], after: Parameters<typeof readEvents>[2], count: number) {
  for (let i = 0; ; i += 1) {
    const events = await readEvents(em(), channels, after);
    if (events.length >= count || i === 100) return events;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const insert = (client: Client, channel: string, n: number) =>
  client.query(`insert into outbox_event (channel, type, payload) values ($1, 'TEST', $2)`, [channel, JSON.stringify({ n })]);

it('returns committed events in order and resumes after a cursor', async () => {
  const written = [];
  for (const n of [1, 2, 3]) written.push(await em().transactional((tx) => appendEvent(tx, 'group:a', 'TEST', { n })));
  await em().transactional((tx) => appendEvent(tx, 'group:b', 'TEST', { n: 99 }));
  const all = await readAtLeast(['group:a'], null, 3);
  expect(all.map((e) => e.payload.n)).toEqual([1, 2, 3]);
  // appendEvent hands back the very cursor a reader later sees for that event.
  expect(all.map((e) => e.cursor)).toEqual(written);
  const rest = await readAtLeast(['group:a'], all[0].cursor, 2);
  expect(rest.map((e) => e.payload.n)).toEqual([2, 3]);
  expect(decodeCursor(encodeCursor(all[1].cursor))).toEqual(all[1].cursor);
});

it('never lets an event that commits late fall behind a cursor', async () => {
  const early = await connect();
  const late = await connect();
  await early.query('begin');
  await insert(early, 'group:late', 1); // takes the lower transaction id and event id
  await late.query('begin');
  await insert(late, 'group:late', 2);
  await late.query('commit');

  // Event 2 has committed but event 1 may still commit before it in transaction order: hold both back.
  expect(await readEvents(em(), ['group:late'], null)).toEqual([]);
  // A reader going by the sequence alone would have taken event 2 and moved its cursor past event 1.
  const naive = await late.query(`select id from outbox_event where channel = 'group:late' order by id`);
  expect(naive.rows).toHaveLength(1);

  await early.query('commit');
  const events = await readAtLeast(['group:late'], null, 2);
  expect(events.map((e) => e.payload.n)).toEqual([1, 2]);
});

it('skips a rolled-back transaction without waiting for it forever', async () => {
  const aborted = await connect();
  const other = await connect();
  await aborted.query('begin');
  await insert(aborted, 'group:rb', 1);
  await other.query('begin');
  await insert(other, 'group:rb', 2);
  await other.query('commit');
  expect(await readEvents(em(), ['group:rb'], null)).toEqual([]);
  await aborted.query('rollback');
  expect((await readAtLeast(['group:rb'], null, 1)).map((e) => e.payload.n)).toEqual([2]);
});

it('wakes listeners through the bus with the channel and cursor only, and only when the transaction commits', async () => {
  const listener = await connect();
  const heard: Notification[] = [];
  listener.on('notification', (n) => heard.push(n));
  await listener.query(`listen ${WAKE_UP_PG_CHANNEL}`);
  // Sending needs no LISTEN connection of the bus's own, so this one is never started.
  const bus = createWakeUpBus({ databaseUrl: db.url, log: pino({ level: 'silent' }) });
  const secret = { secret: 'never in the notification' };
  await em()
    .transactional(async (tx) => {
      await appendEvent(tx, 'group:n', 'TEST', secret, bus);
      throw new Error('roll back');
    })
    .catch(() => {});
  await em().transactional((tx) => appendEvent(tx, 'group:n', 'TEST', secret)); // no bus: no wake-up
  const cursor = await em().transactional((tx) => appendEvent(tx, 'group:n', 'TEST', secret, bus));
  // A marker sent after everything else: once it arrives, anything the writes above sent has arrived too.
  await listener.query(`select pg_notify('${WAKE_UP_PG_CHANNEL}', 'marker')`);
  for (let i = 0; i < 100 && !heard.some((n) => n.payload === 'marker'); i += 1) await new Promise((r) => setTimeout(r, 20));
  expect(heard.map((n) => [n.channel, n.payload])).toEqual([
    [WAKE_UP_PG_CHANNEL, `group:n ${encodeCursor(cursor)}`],
    [WAKE_UP_PG_CHANNEL, 'marker'],
  ]);
});

it('rejects a cursor it did not give out, naming the argument', () => {
  expect(() => decodeCursor('yesterday')).toThrow(BadUserInputError);
  expect(() => decodeCursor('yesterday')).toThrow("'since' is not a cursor this hub gave out (expected two numbers joined by a dot).");
});
