import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { GroupRole } from '../access/access.enums';
import { HubUser } from '../access/hub-user.entity';
import { TaskingGroup } from './tasking-group.entity';
import type { MissingLabel } from '../../errors';

@ObjectType({ description: "A person's membership of a tasking group, on behalf of their agency." })
@Entity({ tableName: 'group_member' })
@Index({ properties: ['user', 'revokedAt'] })
// One active membership per person and group; see Migration20261203060000.
@Unique({
  name: 'group_member_one_active',
  expression: 'create unique index "group_member_one_active" on "group_member" ("user_id", "group_id") where "revoked_at" is null',
})
export class GroupMember {
  /** How clients hear that one is missing (findOneOrFail). */
  static readonly missing: MissingLabel = { noun: 'membership', key: 'id' };

  [OptionalProps]?: 'grantedAt';

  @Field(() => ID, { description: 'Internal identifier of the membership.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Index()
  @ManyToOne(() => TaskingGroup, { deleteRule: 'restrict' })
  group!: TaskingGroup;

  @ManyToOne(() => HubUser, { deleteRule: 'restrict' })
  user!: HubUser;

  @Field(() => GroupRole, { description: 'Chair or member.' })
  @Enum({ items: () => GroupRole })
  role!: GroupRole;

  @Field(() => DateTimeISOResolver, { description: 'When the membership was granted.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  grantedAt: Date = new Date();

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When it was revoked; null while it holds.' })
  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;
}
