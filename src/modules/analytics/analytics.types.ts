import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ActionStatus } from '../actions/actions.enums';
import { CaseCategory, CaseStatus } from '../cases/cases.enums';

/** How long a case has been open, in days from the day it was opened. */
export enum CaseAgeBand {
  AGE_0_30_DAYS = 'AGE_0_30_DAYS',
  AGE_31_90_DAYS = 'AGE_31_90_DAYS',
  AGE_91_180_DAYS = 'AGE_91_180_DAYS',
  AGE_OVER_180_DAYS = 'AGE_OVER_180_DAYS',
}

registerEnumType(CaseAgeBand, {
  name: 'CaseAgeBand',
  description:
    'How old a case is: whole days from the day it was opened to today, or to the day it was closed for a closed case (UTC dates).',
  valuesConfig: {
    AGE_0_30_DAYS: { description: '0 to 30 days.' },
    AGE_31_90_DAYS: { description: '31 to 90 days.' },
    AGE_91_180_DAYS: { description: '91 to 180 days.' },
    AGE_OVER_180_DAYS: { description: 'More than 180 days.' },
  },
});

/** The order the bands are listed in, youngest first. */
export const AGE_BANDS: readonly CaseAgeBand[] = [
  CaseAgeBand.AGE_0_30_DAYS,
  CaseAgeBand.AGE_31_90_DAYS,
  CaseAgeBand.AGE_91_180_DAYS,
  CaseAgeBand.AGE_OVER_180_DAYS,
];

@ObjectType({ description: 'How many cases are of one category.' })
export class CaseCategoryCount {
  @Field(() => CaseCategory, { description: 'The category.' })
  category!: CaseCategory;

  @Field(() => Int, { description: 'How many cases.' })
  count!: number;
}

@ObjectType({ description: 'How many cases have one status.' })
export class CaseStatusCount {
  @Field(() => CaseStatus, { description: 'The status.' })
  status!: CaseStatus;

  @Field(() => Int, { description: 'How many cases.' })
  count!: number;
}

@ObjectType({ description: 'How many cases are in one ward.' })
export class WardCaseCount {
  /** The ward; resolved through the ward loader. */
  wardCode!: string;

  @Field(() => Int, { description: 'How many cases.' })
  count!: number;
}

@ObjectType({ description: 'How many cases are of one age.' })
export class CaseAgeCount {
  @Field(() => CaseAgeBand, { description: 'The age band.' })
  band!: CaseAgeBand;

  @Field(() => Int, { description: 'How many cases.' })
  count!: number;
}

@ObjectType({
  description:
    'Counts of community-safety cases across every tasking group, without titles, places or personal data: readable by ' +
    'every signed-in account, members of the groups or not.',
})
export class CaseSummary {
  @Field(() => Int, { description: 'How many cases match.' })
  total!: number;

  @Field(() => [CaseCategoryCount], { description: 'By category, most cases first; categories with none are left out.' })
  byCategory!: CaseCategoryCount[];

  @Field(() => [CaseStatusCount], { description: 'By status, most cases first; statuses with none are left out.' })
  byStatus!: CaseStatusCount[];

  @Field(() => [WardCaseCount], { description: 'By ward, most cases first; wards with none are left out.' })
  byWard!: WardCaseCount[];

  @Field(() => [CaseAgeCount], { description: 'By age, youngest band first; every band is listed, with 0 when it has none.' })
  byAge!: CaseAgeCount[];
}

@ObjectType({ description: 'Cases opened in a ward in the period, and how many of them were repeats.' })
export class WardRepeatCases {
  /** The ward; resolved through the ward loader. */
  wardCode!: string;

  @Field(() => Int, { description: 'Cases opened in the ward in the period.' })
  cases!: number;

  @Field(() => Int, {
    description:
      'Of those, cases with an earlier case (of any group) at the same place, or in the same LSOA and category, opened ' +
      'within the window before them.',
  })
  repeats!: number;

  @Field(() => Float, { description: 'repeats / cases, from 0 to 1.' })
  repeatShare!: number;
}

@ObjectType({ description: "One agency's actions that are not done yet, and how many of them are overdue." })
export class AgencyOverdueActions {
  /** The agency; resolved through the partner loader. */
  agencyId!: number;

  @Field(() => Int, { description: `Actions assigned to the agency that are not ${ActionStatus.DONE}.` })
  open!: number;

  @Field(() => Int, {
    description: `Of those, actions marked ${ActionStatus.OVERDUE} or whose due date has passed (before today, UTC).`,
  })
  overdue!: number;

  @Field(() => Float, { description: 'overdue / open, from 0 to 1.' })
  overdueShare!: number;
}

@ObjectType({ description: 'How issues raised at neighbourhood meetings in the period were responded to.' })
export class IssueResponseFigures {
  @Field(() => Int, { description: 'Issues raised in the period.' })
  raised!: number;

  @Field(() => Int, { description: 'Of those, issues responded to (on time or late).' })
  responded!: number;

  @Field(() => Int, { description: 'Of those, issues responded to on or before their due date.' })
  respondedWithinTarget!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'respondedWithinTarget / (responded + stillOpenPastDue): the share answered on time among the issues that were ' +
      'answered or whose due date has passed, so issues still open and not yet due do not count against it. Null when ' +
      'there are none.',
  })
  shareWithinTarget!: number | null;

  @Field(() => Int, { description: 'Issues not responded to whose due date has passed (before today, UTC).' })
  stillOpenPastDue!: number;
}

@ObjectType({ description: 'How issues raised with the groups of one locality were responded to.' })
export class LocalityIssueResponse extends IssueResponseFigures {
  /** The locality; resolved through the locality loader. */
  localityId!: number;
}

@ObjectType({ description: 'Response to issues raised at neighbourhood meetings, by locality and for the whole borough.' })
export class IssueResponsePerformance {
  @Field(() => [LocalityIssueResponse], { description: 'Every locality, in the order of their ids, including those with no issues.' })
  byLocality!: LocalityIssueResponse[];

  @Field(() => IssueResponseFigures, { description: 'The whole borough.' })
  borough!: IssueResponseFigures;
}
