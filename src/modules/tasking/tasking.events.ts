import { registerEnumType } from 'type-graphql';
import { groupChannel } from '../live/live.channels';
import type { OutboxEventInput } from '../live/live.outbox';

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

/** A tasking event on its group's channel, for a change log to record: `log.record(taskingEvent(TaskingEventType.CASE_OPENED, { groupId, caseId }))`. */
export function taskingEvent(type: TaskingEventType, payload: TaskingEventPayload): OutboxEventInput {
  return { channel: groupChannel(payload.groupId), type, payload: { ...payload } };
}

const EVENT_TYPES: ReadonlyMap<string, TaskingEventType> = new Map(Object.values(TaskingEventType).map((t) => [t, t]));

/** The event type of an outbox row on a group channel; only the hub writes there, so anything else is a bug. */
export function taskingEventType(type: string): TaskingEventType {
  const known = EVENT_TYPES.get(type);
  if (!known) throw new Error(`Unknown tasking event type in the outbox: ${type}`);
  return known;
}
