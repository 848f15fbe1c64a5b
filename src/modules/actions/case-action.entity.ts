import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { HubUser } from '../access/hub-user.entity';
import { TaskingCase } from '../cases/case.entity';
import { Partner } from '../partners/partner.entity';
import { ActionStatus } from './actions.enums';

@ObjectType('Action', { description: 'A task on a case, assigned to an agency (and optionally a person in it), with a due date.' })
@Entity({ tableName: 'case_action' })
@Index({ properties: ['status', 'dueOn'] })
export class CaseAction {
  [OptionalProps]?: 'version' | 'createdAt';

  @Field(() => ID, { description: 'Internal identifier of the action.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Index()
  @ManyToOne(() => TaskingCase, { deleteRule: 'cascade' })
  case!: TaskingCase;

  @Field({ description: 'What is to be done.' })
  @Property({ type: 'text' })
  title!: string;

  @Index()
  @ManyToOne(() => Partner, { deleteRule: 'restrict' })
  assignedAgency!: Partner;

  @ManyToOne(() => HubUser, { deleteRule: 'restrict', nullable: true })
  assignedTo?: HubUser | null;

  @Field(() => LocalDateResolver, { description: 'Date it is due (ISO date).' })
  @Property({ type: 'date' })
  dueOn!: string;

  @Field(() => ActionStatus, { description: 'Where the action is.' })
  @Enum({ items: () => ActionStatus })
  status!: ActionStatus;

  @Field(() => String, { nullable: true, description: 'What came of it, recorded when done.' })
  @Property({ type: 'text', nullable: true })
  outcome?: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When it was done.' })
  @Property({ type: 'datetime', nullable: true })
  completedAt?: Date | null;

  @Field(() => Int, { description: 'Version for optimistic concurrency: send it back with an edit.' })
  @Property({ version: true, type: 'integer' })
  version: number = 1;

  @Field(() => DateTimeISOResolver, { description: 'When it was assigned.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
