import { Entity, PrimaryKeyProp, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { DataSource } from '../sources/data-source.entity';

@ObjectType({
  description:
    'A set of ward boundaries in force from a date (Rotherham redrew its wards in May 2021). Figures say which ' +
    'set they use; data for older areas is recast to the current set through LSOAs.',
})
@Entity({ tableName: 'boundary_set' })
export class BoundarySet {
  [PrimaryKeyProp]?: 'code';

  @Field(() => ID, { description: 'Short code of the boundary set, e.g. RMBC-2021.' })
  @PrimaryKey({ type: 'text' })
  code!: string;

  @Field({ description: 'Name of the boundary set.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => LocalDateResolver, { description: 'Date the boundaries came into force (ISO date).' })
  @Property({ type: 'date' })
  effectiveFrom!: string;

  @ManyToOne(() => DataSource, { deleteRule: 'restrict' })
  source!: DataSource;
}
