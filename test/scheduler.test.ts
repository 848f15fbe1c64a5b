import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import pino from 'pino';
import { openOrm, type Orm } from '../src/orm';
import { jobLockKey, startScheduler, type ScheduledJob, type Scheduler } from '../src/scheduler';
import { createTestDatabase, type TestDatabase } from './support/db';

interface LogLine {
  level: number;
  msg: string;
  job?: string;
}

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

/** Opens when the test says so, or after 5 s, so a test that goes wrong fails instead of hanging. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const fallback = setTimeout(open, 5000);
  return {
    opened,
    open: () => {
      clearTimeout(fallback);
      open();
    },
  };
}

// So long that no timer tick comes during a test: only runNow runs these jobs.
const NEVER = 2 ** 31 - 1;

let db: TestDatabase;
let ormA: Orm;
let ormB: Orm;
let admin: Client;
const schedulers: Scheduler[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  [ormA, ormB] = await Promise.all([openOrm({ clientUrl: db.url }), openOrm({ clientUrl: db.url })]);
  admin = new Client({ connectionString: db.url });
  await admin.connect();
  await admin.query('create table job_run (id serial primary key, job text not null, who text not null)');
});
afterAll(async () => {
  for (const s of schedulers) await s.stop();
  await admin.end();
  await Promise.all([ormA.close(), ormB.close()]);
  await db.drop();
});

function start(orm: Orm, jobs: ScheduledJob[]) {
  const { log, lines } = capturingLog();
  const scheduler = startScheduler(orm, jobs, log);
  schedulers.push(scheduler);
  return { scheduler, lines };
}

const runs = async (job: string) =>
  (await admin.query<{ who: string }>('select who from job_run where job = $1 order by id', [job])).rows.map((r) => r.who);

/** A job that records each run in job_run, in its transaction, once `hold` opens. */
function countingJob(name: string, who: string, hold: Promise<void>, onStart = () => {}, everyMs = NEVER): ScheduledJob {
  return {
    name,
    everyMs,
    async run(tx: EntityManager) {
      onStart();
      await hold;
      await tx.execute('insert into job_run (job, who) values (?, ?)', [name, who]);
    },
  };
}

it('runs a job in exactly one of two processes that try at once', async () => {
  const hold = gate();
  const a = start(ormA, [countingJob('once', 'a', hold.opened)]).scheduler;
  const b = start(ormB, [countingJob('once', 'b', hold.opened)]).scheduler;
  const attempts = [a.runNow('once'), b.runNow('once')];
  // The winner holds the lock until the gate opens, so whichever settles first must be the loser.
  expect(await Promise.race(attempts)).toBe(false);
  hold.open();
  expect((await Promise.all(attempts)).sort()).toEqual([false, true]);
  expect(await runs('once')).toHaveLength(1);
});

it('skips the run while any session holds the job lock, and runs once it is free', async () => {
  const a = start(ormA, [countingJob('locked', 'a', Promise.resolve())]).scheduler;
  const other = new Client({ connectionString: db.url });
  await other.connect();
  try {
    await other.query('select pg_advisory_lock($1::bigint)', [jobLockKey('locked')]);
    expect(await a.runNow('locked')).toBe(false);
    await other.query('select pg_advisory_unlock($1::bigint)', [jobLockKey('locked')]);
    expect(await a.runNow('locked')).toBe(true);
  } finally {
    await other.end();
  }
  expect(await runs('locked')).toEqual(['a']);
});

it('derives a stable signed 64-bit lock key from the name', () => {
  expect(jobLockKey('nightly')).toBe(jobLockKey('nightly'));
  expect(jobLockKey('nightly')).not.toBe(jobLockKey('hourly'));
  const key = BigInt(jobLockKey('nightly'));
  expect(key >= -(2n ** 63n) && key < 2n ** 63n).toBe(true);
});

it('waits on stop for a tick that is running, and runs nothing after', async () => {
  const hold = gate();
  let started = false;
  const a = start(ormA, [countingJob('stopping', 'a', hold.opened, () => (started = true))]).scheduler;
  const running = a.runNow('stopping');
  await waitFor(() => started, 'the job to start');
  let stopped = false;
  const stopping = a.stop().then(() => (stopped = true));
  await new Promise((r) => setTimeout(r, 100));
  expect(stopped).toBe(false);
  hold.open();
  await stopping;
  // Committed by the time stop resolved, not merely started.
  expect(await runs('stopping')).toEqual(['a']);
  expect(await running).toBe(true);
  expect(await a.runNow('stopping')).toBe(false);
  await a.stop();
  expect(await runs('stopping')).toEqual(['a']);
});

it('logs a failing job, rolls it back and keeps going', async () => {
  let calls = 0;
  const { scheduler, lines } = start(ormA, [
    {
      name: 'flaky',
      everyMs: NEVER,
      async run(tx) {
        calls += 1;
        await tx.execute('insert into job_run (job, who) values (?, ?)', ['flaky', `call ${calls}`]);
        if (calls === 1) throw new Error('first call fails');
      },
    },
  ]);
  expect(await scheduler.runNow('flaky')).toBe(false);
  expect(lines).toContainEqual(
    expect.objectContaining({ level: 50, job: 'flaky', msg: 'Scheduled job failed; it will run again at its next tick' }),
  );
  expect(await scheduler.runNow('flaky')).toBe(true);
  expect(await runs('flaky')).toEqual(['call 2']);
});

it('never overlaps runs of one job in one process', async () => {
  let running = 0;
  let most = 0;
  const { scheduler } = start(ormA, [
    {
      name: 'serial',
      everyMs: NEVER,
      async run() {
        running += 1;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 20));
        running -= 1;
      },
    },
  ]);
  // Each waits its turn, so each takes the (free) lock and runs: none is skipped.
  expect(await Promise.all([1, 2, 3].map(() => scheduler.runNow('serial')))).toEqual([true, true, true]);
  expect(most).toBe(1);
});

it('ticks on its own every everyMs until stopped', async () => {
  const { scheduler } = start(ormA, [countingJob('ticking', 'a', Promise.resolve(), undefined, 50)]);
  await waitFor(async () => (await runs('ticking')).length >= 3, 'three ticks');
  await scheduler.stop();
  const count = (await runs('ticking')).length;
  await new Promise((r) => setTimeout(r, 200));
  expect(await runs('ticking')).toHaveLength(count);
});

it('refuses jobs it could not schedule', () => {
  const log = pino({ level: 'silent' });
  const job = countingJob('dup', 'a', Promise.resolve());
  expect(() => startScheduler(ormA, [job, job], log)).toThrow("Two scheduled jobs are called 'dup'.");
  expect(() => startScheduler(ormA, [{ ...job, everyMs: 0 }], log)).toThrow('needs an everyMs between 1');
  expect(() => startScheduler(ormA, [{ ...job, everyMs: 2 ** 31 }], log)).toThrow('needs an everyMs between 1');
});

it('rejects runNow for a job it does not have', async () => {
  const { scheduler } = start(ormA, []);
  await expect(scheduler.runNow('missing')).rejects.toThrow("No scheduled job is called 'missing'.");
});
