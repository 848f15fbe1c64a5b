import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { HubUser } from '../access/hub-user.entity';
import { TaskingCase } from '../cases/case.entity';
import { Partner } from '../partners/partner.entity';
import { TaskingGroup } from '../tasking/tasking-group.entity';

@ObjectType({ description: 'A meeting of a tasking group: when, which cases are on the agenda, who came and what was decided.' })
@Entity({ tableName: 'meeting' })
export class Meeting {
  [OptionalProps]?: 'version';

  @Field(() => ID, { description: 'Internal identifier of the meeting.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Index()
  @ManyToOne(() => TaskingGroup, { deleteRule: 'restrict' })
  group!: TaskingGroup;

  @Field(() => DateTimeISOResolver, { description: 'When the meeting starts.' })
  @Property({ type: 'datetime' })
  startsAt!: Date;

  @Field(() => String, { nullable: true, description: 'Where it is held (a venue or "Teams").' })
  @Property({ type: 'text', nullable: true })
  venue?: string | null;

  @Field(() => Int, { description: 'Version for optimistic concurrency.' })
  @Property({ version: true, type: 'integer' })
  version: number = 1;
}

@Entity({ tableName: 'meeting_agenda_item' })
@Unique({ properties: ['meeting', 'case'] })
export class MeetingAgendaItem {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Meeting, { deleteRule: 'cascade' })
  meeting!: Meeting;

  @Index()
  @ManyToOne(() => TaskingCase, { deleteRule: 'cascade' })
  case!: TaskingCase;
}

@Entity({ tableName: 'meeting_attendee' })
@Unique({ properties: ['meeting', 'agency'] })
export class MeetingAttendee {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Meeting, { deleteRule: 'cascade' })
  meeting!: Meeting;

  @ManyToOne(() => Partner, { deleteRule: 'restrict' })
  agency!: Partner;

  /** How many came from the agency. */
  @Property({ type: 'smallint' })
  people!: number;
}

@ObjectType({ description: 'A decision recorded at a meeting, usually about one case.' })
@Entity({ tableName: 'meeting_decision' })
export class MeetingDecision {
  [OptionalProps]?: 'recordedAt';

  @Field(() => ID, { description: 'Internal identifier of the decision.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Index()
  @ManyToOne(() => Meeting, { deleteRule: 'cascade' })
  meeting!: Meeting;

  @Index()
  @ManyToOne(() => TaskingCase, { deleteRule: 'cascade', nullable: true })
  case?: TaskingCase | null;

  @Field({ description: 'What was decided.' })
  @Property({ type: 'text' })
  text!: string;

  @ManyToOne(() => HubUser, { deleteRule: 'restrict' })
  recordedBy!: HubUser;

  @Field(() => DateTimeISOResolver, { description: 'When it was recorded.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  recordedAt: Date = new Date();
}
