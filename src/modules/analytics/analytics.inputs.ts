import { LocalDateResolver } from 'graphql-scalars';
import { ArgsType, Field, ID, Int } from 'type-graphql';
import { CaseStatus } from '../cases/cases.enums';

/** The window a repeat is looked for in: default and limits, in days. */
export const REPEAT_WINDOW = { default: 90, min: 1, max: 730 } as const;

@ArgsType()
export class CaseSummaryArgs {
  @Field(() => ID, { nullable: true, description: 'Only cases of groups in this locality; default: the whole borough.' })
  localityId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only cases in this ward (ONS code).' })
  wardCode?: string | null;

  @Field(() => [CaseStatus], {
    nullable: true,
    description: 'Only cases with these statuses. Default (absent or empty): every status but CLOSED, i.e. the cases still being worked.',
  })
  status?: CaseStatus[] | null;
}

@ArgsType()
export class WardCaseSummaryArgs {
  @Field(() => [CaseStatus], {
    nullable: true,
    description: 'Only cases with these statuses. Default (absent or empty): every status but CLOSED, i.e. the cases still being worked.',
  })
  status?: CaseStatus[] | null;
}

@ArgsType()
export class RepeatCasesArgs {
  @Field(() => Int, {
    defaultValue: REPEAT_WINDOW.default,
    description: `How many days before a case an earlier one makes it a repeat: ${REPEAT_WINDOW.min} to ${REPEAT_WINDOW.max}.`,
  })
  windowDays!: number;

  @Field(() => ID, { nullable: true, description: 'Only cases of groups in this locality; default: the whole borough.' })
  localityId?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Only cases opened on or after this date (UTC).' })
  from?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Only cases opened on or before this date (UTC).' })
  to?: string | null;
}

@ArgsType()
export class OverdueActionsArgs {
  @Field(() => ID, { nullable: true, description: 'Only actions on cases of groups in this locality; default: the whole borough.' })
  localityId?: string | null;
}

@ArgsType()
export class IssueResponseArgs {
  @Field(() => LocalDateResolver, { nullable: true, description: 'Only issues raised on or after this date.' })
  from?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Only issues raised on or before this date.' })
  to?: string | null;
}
