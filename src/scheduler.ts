import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import type { Logger } from './logger';
import { col, selectOne } from './rows';

export interface ScheduledJob {
  name: string;
  everyMs: number;
  run(tx: EntityManager): Promise<void>;
}

export interface Scheduler {
  /** Stops ticking and waits for a tick that is running to finish. Safe to call more than once. */
  stop(): Promise<void>;
  /**
   * Runs the job now, after any tick of it already running here. True if this process took the lock
   * and the job committed; false if another process held the lock, the job failed (logged), or the
   * scheduler has stopped.
   */
  runNow(name: string): Promise<boolean>;
}

/**
 * The advisory lock key for a job: the first 8 bytes of a SHA-256 of its name, as a signed 64-bit
 * integer (PostgreSQL's bigint). Stable across processes and releases, which a counter or a
 * JavaScript string hash would not be. The prefix keeps the keys apart from other advisory locks.
 */
export function jobLockKey(name: string): string {
  return createHash('sha256').update(`hub-scheduler:${name}`).digest().readBigInt64BE(0).toString();
}

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Time to the next multiple of `everyMs` on the wall clock. */
function untilNextTick(everyMs: number): number {
  return everyMs - (Date.now() % everyMs);
}

interface JobState {
  job: ScheduledJob;
  key: string;
  timer?: NodeJS.Timeout;
  /** The tail of this job's queue of runs here; runs never overlap within one process. */
  tail: Promise<unknown>;
  busy: number;
}

/**
 * Starts ticking. Each tick runs the job in a transaction that first takes the job's advisory lock;
 * if another process holds it, the tick is skipped, so a job runs in one process at a time. Errors
 * are logged, never thrown.
 *
 * Ticks fall on wall-clock multiples of `everyMs`, so every process ticks at about the same moment
 * and all but one find the lock taken. The lock only excludes runs that overlap, though: a process
 * whose tick comes after another's run has already committed runs the job again. Jobs must be safe
 * to run twice in a row (check in the database whether the work is due, inside `tx`).
 */
export function startScheduler(orm: MikroORM, jobs: ScheduledJob[], log: Logger): Scheduler {
  const states = new Map<string, JobState>();
  for (const job of jobs) {
    if (states.has(job.name)) throw new Error(`Two scheduled jobs are called '${job.name}'.`);
    // setTimeout fires at once for delays it cannot hold, which would run the job in a tight loop.
    if (!(job.everyMs > 0 && job.everyMs <= MAX_TIMEOUT_MS)) {
      throw new Error(`Scheduled job '${job.name}' needs an everyMs between 1 and ${MAX_TIMEOUT_MS}.`);
    }
    states.set(job.name, { job, key: jobLockKey(job.name), tail: Promise.resolve(), busy: 0 });
  }
  let stopped = false;

  async function tick({ job, key }: JobState): Promise<boolean> {
    try {
      return await orm.em.fork().transactional(async (tx) => {
        // The transaction-scoped lock is released by commit or rollback, and by PostgreSQL when the
        // connection dies, so a process that crashes mid-run never leaves the job locked. A session
        // lock would stay with the pooled connection if an unlock were ever missed.
        const { locked } = await selectOne(tx, { locked: col.boolean }, 'select pg_try_advisory_xact_lock(?::bigint) as locked', [key]);
        if (!locked) {
          log.debug({ job: job.name }, 'Scheduled job is running in another process; skipped this tick');
          return false;
        }
        await job.run(tx);
        return true;
      });
    } catch (err) {
      log.error({ err, job: job.name }, 'Scheduled job failed; it will run again at its next tick');
      return false;
    }
  }

  function enqueue(state: JobState): Promise<boolean> {
    state.busy += 1;
    const run = state.tail.then(() => (stopped ? false : tick(state))).finally(() => (state.busy -= 1));
    state.tail = run;
    return run;
  }

  function schedule(state: JobState): void {
    if (stopped) return;
    state.timer = setTimeout(() => {
      // A tick still running (or a runNow) covers this one; queueing behind it would run the job twice.
      const run = state.busy ? Promise.resolve() : enqueue(state);
      void run.finally(() => {
        schedule(state);
      });
    }, untilNextTick(state.job.everyMs));
    // The scheduler alone should not keep a process (a CLI, a test) alive.
    state.timer.unref();
  }

  for (const state of states.values()) schedule(state);

  return {
    async stop() {
      stopped = true;
      for (const state of states.values()) clearTimeout(state.timer);
      await Promise.all([...states.values()].map((s) => s.tail));
    },
    runNow(name) {
      const state = states.get(name);
      if (!state) return Promise.reject(new Error(`No scheduled job is called '${name}'.`));
      return enqueue(state);
    },
  };
}
