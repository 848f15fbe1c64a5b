import type { EntityManager } from '@mikro-orm/postgresql';
import { IsolationLevel } from '@mikro-orm/core';
import { fromDatabaseError, sqlStateOf } from '../../errors';
import { intArray } from '../../sql';
import { groupIdsOf, type Viewer } from './viewer';

export interface ScopeOptions {
  /** The hub's own jobs (overdue detection, retention): every row, whatever the groups. */
  system?: boolean;
  isolationLevel?: IsolationLevel;
}

/**
 * Runs `fn` in a transaction in which PostgreSQL's row-level security shows the case tables' rows of
 * the viewer's groups only. The application filters by group as well; this is the backstop that
 * makes a missed filter return nothing rather than another group's cases. Settings are local to the
 * transaction, so a pooled connection never carries one request's groups into the next.
 */
export async function inScope<T>(
  em: EntityManager,
  viewer: Viewer | null,
  fn: (tx: EntityManager) => Promise<T>,
  options: ScopeOptions = {},
): Promise<T> {
  return em.transactional(
    async (tx) => {
      await tx.execute(`select set_config('hub.group_ids', ?, true), set_config('hub.system', ?, true)`, [
        intArray(groupIdsOf(viewer)),
        options.system ? 'on' : 'off',
      ]);
      return fn(tx);
    },
    { isolationLevel: options.isolationLevel },
  );
}

const RETRYABLE = new Set(['40001', '40P01']);

/**
 * Runs a write on a fresh fork, and again on another fresh fork when PostgreSQL reports a
 * serialization failure or deadlock: the retry then sees the winner's commit, so an optimistic
 * version check in `fn` turns a lost race into a clear CONFLICT instead of an overwrite.
 *
 * Writers that all update one row succeed one per round, so n of them at once need up to n
 * attempts: hence a random wait that grows each time (capped) so the losers spread out instead of
 * colliding again. (Case openings, which all take a number from their group's counter row, run at
 * READ COMMITTED instead and never get here.)
 *
 * What still fails is turned into the client-facing error here, the one place every write passes
 * through: a unique, foreign-key or check violation, or a conflict that outlasted the retries,
 * becomes CONFLICT or BAD_USER_INPUT naming the field (see `fromDatabaseError`), never an internal error.
 */
export async function withRetry<T>(em: EntityManager, fn: (fork: EntityManager) => Promise<T>, attempts = 12): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn(em.fork());
    } catch (err) {
      if (attempt >= attempts || !RETRYABLE.has(sqlStateOf(err) ?? '')) throw fromDatabaseError(err) ?? err;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(5 * 2 ** attempt, 500)));
    }
  }
}
