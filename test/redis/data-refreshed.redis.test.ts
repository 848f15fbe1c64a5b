import path from 'node:path';
import { Redis } from 'ioredis';
import { DATA_CHANNEL } from '../../src/modules/live/live.channels';
import { WAKE_UP_REDIS_CHANNEL } from '../../src/modules/live/live.wakeups';
import { projectRoot } from '../../src/paths';
import { DataRefreshedCursorDocument, DataRefreshedDocument } from '../generated/graphql';
import { startCapturingHub, type CapturingHub } from '../support/capturing-hub';
import { useCleanup } from '../support/cleanup';
import { runImportCommand } from '../support/commands';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startHubProcess, type HubProcess } from '../support/hub-process';
import { collect, socketClient } from '../support/ws';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  throw new Error('These tests need a Redis server: set REDIS_URL, e.g. REDIS_URL=redis://127.0.0.1:6379 npx jest --selectProjects redis');
}

// Two hubs (one in this process, one a real second process) and the import command, all on one
// database and one Redis: an import announces itself to both hubs' dataRefreshed subscribers.
jest.setTimeout(90_000);

const QUIET = { OVERDUE_CHECK_SECONDS: '86400' };

let db: TestDatabase;
let hubA: CapturingHub;
let hubB: HubProcess;
let listener: Redis;
const heard: string[] = [];
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
  // Everything sent on the wake-up channel, from whichever process.
  listener = new Redis(redisUrl);
  cleanup(() => {
    listener.disconnect();
  });
  listener.on('message', (channel: string, message: string) => {
    if (channel === WAKE_UP_REDIS_CHANNEL) heard.push(message);
  });
  await listener.subscribe(WAKE_UP_REDIS_CHANNEL);
});

/** `npm run import` as a person runs it, against the test database and Redis; fails the test if the command fails. */
async function importCommand(kind: string, file: string): Promise<string> {
  const result = await runImportCommand({ DATABASE_URL: db.url, REDIS_URL: redisUrl ?? '' }, kind, file);
  if (result.code !== 0) throw new Error(`npm run import ${kind} exited with ${result.code}: ${result.stderr}`);
  return result.stdout;
}

function subscribe(url: string, since: string) {
  const socket = socketClient({ url });
  cleanup(() => socket.dispose());
  return collect(socket, DataRefreshedDocument, { since });
}

it('announces an import made by the import command to subscribers on both hubs, woken through Redis', async () => {
  expect(hubA.app.bus.kind).toBe('redis');
  const USING_REDIS = 'Live updates wake other processes through Redis';
  expect(hubB.logLines().some((l) => l.msg === USING_REDIS)).toBe(true);

  const start = await hubB.gqlAs('seed:analyst', DataRefreshedCursorDocument, {});
  const since = start.body.data!.dataRefreshedCursor;
  const onA = subscribe(hubA.url, since);
  const onB = subscribe(hubB.url, since);

  const output = await importCommand('housing', path.join(projectRoot(), 'test/fixtures/housing/good.csv'));
  expect(output).toMatch(/^Imported good\.csv as housing/);

  await Promise.all([onA, onB].map((s) => s.until((rs) => rs.length >= 1)));
  await new Promise((r) => setTimeout(r, 300));
  for (const s of [onA, onB]) s.stop();
  const [a] = onA.results.map((r) => r.data!.dataRefreshed);
  const [b] = onB.results.map((r) => r.data!.dataRefreshed);
  expect([onA.results.length, onB.results.length]).toEqual([1, 1]);
  expect(a).toEqual(b);
  expect(a.kinds).toEqual(['housing']);
  // The command's wake-up went through Redis, carrying the very cursor both hubs delivered.
  expect(heard).toContain(`${DATA_CHANNEL} ${a.cursor}`);

  // A subscriber resuming on the other hub from the cursor read on the first gets nothing twice.
  const resumed = subscribe(hubA.url, a.cursor);
  await new Promise((r) => setTimeout(r, 500));
  resumed.stop();
  expect(resumed.results).toEqual([]);
});
