import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Locality } from '../places/locality.entity';
import { TaskingGroupKind } from './tasking.enums';
import type { MissingLabel } from '../../errors';

@ObjectType({
  description:
    'A multi-agency group in a locality that works community-safety cases: the Joint Tasking Group, a ' +
    'neighbourhood (CAP) meeting or the locality area managers. Its cases are visible to its members only.',
})
@Entity({ tableName: 'tasking_group' })
export class TaskingGroup {
  /** How clients hear that one is missing (findOneOrFail). */
  static readonly missing: MissingLabel = { noun: 'tasking group', key: 'id' };

  @Field(() => ID, { description: 'Internal identifier of the group.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field({ description: 'Name, e.g. "North Joint Tasking Group".' })
  @Property({ type: 'text', unique: true })
  name!: string;

  @Field(() => TaskingGroupKind, { description: 'What kind of group it is.' })
  @Enum({ items: () => TaskingGroupKind })
  kind!: TaskingGroupKind;

  /** Short code used in case references, e.g. "N-JTG". */
  @Field({ description: 'Short code that starts the references of its cases, e.g. "NJTG".' })
  @Property({ type: 'text', unique: true })
  code!: string;

  @Index()
  @ManyToOne(() => Locality, { deleteRule: 'restrict' })
  locality!: Locality;
}
