import { ArrayType, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Partner } from '../partners/partner.entity';
import { SystemRole, UserKind } from './access.enums';
import type { MissingLabel } from '../../errors';

@ObjectType('User', {
  description: 'An account: a person in a partner organisation, or a service account such as a partner dashboard.',
})
@Entity({ tableName: 'hub_user' })
export class HubUser {
  /** How clients hear that one is missing (findOneOrFail). */
  static readonly missing: MissingLabel = { noun: 'account', key: 'id' };

  [OptionalProps]?: 'roles' | 'active';

  @Field(() => ID, { description: 'Internal identifier of the account.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  /** The identity provider's subject (`sub` claim); API-key service accounts have one too, for the audit trail. */
  @Property({ type: 'text', unique: true })
  subject!: string;

  @Field({ description: 'Display name.' })
  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @Field(() => UserKind, { description: 'Person or service account.' })
  @Enum({ items: () => UserKind })
  kind!: UserKind;

  @Index()
  @ManyToOne(() => Partner, { deleteRule: 'restrict' })
  partner!: Partner;

  @Field(() => [SystemRole], { description: 'Roles across the hub (group roles are on memberships).' })
  @Enum({ items: () => SystemRole, array: true, type: new ArrayType(), default: [] })
  roles: SystemRole[] = [];

  @Field({ description: 'False once the account is disabled: its tokens and keys stop working at once.' })
  @Property({ type: 'boolean', default: true })
  active: boolean = true;
}
