import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { DataSource } from '../sources/data-source.entity';
import type { MissingLabel } from '../../errors';

@ObjectType({
  description:
    "One of the borough's three localities (North, Central, South). Wards are grouped into localities, and " +
    'services, the Locality Area Managers group and the Joint Tasking Group are organised by them.',
})
// Its key when the hub serves as a federation subgraph (FEDERATION_SUBGRAPH); the hub's own SDL leaves it out.
@Directive('@key(fields: "name")')
@Entity({ tableName: 'locality' })
export class Locality {
  /** How clients hear that one is missing (findOneOrFail). */
  static readonly missing: MissingLabel = { noun: 'locality', key: 'id' };

  @Field(() => ID, { description: 'Internal identifier of the locality.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field({ description: 'Name of the locality: North, Central or South.' })
  @Property({ type: 'text', unique: true })
  name!: string;

  @Field({ description: 'A sentence on the area the locality covers.' })
  @Property({ type: 'text' })
  description!: string;

  /**
   * Where the locality and its wards come from. The council papers do not publish which ward sits in
   * which locality, so the seed's grouping is an assumption and its source says so. Null only for a
   * locality written before localities recorded a source and not seeded since.
   */
  @ManyToOne(() => DataSource, { nullable: true, deleteRule: 'restrict' })
  source?: DataSource | null;
}
