import { IsolationLevel, OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError, fromDatabaseError, sqlStateOf } from '../../errors';
import { intArray } from '../../sql';
import { changeLog, type ChangeLog, type CommittingChangeLog } from './live.outbox';
import type { WakeUpBus } from './live.wakeups';

/**
 * Whose groups a transaction may see: the viewer (access's `Viewer` is one), or null for nobody's.
 * Only the group ids matter here, so this module needs nothing from access.
 */
export interface ScopeHolder {
  readonly memberships: readonly { readonly groupId: number }[];
}

export interface ScopeOptions {
  /** The hub's own jobs (overdue detection, retention) and admins' account changes: every row, whatever the groups. */
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
  viewer: ScopeHolder | null,
  fn: (tx: EntityManager) => Promise<T>,
  options: ScopeOptions = {},
): Promise<T> {
  const groupIds = viewer ? viewer.memberships.map((m) => m.groupId) : [];
  return em.transactional(
    async (tx) => {
      await tx.execute(`select set_config('hub.group_ids', ?, true), set_config('hub.system', ?, true)`, [
        intArray(groupIds),
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

/**
 * The optimistic version check of an edit: CONFLICT, naming both versions, when the record moved on
 * since the caller read it. (A write that commits between this check and the UPDATE is caught by
 * the version condition in the UPDATE itself; see writeChanges.)
 */
export function checkVersion(found: { id: number; version: number }, sent: number, what: string): void {
  if (found.version !== sent) {
    throw new ConflictError(
      `${what} ${found.id} has changed since you read it (you sent version ${sent}; it is now at version ${found.version}). ` +
        'Reload it and make your change again; nothing was written.',
      { field: 'version', expected: sent, actual: found.version },
    );
  }
}

/**
 * Runs a change to case data: in the caller's group scope (row-level security), at REPEATABLE READ
 * so that a concurrent write to the same row fails instead of being overwritten, retried on a fresh
 * fork after serialization failures, with its events in the same transaction. Wakes subscribers in
 * every process once committed.
 *
 * `isolationLevel: READ_COMMITTED` is for changes that only add rows and take a number from a shared
 * counter row (opening a case): there a concurrent writer should wait for the counter and then
 * count on from it, not fail and start again.
 */
export async function writeChanges<T>(
  em: EntityManager,
  viewer: ScopeHolder | null,
  bus: WakeUpBus,
  fn: (tx: EntityManager, log: ChangeLog) => Promise<T>,
  options: ScopeOptions = {},
): Promise<T> {
  // Each attempt has a log of its own: only the committed attempt's events are announced.
  let log: CommittingChangeLog | undefined;
  const attempt = (fork: EntityManager) =>
    inScope(
      fork,
      viewer,
      (tx) => {
        const attemptLog = changeLog(tx, bus);
        log = attemptLog;
        return fn(tx, attemptLog);
      },
      { isolationLevel: options.isolationLevel ?? IsolationLevel.REPEATABLE_READ, system: options.system },
    ).catch((err: unknown) => {
      // The version check in the UPDATE itself caught an edit that committed after this one read the row.
      if (err instanceof OptimisticLockError) {
        throw new ConflictError('The record changed while your edit was being saved; reload it and try again. Nothing was written.', {
          field: 'version',
        });
      }
      throw err;
    });
  const result = await withRetry(em, attempt);
  await log?.afterCommit();
  return result;
}
