import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Ward } from '../places/ward.entity';
import { DataSource } from '../sources/data-source.entity';

@ObjectType({
  description:
    "A ward plan: the ward members' priorities for a year and how each is tackled, set after each election " +
    'from ward data, services, partners and community consultation, and refreshed annually.',
})
@Entity({ tableName: 'ward_plan' })
@Unique({ properties: ['ward', 'year'] })
export class WardPlan {
  @Field(() => ID, { description: 'Internal identifier of the plan.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Ward, { deleteRule: 'cascade' })
  ward!: Ward;

  @Field(() => Int, { description: 'Year the plan starts, e.g. 2024 for the 2024/25 plan.' })
  @Property({ type: 'smallint' })
  year!: number;

  @Field({ description: 'Title of the plan.' })
  @Property({ type: 'text' })
  title!: string;

  @Field(() => LocalDateResolver, { description: 'Date the plan was published (ISO date).' })
  @Property({ type: 'date' })
  publishedOn!: string;

  @Field({ description: 'A short summary of what the plan sets out to do.' })
  @Property({ type: 'text' })
  summary!: string;

  @ManyToOne(() => DataSource, { deleteRule: 'restrict' })
  source!: DataSource;
}
