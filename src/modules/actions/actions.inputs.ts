import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ActionStatus } from './actions.enums';

@InputType({ description: 'A new action on a case.' })
export class AssignActionInput {
  @Field(() => ID, { description: 'The case.' })
  caseId!: string;

  @Field({ description: 'What is to be done (up to 300 characters).' })
  title!: string;

  @Field(() => ID, { description: 'The agency (partner organisation) that will do it.' })
  agencyId!: string;

  @Field(() => ID, { nullable: true, description: 'A person in that agency, if one is named.' })
  assigneeId?: string | null;

  @Field(() => LocalDateResolver, { description: 'Date it is due: today or later.' })
  dueOn!: string;
}

@InputType({ description: 'A change to an action; fields left out stay as they are.' })
export class UpdateActionInput {
  @Field(() => ID, { description: 'The action.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale version gets CONFLICT and changes nothing.' })
  version!: number;

  @Field(() => ActionStatus, { nullable: true, description: 'New status: OPEN, IN_PROGRESS or DONE (the hub sets OVERDUE).' })
  status?: ActionStatus | null;

  @Field(() => String, { nullable: true, description: 'What came of it (up to 2,000 characters); required to mark it DONE.' })
  outcome?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'New due date: today or later.' })
  dueOn?: string | null;
}

export const ACTION_TEXT = { title: 300, outcome: 2000 } as const;
