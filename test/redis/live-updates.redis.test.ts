import { Redis } from 'ioredis';
import { Client } from 'pg';
import { OpenCaseIdDocument, type OpenCaseInput } from '../generated/graphql';
import { gqlAt } from '../support/app';
import { authHeader } from '../support/auth';
import { startCapturingHub, type CapturingHub } from '../support/capturing-hub';
import { useCleanup } from '../support/cleanup';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startHubProcess, type HubProcess } from '../support/hub-process';
import { checkStream, LiveSubscriber } from '../support/live-subscriber';
import { committedEvents, compareCursors, outboxHead } from '../support/outbox';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  throw new Error('These tests need a Redis server: set REDIS_URL, e.g. REDIS_URL=redis://127.0.0.1:6379 npx jest --selectProjects redis');
}

// Two hubs (one in this process, one a real second process) waking each other through Redis.
jest.setTimeout(90_000);

// No overdue-actions run during the test: it would add events of seeded actions at any minute.
const QUIET = { OVERDUE_CHECK_SECONDS: '86400' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let db: TestDatabase;
let hubA: CapturingHub;
let hubB: HubProcess;
let admin: Redis;
const subscribers: LiveSubscriber[] = [];
const cleanup = useCleanup();

beforeAll(async () => {
  db = await createTestDatabase();
  cleanup(() => db.drop());
  [hubA, hubB] = await Promise.all([
    startCapturingHub(db, { REDIS_URL: redisUrl, ...QUIET }, 'info'),
    startHubProcess({ DATABASE_URL: db.url, REDIS_URL: redisUrl, ...QUIET }),
  ]);
  cleanup(() => hubA.close());
  cleanup(() => hubB.stop());
  admin = new Redis(redisUrl);
  cleanup(() => {
    admin.disconnect();
  });
  cleanup(() => Promise.all(subscribers.map((s) => s.stop())));
});

async function ownerSql<R>(text: string, params: unknown[] = []): Promise<R[]> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as R[];
  } finally {
    await client.end();
  }
}

async function caseInput(title: string): Promise<OpenCaseInput> {
  const [g] = await ownerSql<{ id: number }>(`select id from tasking_group where code = 'NJTG'`);
  const [w] = await ownerSql<{ code: string }>(
    `select w.code from ward w join locality l on l.id = w.locality_id where l.name = 'North' order by w.code limit 1`,
  );
  return {
    groupId: String(g.id),
    title,
    category: 'FLY_TIPPING',
    wardCode: w.code,
    location: `${title} Lane`,
    riskLevel: 'MEDIUM',
    leadAgencyId: '1',
  };
}

/** Opens a case through hub B (or A) and returns the case id and when the response came back. */
async function openCase(via: 'A' | 'B', title: string): Promise<{ id: string; at: number; sentAt: number }> {
  const input = await caseInput(title);
  const sentAt = Date.now();
  const { body } =
    via === 'B'
      ? await hubB.gqlAs('seed:north-chair', OpenCaseIdDocument, { input })
      : await gqlAt(hubA.url, OpenCaseIdDocument, { input }, await authHeader('seed:north-chair'));
  if (!body.data) throw new Error(`openCase failed: ${JSON.stringify(body.errors)}`);
  return { id: body.data.openCase.id, at: Date.now(), sentAt };
}

it('wakes a subscriber on one hub for a change made through the other, through Redis, and loses nothing when Redis pub/sub is killed', async () => {
  expect(hubA.app.bus.kind).toBe('redis');
  const USING_REDIS = 'Live updates wake other processes through Redis';
  expect(hubA.lines.some((l) => l.msg === USING_REDIS)).toBe(true);
  expect(hubB.logLines().some((l) => l.msg === USING_REDIS)).toBe(true);

  const since = await outboxHead(db.url);
  const onA = new LiveSubscriber({
    name: 'A north-chair',
    url: hubA.url,
    subject: 'seed:north-chair',
    locality: 'North',
    since,
    withCase: true,
  }).start();
  const onB = new LiveSubscriber({
    name: 'B north-police',
    url: hubB.url,
    subject: 'seed:north-police',
    locality: 'North',
    since,
    withCase: true,
  }).start();
  subscribers.push(onA, onB);

  // Steady state: each change through B reaches the subscriber on A; latency shows it is the wake-up, not the 2 s poll.
  const latencies: number[] = [];
  for (let i = 0; i < 12; i += 1) {
    const opened = await openCase('B', `Redis ${i}`);
    await onA.waitFor((s) => s.events.some((e) => e.caseId === opened.id), `case ${opened.id} on hub A`, 5000);
    latencies.push(onA.events.find((e) => e.caseId === opened.id)!.at - opened.sentAt);
    await sleep(Math.random() * 100);
  }
  const fromA = await openCase('A', 'Redis the other way');
  await onB.waitFor((s) => s.events.some((e) => e.caseId === fromA.id), `case ${fromA.id} on hub B`, 5000);

  // Kill every pub/sub connection (both hubs' subscribers) while changes keep coming through both hubs.
  const RESUBSCRIBED = 'Receiving wake-ups from Redis again; telling readers to re-read';
  const resubscribed = () => [
    hubA.lines.filter((l) => l.msg === RESUBSCRIBED).length,
    hubB.logLines().filter((l) => l.msg === RESUBSCRIBED).length,
  ];
  const before = resubscribed();
  const during: Promise<{ id: string; at: number; sentAt: number }>[] = [];
  let killed = 0;
  let killedAt = 0;
  for (let i = 0; i < 30; i += 1) {
    if (i === 8) {
      killed = Number(await admin.client('KILL', 'TYPE', 'pubsub'));
      killedAt = Date.now();
    }
    during.push(openCase(i % 3 ? 'B' : 'A', `Through the kill ${i}`));
    await sleep(60);
  }
  const afterKill = await Promise.all(during);
  // Both hubs noticed and resubscribed by themselves (each logs it once per reconnect).
  let resubscribedMs = -1;
  for (const started = Date.now(); Date.now() - started < 10_000; await sleep(20)) {
    const now = resubscribed();
    if (now[0] > before[0] && now[1] > before[1]) {
      resubscribedMs = Date.now() - killedAt;
      break;
    }
  }
  // After the reconnect, wake-ups again: these arrive promptly.
  const postLatencies: number[] = [];
  for (let i = 0; i < 6; i += 1) {
    const opened = await openCase('B', `After the kill ${i}`);
    await onA.waitFor((s) => s.events.some((e) => e.caseId === opened.id), `case ${opened.id} on hub A after the kill`, 5000);
    postLatencies.push(onA.events.find((e) => e.caseId === opened.id)!.at - opened.sentAt);
  }

  const [{ id: njtg }, { id: nnm }] = await ownerSql<{ id: number }>(
    `select id from tasking_group where code in ('NJTG', 'NNM') order by code`,
  );
  const expected = (await committedEvents(db.url, [`group:${njtg}`, `group:${nnm}`])).filter((e) => compareCursors(e.cursor, since) > 0);
  await Promise.all(
    [onA, onB].map((s) => s.waitFor((x) => x.events.length >= expected.length, `${expected.length} events`, 10_000).catch(() => {})),
  );
  await sleep(500);
  const killLatencies = afterKill.map((o) => (onA.events.find((e) => e.caseId === o.id)?.at ?? NaN) - o.sentAt);
  console.log(
    `Redis bus: change through B reached A in median ${median(latencies)} ms (max ${Math.max(...latencies)}); ` +
      `CLIENT KILL TYPE pubsub closed ${killed} connection(s); both hubs had resubscribed (by their logs) within ${resubscribedMs} ms; ` +
      `changes made around the kill reached A in median ${median(killLatencies)} ms (max ${Math.max(...killLatencies)}); after it in median ${median(postLatencies)} ms; ` +
      `A received ${onA.events.length}, B ${onB.events.length} of ${expected.length} events.`,
  );
  expect(median(latencies)).toBeLessThan(500);
  expect(killed).toBeGreaterThanOrEqual(2);
  expect(resubscribedMs).toBeGreaterThanOrEqual(0);
  expect(median(postLatencies)).toBeLessThan(500);
  expect(killLatencies.every((ms) => ms < 5000)).toBe(true);
  for (const s of [onA, onB]) {
    expect({ who: s.options.name, problems: checkStream(s.events, expected), errors: s.errors, failures: s.failures }).toEqual({
      who: s.options.name,
      problems: [],
      errors: [],
      failures: [],
    });
  }
  // Every openCase's event carries its case to a member on either hub.
  const opened = new Set(afterKill.map((o) => o.id));
  expect(onB.events.filter((e) => e.caseId && opened.has(e.caseId))).toHaveLength(opened.size);
});
