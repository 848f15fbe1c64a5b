import type { EntityManager } from '@mikro-orm/postgresql';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { createWakeUpBus, WAKE_UP_REDIS_CHANNEL, type WakeUp, type WakeUpBus } from '../../src/modules/live/live.wakeups';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  throw new Error('These tests need a Redis server: set REDIS_URL, e.g. REDIS_URL=redis://127.0.0.1:6379 npm run test:redis');
}

// The Redis bus never touches PostgreSQL; this says so if it ever tried.
const NO_DATABASE = 'postgres://unused.invalid/none';

interface LogLine {
  level: number;
  msg: string;
  payload?: unknown;
}

function capturingLog() {
  const lines: LogLine[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) });
  return { log, lines };
}

async function waitFor(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface Heard {
  bus: WakeUpBus;
  wakes: (WakeUp | undefined)[];
  lines: LogLine[];
}

let admin: Redis;
let a: Heard;
let b: Heard;
const buses: WakeUpBus[] = [];

async function startBus(url = redisUrl!): Promise<Heard> {
  const { log, lines } = capturingLog();
  const bus = createWakeUpBus({ databaseUrl: NO_DATABASE, redisUrl: url, log });
  buses.push(bus);
  const wakes: (WakeUp | undefined)[] = [];
  bus.subscribe((wake) => wakes.push(wake));
  await bus.start();
  return { bus, wakes, lines };
}

beforeAll(async () => {
  admin = new Redis(redisUrl);
  a = await startBus();
  b = await startBus();
});
afterAll(async () => {
  for (const bus of buses) await bus.stop();
  admin.disconnect();
});

// Other runs may share this Redis: each test listens for channels of its own.
const uniqueChannel = () => `group:${randomBytes(4).toString('hex')}`;
const on = (heard: Heard, channel: string) => heard.wakes.filter((w) => w?.channel === channel);
const wakeOn = (channel: string, id = 1): WakeUp => ({ channel, cursor: `1000.${id}` });

it('is the Redis bus, and sends nothing from inside the transaction', async () => {
  expect(a.bus.kind).toBe('redis');
  const channel = uniqueChannel();
  // A no-op: it must not even look at the transaction.
  await a.bus.inTransaction(undefined as unknown as EntityManager, wakeOn(channel));
  const marker = wakeOn(uniqueChannel());
  await a.bus.afterCommit([marker]);
  await waitFor(() => on(a, marker.channel).length > 0, 'the marker');
  expect(on(a, channel)).toEqual([]);
});

it('wakes every process, this one included, after commit', async () => {
  const channel = uniqueChannel();
  const wakes = [wakeOn(channel, 1), wakeOn(channel, 2)];
  await a.bus.afterCommit(wakes);
  await waitFor(() => on(a, channel).length === 2 && on(b, channel).length === 2, 'both wake-ups on both buses');
  expect([on(a, channel), on(b, channel)]).toEqual([wakes, wakes]);
  expect(a.wakes).not.toContain(undefined); // nothing was missed, so nobody was told to re-read
});

it('logs and ignores a malformed message', async () => {
  const before = b.wakes.length;
  await admin.publish(WAKE_UP_REDIS_CHANNEL, 'not a wake-up');
  const marker = wakeOn(uniqueChannel());
  await a.bus.afterCommit([marker]);
  await waitFor(() => on(b, marker.channel).length > 0, 'the wake-up sent after the malformed one');
  expect(b.wakes.slice(before)).toEqual([marker]);
  expect(b.lines).toContainEqual(
    expect.objectContaining({ level: 40, msg: 'Ignored a malformed wake-up message', payload: 'not a wake-up' }),
  );
});

it('resubscribes by itself after its connection is killed, tells readers to re-read, then wakes them again', async () => {
  const killed = await admin.client('KILL', 'TYPE', 'pubsub');
  expect(killed).toBeGreaterThanOrEqual(2);
  await waitFor(() => a.wakes.includes(undefined) && b.wakes.includes(undefined), 'both buses to report a reconnect');
  const channel = uniqueChannel();
  const wake = wakeOn(channel);
  await a.bus.afterCommit([wake]);
  await waitFor(() => on(a, channel).length > 0 && on(b, channel).length > 0, 'a wake-up after the reconnect');
  expect([on(a, channel), on(b, channel)]).toEqual([[wake], [wake]]);
  expect(a.wakes.filter((w) => w === undefined)).toHaveLength(1);
});

it('closes on stop, more than once, and then neither hears nor throws on publishing', async () => {
  const c = await startBus();
  await c.bus.stop();
  await c.bus.stop();
  const channel = uniqueChannel();
  await expect(c.bus.afterCommit([wakeOn(channel)])).resolves.toBeUndefined();
  expect(c.lines).toContainEqual(
    expect.objectContaining({ level: 40, msg: 'Could not publish wake-ups; readers will find the events when they next poll' }),
  );
  await a.bus.afterCommit([wakeOn(channel)]);
  await waitFor(() => on(a, channel).length > 0, 'the wake-up on a running bus');
  expect(on(c, channel)).toEqual([]);
});

it('fails to start with a clear message, without the password, when Redis cannot be reached', async () => {
  const started = Date.now();
  const error = await startBus('redis://hub:s3cret-pass@127.0.0.1:1').catch((err: unknown) => err);
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(
    /^Could not connect to Redis at redis:\/\/hub:\*\*\*@127\.0\.0\.1:1 \(REDIS_URL\) after 3 attempts: .*ECONNREFUSED/,
  );
  expect((error as Error).message).not.toContain('s3cret-pass');
  // Three attempts with backoff between them: quick, but not a single try.
  expect(Date.now() - started).toBeGreaterThanOrEqual(250);
});
