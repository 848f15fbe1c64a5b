import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { type WardRow } from '../places/places.service';
import { Allow } from '../../auth';
import { loadRequired } from '../../batch';
import type { Context } from '../../context';
import { listCost, pageCost } from '../../limits';
import type { Page } from '../../pagination';
import { TaskingCase } from '../cases/case.entity';
import type { CasesLoaders } from '../cases/cases.loaders';
import { Partner } from '../partners/partner.entity';
import type { PartnersLoaders } from '../partners/partners.loaders';
import { Lsoa } from '../places/lsoa.entity';
import type { PlacesLoaders } from '../places/places.loaders';
import { Ward } from '../places/ward.entity';
import { TaskingGroup } from '../tasking/tasking-group.entity';
import type { TaskingLoaders } from '../tasking/tasking.loaders';
import { TaskingGroupEvent } from '../tasking/tasking.types';
import { Meeting, MeetingDecision } from './meeting.entity';
import {
  MeetingsArgs,
  NeighbourhoodIssuesArgs,
  RaiseNeighbourhoodIssueInput,
  RecordAttendanceInput,
  RecordDecisionInput,
  RespondToNeighbourhoodIssueInput,
  ScheduleMeetingInput,
} from './meetings.inputs';
import type { MeetingsLoaders } from './meetings.loaders';
import {
  findMeeting,
  listMeetings,
  listNeighbourhoodIssues,
  raiseNeighbourhoodIssue,
  recordAttendance,
  recordDecision,
  respondedOnTime,
  respondToNeighbourhoodIssue,
  scheduleMeeting,
} from './meetings.service';
import { MeetingAttendance, MeetingConnection, NeighbourhoodIssueConnection } from './meetings.types';
import { NeighbourhoodIssue } from './neighbourhood-issue.entity';

type MeetingsContext = Context<MeetingsLoaders & CasesLoaders & TaskingLoaders & PlacesLoaders & PartnersLoaders>;

@Resolver(() => Meeting)
export class MeetingResolver {
  @Allow('AUTHENTICATED')
  @Query(() => MeetingConnection, {
    description: 'Meetings of the tasking groups you belong to (or of one of them), earliest first.',
    complexity: pageCost,
  })
  meetings(@Args() args: MeetingsArgs, @Ctx() { em, viewer, limits }: Context): Promise<Page<Meeting>> {
    return listMeetings(em, viewer, args, limits.maxPageSize);
  }

  @Allow('AUTHENTICATED')
  @Query(() => Meeting, { description: "One meeting of a group you belong to: FORBIDDEN for another group's meeting." })
  meeting(@Arg('id', () => ID, { description: 'The meeting id.' }) id: string, @Ctx() { em, viewer }: Context): Promise<Meeting> {
    return findMeeting(em, viewer, id);
  }

  @Allow('PERSON')
  @Mutation(() => Meeting, { description: 'Schedules a meeting of a group you chair, with cases of the group on its agenda.' })
  scheduleMeeting(
    @Arg('input', { description: 'The meeting.' }) input: ScheduleMeetingInput,
    @Ctx() { em, viewer, bus }: Context,
  ): Promise<Meeting> {
    return scheduleMeeting(em, viewer, input, bus);
  }

  @Allow('PERSON')
  @Mutation(() => Meeting, {
    description:
      "Records which agencies came to a meeting of your group and how many people each sent, replacing the earlier list; send the meeting's version. Only once the meeting has started (BAD_USER_INPUT on meetingId before).",
  })
  recordAttendance(
    @Arg('input', { description: 'The attendance.' }) input: RecordAttendanceInput,
    @Ctx() { em, viewer, bus }: Context,
  ): Promise<Meeting> {
    return recordAttendance(em, viewer, input, bus);
  }

  @Allow('PERSON')
  @Mutation(() => MeetingDecision, {
    description:
      'Records a decision taken at a meeting of a group you chair, once the meeting has started (BAD_USER_INPUT on meetingId before).',
  })
  recordDecision(
    @Arg('input', { description: 'The decision.' }) input: RecordDecisionInput,
    @Ctx() { em, viewer, bus }: Context,
  ): Promise<MeetingDecision> {
    return recordDecision(em, viewer, input, bus);
  }

  @FieldResolver(() => TaskingGroup, { description: 'The group that meets.' })
  group(@Root() m: Meeting, @Ctx() { loaders }: MeetingsContext): Promise<TaskingGroup> {
    return loadRequired(loaders.tasking.taskingGroup, m.group.id);
  }

  @FieldResolver(() => [TaskingCase], { description: 'The cases on the agenda, in order.', complexity: listCost(10) })
  async agenda(@Root() m: Meeting, @Ctx() { loaders }: MeetingsContext): Promise<TaskingCase[]> {
    return (await loaders.meetings.meetingAgenda.load(m.id)).map((e) => e.case);
  }

  @FieldResolver(() => [MeetingAttendance], {
    description: 'The agencies that came and how many people each sent; empty until attendance is recorded.',
    complexity: listCost(8),
  })
  async attendees(@Root() m: Meeting, @Ctx() { loaders }: MeetingsContext): Promise<MeetingAttendance[]> {
    return (await loaders.meetings.meetingAttendees.load(m.id)).map((a) => ({ agencyId: a.agency.id, people: a.people }));
  }

  @FieldResolver(() => [MeetingDecision], {
    description: 'The decisions recorded at the meeting, in the order recorded.',
    complexity: listCost(10),
  })
  decisions(@Root() m: Meeting, @Ctx() { loaders }: MeetingsContext): Promise<MeetingDecision[]> {
    return loaders.meetings.meetingDecisions.load(m.id);
  }
}

@Resolver(() => MeetingAttendance)
export class MeetingAttendanceResolver {
  @FieldResolver(() => Partner, { description: 'The agency.' })
  agency(@Root() a: MeetingAttendance, @Ctx() { loaders }: MeetingsContext): Promise<Partner> {
    return loadRequired(loaders.partners.partner, a.agencyId);
  }
}

@Resolver(() => MeetingDecision)
export class MeetingDecisionResolver {
  @FieldResolver(() => Meeting, { description: 'The meeting the decision was taken at.' })
  meeting(@Root() d: MeetingDecision, @Ctx() { loaders }: MeetingsContext): Promise<Meeting> {
    return loadRequired(loaders.meetings.meeting, d.meeting.id);
  }

  @FieldResolver(() => TaskingCase, { nullable: true, description: 'The case the decision is about; null when it is about none.' })
  async case(@Root() d: MeetingDecision, @Ctx() { loaders }: MeetingsContext): Promise<TaskingCase | null> {
    return d.case ? ((await loaders.cases.taskingCase.load(d.case.id)) ?? null) : null;
  }
}

@Resolver(() => NeighbourhoodIssue)
export class NeighbourhoodIssueResolver {
  @Allow('AUTHENTICATED')
  @Query(() => NeighbourhoodIssueConnection, {
    description:
      'Issues residents raised with the groups you belong to (or with one of them), newest first. ' +
      'See issueResponsePerformance for figures across every group.',
    complexity: pageCost,
  })
  neighbourhoodIssues(@Args() args: NeighbourhoodIssuesArgs, @Ctx() { em, viewer, limits }: Context): Promise<Page<NeighbourhoodIssue>> {
    return listNeighbourhoodIssues(em, viewer, args, limits.maxPageSize);
  }

  @Allow('PERSON')
  @Mutation(() => NeighbourhoodIssue, {
    description: 'Records an issue residents raised with a group you belong to, with the date a response is due.',
  })
  raiseNeighbourhoodIssue(
    @Arg('input', { description: 'The issue.' }) input: RaiseNeighbourhoodIssueInput,
    @Ctx() { em, viewer, bus }: Context,
  ): Promise<NeighbourhoodIssue> {
    return raiseNeighbourhoodIssue(em, viewer, input, bus);
  }

  @Allow('PERSON')
  @Mutation(() => NeighbourhoodIssue, {
    description: 'Records the response to an issue (a later response replaces the earlier one); send the version you read.',
  })
  respondToNeighbourhoodIssue(
    @Arg('input', { description: 'The response.' }) input: RespondToNeighbourhoodIssueInput,
    @Ctx() { em, viewer, bus }: Context,
  ): Promise<NeighbourhoodIssue> {
    return respondToNeighbourhoodIssue(em, viewer, input, bus);
  }

  @FieldResolver(() => Ward, { description: 'The ward the issue is in.' })
  ward(@Root() i: NeighbourhoodIssue, @Ctx() { loaders }: MeetingsContext): Promise<WardRow> {
    return loadRequired(loaders.places.ward, i.ward.code);
  }

  @FieldResolver(() => Lsoa, { nullable: true, description: 'The LSOA the issue is in, if recorded.' })
  async lsoa(@Root() i: NeighbourhoodIssue, @Ctx() { loaders }: MeetingsContext): Promise<Lsoa | null> {
    return i.lsoa ? loadRequired(loaders.places.lsoa, i.lsoa.code) : null;
  }

  @FieldResolver(() => TaskingGroup, { description: 'The group the issue was raised with.' })
  group(@Root() i: NeighbourhoodIssue, @Ctx() { loaders }: MeetingsContext): Promise<TaskingGroup> {
    return loadRequired(loaders.tasking.taskingGroup, i.group.id);
  }

  @FieldResolver(() => Meeting, { nullable: true, description: 'The meeting it was raised at; null when it was raised outside a meeting.' })
  async meeting(@Root() i: NeighbourhoodIssue, @Ctx() { loaders }: MeetingsContext): Promise<Meeting | null> {
    return i.meeting ? ((await loaders.meetings.meeting.load(i.meeting.id)) ?? null) : null;
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description: 'True when the response came on or before the due date, false when it came later; null while unanswered.',
  })
  respondedOnTime(@Root() i: NeighbourhoodIssue): boolean | null {
    return respondedOnTime(i);
  }
}

/** The fields meetings adds to TaskingGroupEvent. */
@Resolver(() => TaskingGroupEvent)
export class TaskingEventMeetingResolver {
  @FieldResolver(() => Meeting, { nullable: true, description: 'The meeting, if the event is about one.' })
  async meeting(@Root() e: TaskingGroupEvent, @Ctx() { loaders }: MeetingsContext): Promise<Meeting | null> {
    return e.payload.meetingId ? ((await loaders.meetings.meeting.load(e.payload.meetingId)) ?? null) : null;
  }

  @FieldResolver(() => MeetingDecision, { nullable: true, description: 'The decision, if one was recorded.' })
  async decision(@Root() e: TaskingGroupEvent, @Ctx() { loaders }: MeetingsContext): Promise<MeetingDecision | null> {
    if (!e.payload.decisionId || !e.payload.meetingId) return null;
    const decisions = await loaders.meetings.meetingDecisions.load(e.payload.meetingId);
    return decisions.find((d) => d.id === e.payload.decisionId) ?? null;
  }

  @FieldResolver(() => NeighbourhoodIssue, { nullable: true, description: 'The neighbourhood issue, if the event is about one.' })
  async issue(@Root() e: TaskingGroupEvent, @Ctx() { loaders }: MeetingsContext): Promise<NeighbourhoodIssue | null> {
    return e.payload.issueId ? ((await loaders.meetings.neighbourhoodIssue.load(e.payload.issueId)) ?? null) : null;
  }
}
