import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { CaseCategory } from '../cases/cases.enums';
import { Lsoa } from '../places/lsoa.entity';
import { Ward } from '../places/ward.entity';
import { TaskingGroup } from '../tasking/tasking-group.entity';
import { Meeting } from './meeting.entity';

@ObjectType({
  description:
    'An issue residents raised at a neighbourhood meeting, with the date a response is due: the share answered on ' +
    'time is a performance indicator councils report.',
})
@Entity({ tableName: 'neighbourhood_issue' })
@Index({ properties: ['group', 'raisedOn'] })
export class NeighbourhoodIssue {
  [OptionalProps]?: 'version';

  @Field(() => ID, { description: 'Internal identifier of the issue.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => TaskingGroup, { deleteRule: 'restrict' })
  group!: TaskingGroup;

  @ManyToOne(() => Meeting, { deleteRule: 'restrict', nullable: true })
  meeting?: Meeting | null;

  @Index()
  @ManyToOne(() => Ward, { deleteRule: 'restrict' })
  ward!: Ward;

  @ManyToOne(() => Lsoa, { deleteRule: 'restrict', nullable: true })
  lsoa?: Lsoa | null;

  @Field(() => CaseCategory, { description: 'What the issue is about.' })
  @Enum({ items: () => CaseCategory })
  category!: CaseCategory;

  @Field({ description: 'The issue as raised (no personal data).' })
  @Property({ type: 'text' })
  summary!: string;

  @Field(() => LocalDateResolver, { description: 'Date it was raised.' })
  @Property({ type: 'date' })
  raisedOn!: string;

  @Field(() => LocalDateResolver, { description: 'Date a response is due.' })
  @Property({ type: 'date' })
  responseDueOn!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Date it was responded to; null while it is not.' })
  @Property({ type: 'date', nullable: true })
  respondedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'The response given.' })
  @Property({ type: 'text', nullable: true })
  response?: string | null;

  @Field(() => Int, { description: 'Version for optimistic concurrency.' })
  @Property({ version: true, type: 'integer' })
  version: number = 1;
}
