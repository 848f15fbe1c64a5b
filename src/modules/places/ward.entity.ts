import { Entity, PrimaryKeyProp, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { DataSource } from '../sources/data-source.entity';
import { BoundarySet } from './boundary-set.entity';
import { Locality } from './locality.entity';
import type { MissingLabel } from '../../errors';

@ObjectType({
  description:
    'An electoral ward: the unit of neighbourhood working. Each ward has elected members, a ward plan with ' +
    'priorities, a profile of its population and deprivation, and sits in one locality.',
})
// Its key when the hub serves as a federation subgraph (FEDERATION_SUBGRAPH); the hub's own SDL leaves it out.
@Directive('@key(fields: "code")')
@Entity({ tableName: 'ward' })
export class Ward {
  /** How clients hear that one is missing (findOneOrFail). */
  static readonly missing: MissingLabel = { noun: 'ward', key: 'code' };

  [PrimaryKeyProp]?: 'code';

  @Field(() => ID, { description: 'ONS (GSS) ward code, e.g. E05013010 for Rotherham East.' })
  @PrimaryKey({ type: 'text' })
  code!: string;

  @Field({ description: 'Ward name as published, e.g. "Rotherham East".' })
  @Property({ type: 'text' })
  name!: string;

  @Index()
  @ManyToOne(() => Locality, { deleteRule: 'restrict' })
  locality!: Locality;

  @ManyToOne(() => BoundarySet, { deleteRule: 'restrict' })
  boundarySet!: BoundarySet;

  @Field(() => Int, { description: 'Number of councillors (seats) the ward elects: 2 or 3.' })
  @Property({ type: 'smallint' })
  seats!: number;

  @ManyToOne(() => DataSource, { deleteRule: 'restrict' })
  source!: DataSource;
}
