import type { EntityManager } from '@mikro-orm/postgresql';
import { idOf, InputCheck, today } from '../../validation';
import { requireInGroup } from '../access/access.rules';
import { HubUser } from '../access/hub-user.entity';
import { groupIdsOf, type Viewer } from '../access/viewer';
import { requireCase } from '../cases/cases.service';
import type { ChangeLog } from '../live/live.outbox';
import { checkVersion, inScope, writeChanges } from '../live/live.transaction';
import type { WakeUpBus } from '../live/live.wakeups';
import { Partner } from '../partners/partner.entity';
import { TaskingEventType, taskingEvent } from '../tasking/tasking.events';
import { ActionStatus } from './actions.enums';
import { ACTION_TEXT, type AssignActionInput, type UpdateActionInput } from './actions.inputs';
import { CaseAction } from './case-action.entity';
import { col, selectRows } from '../../rows';

/** The actions of many cases the viewer can see, oldest first, in one statement. */
export function actionsOfCases(em: EntityManager, viewer: Viewer | null, caseIds: readonly number[]): Promise<CaseAction[]> {
  return inScope(em, viewer, (tx) =>
    tx.find(CaseAction, { case: { $in: [...caseIds], group: { $in: groupIdsOf(viewer) } } }, { orderBy: { dueOn: 'asc', id: 'asc' } }),
  );
}

/** Assigns a new action on a case to an agency (and optionally a person in it), due today or later. */
export async function assignAction(
  em: EntityManager,
  viewer: Viewer | null,
  input: AssignActionInput,
  bus: WakeUpBus,
): Promise<CaseAction> {
  const caseId = idOf(input.caseId, 'caseId');
  const check = new InputCheck().text('title', input.title, ACTION_TEXT.title).dateFrom('dueOn', input.dueOn, today());
  return writeChanges(em, viewer, bus, async (tx, log) => {
    const found = await requireCase(tx, viewer, caseId, `Assigning an action on case ${caseId}`);
    const agencyId = check.id('agencyId', input.agencyId);
    const agency = agencyId === undefined ? null : await tx.findOne(Partner, agencyId);
    if (agencyId !== undefined && !agency) check.add('agencyId', `There is no partner organisation with id ${agencyId}.`);
    let assignee: HubUser | null = null;
    if (input.assigneeId != null) {
      const userId = check.id('assigneeId', input.assigneeId);
      assignee = userId === undefined ? null : await tx.findOne(HubUser, userId);
      if (userId !== undefined && !assignee) check.add('assigneeId', `There is no account with id ${userId}.`);
      else if (assignee && agency && assignee.partner.id !== agency.id) {
        check.add('assigneeId', `${assignee.name} does not work for ${agency.name}; assign someone from that agency or no one.`);
      }
    }
    check.done();
    // check.done() throws when the agency was missing or unknown.
    if (!agency) throw new Error('the assigned agency passed the input check but was not found');
    const action = tx.create(CaseAction, {
      case: found,
      title: input.title.trim(),
      assignedAgency: agency,
      assignedTo: assignee,
      dueOn: input.dueOn,
      status: ActionStatus.OPEN,
    });
    await tx.flush();
    await log.record(taskingEvent(TaskingEventType.ACTION_ASSIGNED, { groupId: found.group.id, caseId, actionId: action.id }));
    return action;
  });
}

/** Changes an action's status, outcome or due date, if the viewer read its current version. */
export async function updateAction(
  em: EntityManager,
  viewer: Viewer | null,
  input: UpdateActionInput,
  bus: WakeUpBus,
): Promise<CaseAction> {
  const id = idOf(input.id, 'id');
  const check = new InputCheck().text('outcome', input.outcome, ACTION_TEXT.outcome, false).dateFrom('dueOn', input.dueOn, today());
  if (input.status === ActionStatus.OVERDUE) check.add('status', 'The hub marks actions OVERDUE itself when their due date passes.');
  return writeChanges(em, viewer, bus, async (tx, log) => {
    const owned = { entity: CaseAction, view: 'action_fact', noun: 'action' } as const;
    const { found: action, groupId } = await requireInGroup(tx, viewer, owned, id, `Updating action ${id}`);
    const caseId = action.case.id;
    checkVersion(action, input.version, 'Action');
    const status = input.status ?? action.status;
    if (action.status === ActionStatus.DONE && input.status && input.status !== ActionStatus.DONE) {
      check.add('status', `Action ${id} is DONE; it cannot move back to ${input.status}. Assign a new action instead.`);
    }
    if (status === ActionStatus.DONE && !(input.outcome ?? action.outcome)?.trim()) {
      check.add('outcome', "An action marked DONE needs an 'outcome': say what came of it.");
    }
    check.done();
    const completing = status === ActionStatus.DONE && action.status !== ActionStatus.DONE;
    if (input.outcome != null) action.outcome = input.outcome.trim();
    if (input.dueOn != null) action.dueOn = input.dueOn;
    action.status = input.dueOn && status === ActionStatus.OVERDUE ? ActionStatus.OPEN : status;
    if (completing) action.completedAt = new Date();
    await tx.flush();
    await log.record(
      taskingEvent(completing ? TaskingEventType.ACTION_COMPLETED : TaskingEventType.ACTION_UPDATED, {
        groupId,
        caseId,
        actionId: id,
      }),
    );
    return action;
  });
}

/**
 * Marks OPEN and IN_PROGRESS actions whose due date has passed as OVERDUE, with one event each.
 * Each row is changed by one transaction only, so even two runs at once report each action once.
 */
export async function markOverdueActions(tx: EntityManager, log: ChangeLog, on = today()): Promise<number[]> {
  const rows = await selectRows(
    tx,
    { id: col.int, case_id: col.int, group_id: col.int },
    `update case_action a set status = 'OVERDUE', version = a.version + 1
       from tasking_case c
      where c.id = a.case_id and a.status in ('OPEN', 'IN_PROGRESS') and a.due_on < ?::date
      returning a.id, a.case_id, c.group_id`,
    [on],
  );
  rows.sort((a, b) => a.id - b.id);
  for (const r of rows)
    await log.record(taskingEvent(TaskingEventType.ACTION_OVERDUE, { groupId: r.group_id, caseId: r.case_id, actionId: r.id }));
  return rows.map((r) => r.id);
}
