import { Entity, PrimaryKeyProp, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { DataSource } from '../sources/data-source.entity';
import { Ward } from './ward.entity';
import type { MissingLabel } from '../../errors';

@ObjectType({
  description:
    'A Lower-layer Super Output Area (about 1,500 residents): the small area that police, deprivation and ' +
    'health data are published for, rolled up to wards through a lookup.',
})
// Its key when the hub serves as a federation subgraph (FEDERATION_SUBGRAPH); the hub's own SDL leaves it out.
@Directive('@key(fields: "code")')
@Entity({ tableName: 'lsoa' })
export class Lsoa {
  /** How clients hear that one is missing (findOneOrFail). */
  static readonly missing: MissingLabel = { noun: 'LSOA', key: 'code' };

  [PrimaryKeyProp]?: 'code';

  @Field(() => ID, { description: 'ONS LSOA code (2011 definition), e.g. E01007736.' })
  @PrimaryKey({ type: 'text' })
  code!: string;

  @Field({ description: 'ONS LSOA name, e.g. "Rotherham 014A".' })
  @Property({ type: 'text' })
  name!: string;

  @Index()
  @ManyToOne(() => Ward, { deleteRule: 'restrict' })
  ward!: Ward;

  /** The lookup that placed this LSOA in its ward. */
  @ManyToOne(() => DataSource, { deleteRule: 'restrict' })
  source!: DataSource;
}
