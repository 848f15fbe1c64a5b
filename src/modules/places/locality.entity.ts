import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'One of the borough\'s three localities (North, Central, South). Wards are grouped into localities, and ' +
    'services, the Locality Area Managers group and the Joint Tasking Group are organised by them.',
})
@Entity({ tableName: 'locality' })
export class Locality {
  @Field(() => ID, { description: 'Internal identifier of the locality.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field({ description: 'Name of the locality: North, Central or South.' })
  @Property({ type: 'text', unique: true })
  name!: string;

  @Field({ description: 'A sentence on the area the locality covers.' })
  @Property({ type: 'text' })
  description!: string;
}
