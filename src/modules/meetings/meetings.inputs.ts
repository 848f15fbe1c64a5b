import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../pagination';
import { CaseCategory } from '../cases/cases.enums';

/** Limits on meeting and issue input, shared by validation and the schema descriptions below. */
export const MEETING_TEXT = { venue: 200, decision: 5000, summary: 1000, response: 2000 } as const;
/** At most this many people from one agency at one meeting. */
export const MAX_PEOPLE_PER_AGENCY = 50;
/** At most this many cases on one agenda, and agencies on one attendance list. */
export const MAX_AGENDA_ITEMS = 100;
export const MAX_ATTENDING_AGENCIES = 100;

@InputType({ description: 'A new meeting of a tasking group.' })
export class ScheduleMeetingInput {
  @Field(() => ID, { description: 'The group that meets; you must chair it.' })
  groupId!: string;

  @Field(() => DateTimeISOResolver, { description: 'When the meeting starts: in the future.' })
  startsAt!: Date;

  @Field(() => String, {
    nullable: true,
    description: `Where it is held, e.g. a venue or "Teams" (up to ${MEETING_TEXT.venue} characters).`,
  })
  venue?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: `Cases to put on the agenda, in order (up to ${MAX_AGENDA_ITEMS}): each must be a case of the same group.`,
  })
  agendaCaseIds?: string[] | null;
}

@InputType({ description: 'How many people one agency sent to a meeting.' })
export class MeetingAttendanceInput {
  @Field(() => ID, { description: 'The agency (partner organisation).' })
  agencyId!: string;

  @Field(() => Int, { description: `How many people came from it: 1 to ${MAX_PEOPLE_PER_AGENCY}.` })
  people!: number;
}

@InputType({ description: 'Who came to a meeting: replaces the attendance recorded before.' })
export class RecordAttendanceInput {
  @Field(() => ID, { description: 'The meeting.' })
  meetingId!: string;

  @Field(() => Int, { description: 'The version of the meeting you last read; a stale version gets CONFLICT and changes nothing.' })
  version!: number;

  @Field(() => [MeetingAttendanceInput], {
    description: `Every agency that attended, once each (up to ${MAX_ATTENDING_AGENCIES}); an empty list clears the attendance.`,
  })
  attendees!: MeetingAttendanceInput[];
}

@InputType({ description: 'A decision taken at a meeting.' })
export class RecordDecisionInput {
  @Field(() => ID, { description: 'The meeting; you must chair its group.' })
  meetingId!: string;

  @Field(() => ID, { nullable: true, description: 'The case the decision is about, if any: a case of the same group.' })
  caseId?: string | null;

  @Field({ description: `What was decided (up to ${MEETING_TEXT.decision.toLocaleString('en-GB')} characters).` })
  text!: string;
}

@InputType({ description: 'An issue residents raised at a neighbourhood meeting.' })
export class RaiseNeighbourhoodIssueInput {
  @Field(() => ID, { description: 'The group the issue is raised with; you must be a member.' })
  groupId!: string;

  @Field(() => ID, { nullable: true, description: 'The meeting of that group it was raised at, if any.' })
  meetingId?: string | null;

  @Field({ description: "Ward code; the ward must be in the group's locality." })
  wardCode!: string;

  @Field(() => String, { nullable: true, description: 'LSOA code, if known; it must be in the ward.' })
  lsoaCode?: string | null;

  @Field(() => CaseCategory, { description: 'What the issue is about.' })
  category!: CaseCategory;

  @Field({ description: `The issue as raised, without personal data (up to ${MEETING_TEXT.summary.toLocaleString('en-GB')} characters).` })
  summary!: string;

  @Field(() => LocalDateResolver, { description: 'Date it was raised: today or earlier.' })
  raisedOn!: string;

  @Field(() => LocalDateResolver, { description: 'Date a response is due: on or after the date it was raised.' })
  responseDueOn!: string;
}

@InputType({ description: 'The response to an issue raised at a neighbourhood meeting.' })
export class RespondToNeighbourhoodIssueInput {
  @Field(() => ID, { description: 'The issue.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale version gets CONFLICT and changes nothing.' })
  version!: number;

  @Field(() => LocalDateResolver, { description: 'Date it was responded to: on or after the date it was raised, and not in the future.' })
  respondedOn!: string;

  @Field({ description: `The response given (up to ${MEETING_TEXT.response.toLocaleString('en-GB')} characters).` })
  response!: string;
}

@ArgsType()
export class MeetingsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only this group (you must be a member); default: all your groups.' })
  groupId?: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'Only meetings starting at or after this time.' })
  from?: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'Only meetings starting at or before this time.' })
  to?: Date | null;
}

@ArgsType()
export class NeighbourhoodIssuesArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only this group (you must be a member); default: all your groups.' })
  groupId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only issues not yet responded to (default false: all of them).' })
  openOnly?: boolean | null;
}
