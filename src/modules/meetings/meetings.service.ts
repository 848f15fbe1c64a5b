import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../../errors';
import { paginate, type Page } from '../../pagination';
import { intArray } from '../../sql';
import { idOf, InputCheck, today } from '../../validation';
import { groupThrough, requireChair, requireInGroup, requireMember, signedIn } from '../access/access.rules';
import { HubUser } from '../access/hub-user.entity';
import { groupIdsOf, type Viewer } from '../access/viewer';
import { TaskingCase } from '../cases/case.entity';
import { checkPlaces } from '../cases/cases.service';
import { checkVersion, inScope, writeChanges } from '../live/live.transaction';
import type { WakeUpBus } from '../live/live.wakeups';
import { Partner } from '../partners/partner.entity';
import { TaskingEventType, taskingEvent } from '../tasking/tasking.events';
import { TaskingGroup } from '../tasking/tasking-group.entity';
import { Meeting, MeetingAgendaItem, MeetingAttendee, MeetingDecision } from './meeting.entity';
import {
  MAX_AGENDA_ITEMS,
  MAX_ATTENDING_AGENCIES,
  MAX_PEOPLE_PER_AGENCY,
  MEETING_TEXT,
  type MeetingsArgs,
  type NeighbourhoodIssuesArgs,
  type RaiseNeighbourhoodIssueInput,
  type RecordAttendanceInput,
  type RecordDecisionInput,
  type RespondToNeighbourhoodIssueInput,
  type ScheduleMeetingInput,
} from './meetings.inputs';
import { NeighbourhoodIssue } from './neighbourhood-issue.entity';
import { col, selectRows } from '../../rows';

// ---------------------------------------------------------------------------------------------
// Access

/**
 * The meeting, if the viewer may see it (and, with `chair`, chairs its group): NOT_FOUND when there
 * is none, FORBIDDEN when it is another group's.
 */
export async function requireMeeting(tx: EntityManager, viewer: Viewer | null, id: number, what: string, chair = false): Promise<Meeting> {
  return (await requireInGroup(tx, viewer, { entity: Meeting, view: 'meeting_fact', noun: 'meeting' }, id, what, chair)).found;
}

/** The issue, if the viewer may see it: NOT_FOUND when there is none, FORBIDDEN when it is another group's. */
export async function requireIssue(tx: EntityManager, viewer: Viewer | null, id: number, what: string): Promise<NeighbourhoodIssue> {
  return (await requireInGroup(tx, viewer, { entity: NeighbourhoodIssue, view: 'issue_fact', noun: 'neighbourhood issue' }, id, what))
    .found;
}

/** The groups a list covers: all the viewer's groups, or the one asked for if the viewer is in it. */
function scopeOf(viewer: Viewer | null, groupId: string | null | undefined, what: string): number[] {
  const groups = groupIdsOf(signedIn(viewer));
  if (groupId == null) return groups;
  const id = idOf(groupId, 'groupId');
  requireMember(viewer, id, `${what} of group ${id}`);
  return [id];
}

/**
 * Refuses to record what happened at a meeting that has not started yet, naming `meetingId`.
 * Checked after access, so a caller outside the group learns nothing about the meeting's date.
 */
function requireHappened(meeting: Meeting, what: string): void {
  if (meeting.startsAt.getTime() <= Date.now()) return;
  throw new BadUserInputError(
    `Meeting ${meeting.id} is on ${today(meeting.startsAt)} (${meeting.startsAt.toISOString()}) and has not happened yet; ` +
      `${what} can be recorded once it has started. Nothing was written.`,
    'meetingId',
  );
}

function isDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

// ---------------------------------------------------------------------------------------------
// Reads

/** A meeting the viewer can see, or the reason they cannot. */
export async function findMeeting(em: EntityManager, viewer: Viewer | null, id: string): Promise<Meeting> {
  const meetingId = idOf(id, 'id');
  return inScope(em, viewer, (tx) => requireMeeting(tx, viewer, meetingId, `Meeting ${meetingId}`));
}

/** A page of the meetings of the viewer's groups (or of one of them), in date order. */
export async function listMeetings(
  em: EntityManager,
  viewer: Viewer | null,
  args: MeetingsArgs,
  maxPageSize: number,
): Promise<Page<Meeting>> {
  const scope = scopeOf(viewer, args.groupId, 'Meetings');
  const check = new InputCheck();
  if (args.from != null && !isDate(args.from)) check.add('from', "'from' is not a valid date-time.");
  if (args.to != null && !isDate(args.to)) check.add('to', "'to' is not a valid date-time.");
  if (isDate(args.from) && isDate(args.to) && args.from > args.to) {
    check.add('from', `'from' (${args.from.toISOString()}) is after 'to' (${args.to.toISOString()}).`);
  }
  check.done();
  const where: FilterQuery<Meeting>[] = [{ group: { $in: scope } }];
  if (args.from) where.push({ startsAt: { $gte: args.from } });
  if (args.to) where.push({ startsAt: { $lte: args.to } });
  return inScope(em, viewer, (tx) => paginate(tx, Meeting, { $and: where }, [{ startsAt: 'asc' }, { id: 'asc' }], args, maxPageSize));
}

/** A page of the neighbourhood issues of the viewer's groups (or of one of them), newest first. */
export async function listNeighbourhoodIssues(
  em: EntityManager,
  viewer: Viewer | null,
  args: NeighbourhoodIssuesArgs,
  maxPageSize: number,
): Promise<Page<NeighbourhoodIssue>> {
  const scope = scopeOf(viewer, args.groupId, 'Neighbourhood issues');
  const where: FilterQuery<NeighbourhoodIssue>[] = [{ group: { $in: scope } }];
  if (args.openOnly) where.push({ respondedOn: null });
  return inScope(em, viewer, (tx) =>
    paginate(tx, NeighbourhoodIssue, { $and: where }, [{ raisedOn: 'desc' }, { id: 'desc' }], args, maxPageSize),
  );
}

/** Meetings by id as the viewer may see them: others' meetings are simply absent. */
export function meetingsByIds(em: EntityManager, viewer: Viewer | null, ids: readonly number[]): Promise<Meeting[]> {
  return inScope(em, viewer, (tx) => tx.find(Meeting, { id: { $in: [...ids] }, group: { $in: groupIdsOf(viewer) } }));
}

/** One agenda line: a case on a meeting's agenda. */
export interface AgendaEntry {
  meetingId: number;
  case: TaskingCase;
}

/** The agendas of many meetings in one statement, in the order the cases were put on them. */
export function agendasOfMeetings(em: EntityManager, viewer: Viewer | null, ids: readonly number[]): Promise<AgendaEntry[]> {
  return inScope(em, viewer, async (tx) => {
    const groups = groupIdsOf(viewer);
    const items = await tx.find(
      MeetingAgendaItem,
      { meeting: { $in: [...ids], group: { $in: groups } }, case: { group: { $in: groups } } },
      { populate: ['case'], orderBy: { id: 'asc' } },
    );
    return items.map((i) => ({ meetingId: i.meeting.id, case: i.case }));
  });
}

/** The attendance of many meetings in one statement. */
export function attendeesOfMeetings(em: EntityManager, viewer: Viewer | null, ids: readonly number[]): Promise<MeetingAttendee[]> {
  return inScope(em, viewer, (tx) =>
    tx.find(MeetingAttendee, { meeting: { $in: [...ids], group: { $in: groupIdsOf(viewer) } } }, { orderBy: { id: 'asc' } }),
  );
}

/** The decisions of many meetings in one statement, in the order they were recorded. */
export function decisionsOfMeetings(em: EntityManager, viewer: Viewer | null, ids: readonly number[]): Promise<MeetingDecision[]> {
  return inScope(em, viewer, (tx) =>
    tx.find(
      MeetingDecision,
      { meeting: { $in: [...ids], group: { $in: groupIdsOf(viewer) } } },
      { orderBy: { recordedAt: 'asc', id: 'asc' } },
    ),
  );
}

/** Whether an issue was answered by its due date; null while it is unanswered. */
/** Neighbourhood issues by id as the viewer may see them: others' are simply absent. */
export function issuesByIds(em: EntityManager, viewer: Viewer | null, ids: readonly number[]): Promise<NeighbourhoodIssue[]> {
  return inScope(em, viewer, (tx) => tx.find(NeighbourhoodIssue, { id: { $in: [...ids] }, group: { $in: groupIdsOf(viewer) } }));
}

export function respondedOnTime(issue: Pick<NeighbourhoodIssue, 'respondedOn' | 'responseDueOn'>): boolean | null {
  return issue.respondedOn == null ? null : issue.respondedOn <= issue.responseDueOn;
}

// ---------------------------------------------------------------------------------------------
// Writes

/** Schedules a meeting of a group the viewer chairs, with cases of the group on its agenda. */
export async function scheduleMeeting(
  em: EntityManager,
  viewer: Viewer | null,
  input: ScheduleMeetingInput,
  bus: WakeUpBus,
): Promise<Meeting> {
  const groupId = idOf(input.groupId, 'groupId');
  requireChair(viewer, groupId, `Scheduling a meeting of group ${groupId}`);
  const check = new InputCheck().text('venue', input.venue, MEETING_TEXT.venue, false);
  if (!isDate(input.startsAt)) check.add('startsAt', "'startsAt' is not a valid date-time.");
  else if (input.startsAt.getTime() <= Date.now()) {
    check.add('startsAt', `'startsAt' (${input.startsAt.toISOString()}) is not in the future; schedule a meeting still to come.`);
  }
  const agenda = input.agendaCaseIds ?? [];
  if (agenda.length > MAX_AGENDA_ITEMS)
    check.add('agendaCaseIds', `An agenda holds at most ${MAX_AGENDA_ITEMS} cases; ${agenda.length} were sent.`);
  const caseIds = agenda.map((value, i) => check.id(`agendaCaseIds.${i}`, value));
  caseIds.forEach((id, i) => {
    if (id !== undefined && caseIds.indexOf(id) < i) check.add(`agendaCaseIds.${i}`, `Case ${id} is on the agenda twice.`);
  });
  return writeChanges(em, viewer, bus, async (tx, log) => {
    const group = await tx.findOneOrFail(TaskingGroup, groupId);
    const wanted = [...new Set(caseIds.filter((id): id is number => id !== undefined))];
    const owners = new Map(
      wanted.length
        ? (
            await selectRows(tx, { id: col.int, group_id: col.int }, 'select id, group_id from case_fact where id = any(?::int[])', [
              intArray(wanted),
            ])
          ).map((r) => [r.id, r.group_id] as const)
        : [],
    );
    caseIds.forEach((id, i) => {
      if (id === undefined) return;
      const owner = owners.get(id);
      if (owner === undefined) check.add(`agendaCaseIds.${i}`, `There is no case with id ${id}.`);
      else if (owner !== groupId)
        check.add(`agendaCaseIds.${i}`, `Case ${id} is not a case of ${group.name}; only the group's own cases go on its agenda.`);
    });
    check.done();
    const meeting = tx.create(Meeting, { group, startsAt: input.startsAt, venue: input.venue?.trim() || null });
    for (const id of wanted) tx.create(MeetingAgendaItem, { meeting, case: tx.getReference(TaskingCase, id) });
    await tx.flush();
    await log.record(taskingEvent(TaskingEventType.MEETING_SCHEDULED, { groupId, meetingId: meeting.id }));
    return meeting;
  });
}

/**
 * Records who came to a meeting, replacing the list recorded before, if the viewer read the
 * meeting's current version; the meeting's version goes up by one. No event: attendance is not news.
 */
export async function recordAttendance(
  em: EntityManager,
  viewer: Viewer | null,
  input: RecordAttendanceInput,
  bus: WakeUpBus,
): Promise<Meeting> {
  const meetingId = idOf(input.meetingId, 'meetingId');
  const check = new InputCheck();
  if (input.attendees.length > MAX_ATTENDING_AGENCIES) {
    check.add('attendees', `At most ${MAX_ATTENDING_AGENCIES} agencies can be recorded; ${input.attendees.length} were sent.`);
  }
  const agencyIds = input.attendees.map((a, i) => check.id(`attendees.${i}.agencyId`, a.agencyId));
  input.attendees.forEach((a, i) => {
    if (!Number.isInteger(a.people) || a.people < 1 || a.people > MAX_PEOPLE_PER_AGENCY) {
      check.add(
        `attendees.${i}.people`,
        `'attendees.${i}.people' must be a whole number from 1 to ${MAX_PEOPLE_PER_AGENCY}; it was ${a.people}.`,
      );
    }
    const id = agencyIds[i];
    if (id !== undefined && agencyIds.indexOf(id) < i) {
      check.add(`attendees.${i}.agencyId`, `Agency ${id} is listed twice; give each agency once with its number of people.`);
    }
  });
  return writeChanges(em, viewer, bus, async (tx) => {
    const meeting = await requireMeeting(tx, viewer, meetingId, `Recording attendance at meeting ${meetingId}`);
    requireHappened(meeting, 'attendance');
    checkVersion(meeting, input.version, 'Meeting');
    const wanted = [...new Set(agencyIds.filter((id): id is number => id !== undefined))];
    const known = new Set(wanted.length ? (await tx.find(Partner, { id: { $in: wanted } }, { fields: ['id'] })).map((p) => p.id) : []);
    agencyIds.forEach((id, i) => {
      if (id !== undefined && !known.has(id)) check.add(`attendees.${i}.agencyId`, `There is no partner organisation with id ${id}.`);
    });
    check.done();
    await tx.nativeDelete(MeetingAttendee, { meeting: meetingId });
    input.attendees.forEach((a, i) => {
      // check.done() throws if any agency id was bad.
      const agencyId = agencyIds[i];
      if (agencyId === undefined) throw new Error(`attendee ${i} passed the input check without an agency id`);
      tx.create(MeetingAttendee, { meeting, agency: tx.getReference(Partner, agencyId), people: a.people });
    });
    await tx.flush();
    // The meeting's own columns did not change, so the version is moved on by hand.
    await tx.execute('update meeting set version = version + 1 where id = ?', [meetingId]);
    return tx.refreshOrFail(meeting);
  });
}

/** Records a decision at a meeting of a group the viewer chairs, optionally about one of its cases. */
export async function recordDecision(
  em: EntityManager,
  viewer: Viewer | null,
  input: RecordDecisionInput,
  bus: WakeUpBus,
): Promise<MeetingDecision> {
  const meetingId = idOf(input.meetingId, 'meetingId');
  const check = new InputCheck().text('text', input.text, MEETING_TEXT.decision);
  const caseId = input.caseId == null ? undefined : check.id('caseId', input.caseId);
  return writeChanges(em, viewer, bus, async (tx, log) => {
    const meeting = await requireMeeting(tx, viewer, meetingId, `Recording a decision at meeting ${meetingId}`, true);
    requireHappened(meeting, 'decisions');
    const groupId = meeting.group.id;
    if (caseId !== undefined) {
      const owner = await groupThrough(tx, 'case_fact', caseId);
      if (owner === undefined) check.add('caseId', `There is no case with id ${caseId}.`);
      else if (owner !== groupId) check.add('caseId', `Case ${caseId} is not a case of the group that holds meeting ${meetingId}.`);
    }
    check.done();
    const decision = tx.create(MeetingDecision, {
      meeting,
      case: caseId === undefined ? null : tx.getReference(TaskingCase, caseId),
      text: input.text.trim(),
      recordedBy: tx.getReference(HubUser, signedIn(viewer).userId),
    });
    await tx.flush();
    await log.record(taskingEvent(TaskingEventType.DECISION_RECORDED, { groupId, meetingId, decisionId: decision.id, caseId }));
    return decision;
  });
}

/** Records an issue residents raised with a group the viewer belongs to, in a ward of its locality. */
export async function raiseNeighbourhoodIssue(
  em: EntityManager,
  viewer: Viewer | null,
  input: RaiseNeighbourhoodIssueInput,
  bus: WakeUpBus,
): Promise<NeighbourhoodIssue> {
  const groupId = idOf(input.groupId, 'groupId');
  requireMember(viewer, groupId, `Raising an issue with group ${groupId}`);
  const check = new InputCheck().text('summary', input.summary, MEETING_TEXT.summary);
  const now = today();
  if (input.raisedOn > now)
    check.add('raisedOn', `'raisedOn' (${input.raisedOn}) is in the future; an issue is recorded once it has been raised.`);
  if (input.responseDueOn < input.raisedOn) {
    check.add('responseDueOn', `'responseDueOn' (${input.responseDueOn}) is before 'raisedOn' (${input.raisedOn}).`);
  }
  const meetingId = input.meetingId == null ? undefined : check.id('meetingId', input.meetingId);
  return writeChanges(em, viewer, bus, async (tx, log) => {
    const group = await tx.findOneOrFail(TaskingGroup, groupId);
    const refs = await checkPlaces(tx, check, group, { wardCode: input.wardCode, lsoaCode: input.lsoaCode });
    let meeting: Meeting | null = null;
    if (meetingId !== undefined) {
      // The viewer is a member of the group, so any meeting of the group is visible to them.
      meeting = await tx.findOne(Meeting, { id: meetingId, group: groupId });
      if (!meeting) check.add('meetingId', `Meeting ${meetingId} is not a meeting of ${group.name}.`);
    }
    check.done();
    // check.done() throws unless the ward was given and found.
    const { ward } = refs;
    if (!ward) throw new Error('an issue passed the input check without its ward');
    const issue = tx.create(NeighbourhoodIssue, {
      group,
      meeting,
      ward,
      lsoa: refs.lsoa ?? null,
      category: input.category,
      summary: input.summary.trim(),
      raisedOn: input.raisedOn,
      responseDueOn: input.responseDueOn,
    });
    await tx.flush();
    await log.record(taskingEvent(TaskingEventType.ISSUE_RAISED, { groupId, issueId: issue.id, meetingId }));
    return issue;
  });
}

/**
 * Records the response to an issue, if the viewer read its current version. A second response
 * replaces the first (and its date), so a correction is possible; each is announced.
 */
export async function respondToNeighbourhoodIssue(
  em: EntityManager,
  viewer: Viewer | null,
  input: RespondToNeighbourhoodIssueInput,
  bus: WakeUpBus,
): Promise<NeighbourhoodIssue> {
  const id = idOf(input.id, 'id');
  const check = new InputCheck().text('response', input.response, MEETING_TEXT.response);
  if (input.respondedOn > today()) check.add('respondedOn', `'respondedOn' (${input.respondedOn}) is in the future.`);
  return writeChanges(em, viewer, bus, async (tx, log) => {
    const issue = await requireIssue(tx, viewer, id, `Responding to issue ${id}`);
    checkVersion(issue, input.version, 'Neighbourhood issue');
    if (input.respondedOn < issue.raisedOn) {
      check.add('respondedOn', `'respondedOn' (${input.respondedOn}) is before the issue was raised (${issue.raisedOn}).`);
    }
    check.done();
    issue.respondedOn = input.respondedOn;
    issue.response = input.response.trim();
    await tx.flush();
    await log.record(taskingEvent(TaskingEventType.ISSUE_RESPONDED, { groupId: issue.group.id, issueId: id }));
    return issue;
  });
}
