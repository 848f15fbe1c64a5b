import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { DataSource } from '../sources/data-source.entity';
import { Ward } from './ward.entity';

@ObjectType({ description: 'An elected member (councillor) representing a ward for a term of office.' })
@Entity({ tableName: 'councillor' })
export class Councillor {
  @Field(() => ID, { description: 'Internal identifier of the councillor.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field({ description: 'Full name. In the seed data these names are illustrative, not real members.' })
  @Property({ type: 'text' })
  name!: string;

  @Index()
  @ManyToOne(() => Ward, { deleteRule: 'cascade' })
  ward!: Ward;

  @Field(() => LocalDateResolver, { description: 'First day of the term of office (ISO date).' })
  @Property({ type: 'date' })
  termStart!: string;

  @Field(() => LocalDateResolver, { description: 'Last day of the term of office (ISO date).' })
  @Property({ type: 'date' })
  termEnd!: string;

  @ManyToOne(() => DataSource, { deleteRule: 'restrict' })
  source!: DataSource;
}
