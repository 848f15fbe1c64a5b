import { IsolationLevel, OptimisticLockError } from '@mikro-orm/core';
import { ConflictError } from '../../errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import { registerEnumType } from 'type-graphql';
import type { WakeUp, WakeUpBus } from '../../wakeups';
import { appendEvent, encodeCursor } from '../events/events.service';
import { inScope, withRetry } from '../access/scope';
import type { Viewer } from '../access/viewer';

export enum TaskingEventType {
  CASE_OPENED = 'CASE_OPENED',
  CASE_UPDATED = 'CASE_UPDATED',
  CASE_ESCALATED = 'CASE_ESCALATED',
  CASE_CLOSED = 'CASE_CLOSED',
  ACTION_ASSIGNED = 'ACTION_ASSIGNED',
  ACTION_UPDATED = 'ACTION_UPDATED',
  ACTION_COMPLETED = 'ACTION_COMPLETED',
  ACTION_OVERDUE = 'ACTION_OVERDUE',
  MEETING_SCHEDULED = 'MEETING_SCHEDULED',
  DECISION_RECORDED = 'DECISION_RECORDED',
  ISSUE_RAISED = 'ISSUE_RAISED',
  ISSUE_RESPONDED = 'ISSUE_RESPONDED',
}

registerEnumType(TaskingEventType, {
  name: 'TaskingEventType',
  description: 'What happened in a tasking group.',
  valuesConfig: {
    CASE_OPENED: { description: 'A case was referred to or opened in the group.' },
    CASE_UPDATED: { description: 'A case changed: details, risk, a note, or a status move not listed below.' },
    CASE_ESCALATED: { description: 'A case was escalated.' },
    CASE_CLOSED: { description: 'A case was closed.' },
    ACTION_ASSIGNED: { description: 'An action was assigned to an agency.' },
    ACTION_UPDATED: { description: 'An action changed (status, due date or assignee).' },
    ACTION_COMPLETED: { description: 'An action was done.' },
    ACTION_OVERDUE: { description: 'An action passed its due date without being done.' },
    MEETING_SCHEDULED: { description: 'A meeting was scheduled.' },
    DECISION_RECORDED: { description: 'A decision was recorded at a meeting.' },
    ISSUE_RAISED: { description: 'Residents raised an issue at a neighbourhood meeting.' },
    ISSUE_RESPONDED: { description: 'An issue raised at a neighbourhood meeting was responded to.' },
  },
});

/** Ids of what an event is about: never personal data, so the outbox holds nothing to leak. */
export interface TaskingEventPayload {
  groupId: number;
  caseId?: number;
  actionId?: number;
  meetingId?: number;
  decisionId?: number;
  issueId?: number;
}

/** The outbox channel of a group's events. */
export function groupChannel(groupId: number): string {
  return `group:${groupId}`;
}

/** Records events in the transaction that makes the change. */
export interface ChangeLog {
  record(type: TaskingEventType, payload: TaskingEventPayload): Promise<void>;
  /** An event on another channel, e.g. an account's, to make its subscriptions re-check access. */
  recordOn(channel: string, type: string, payload: Record<string, unknown>): Promise<void>;
}

/** A change log writing to the outbox in `tx`; the wake-ups to send after commit are pushed onto `wakes`. */
export function changeLog(tx: EntityManager, bus: WakeUpBus, wakes: WakeUp[]): ChangeLog {
  const recordOn = async (channel: string, type: string, payload: Record<string, unknown>) => {
    const cursor = await appendEvent(tx, channel, type, payload, bus);
    wakes.push({ channel, cursor: encodeCursor(cursor) });
  };
  return { recordOn, record: (type, payload) => recordOn(groupChannel(payload.groupId), type, { ...payload }) };
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
  viewer: Viewer | null,
  bus: WakeUpBus,
  fn: (tx: EntityManager, log: ChangeLog) => Promise<T>,
  options: { system?: boolean; isolationLevel?: IsolationLevel } = {},
): Promise<T> {
  let wakes: WakeUp[] = [];
  const attempt = (fork: EntityManager) =>
    inScope(
      fork,
      viewer,
      (tx) => {
        wakes = [];
        return fn(tx, changeLog(tx, bus, wakes));
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
  await bus.afterCommit(wakes);
  return result;
}
