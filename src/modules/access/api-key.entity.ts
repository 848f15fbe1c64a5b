import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { HubUser } from './hub-user.entity';
import type { MissingLabel } from '../../errors';

/**
 * An API key of a service account. Only a hash is stored: the key itself is shown once, when made.
 * The prefix (not secret) finds the row without scanning hashes.
 */
@ObjectType({ description: 'An API key of a service account. The key itself is shown once, when it is made; the hub keeps only a hash.' })
@Entity({ tableName: 'api_key' })
export class ApiKey {
  /** How clients hear that one is missing (findOneOrFail). */
  static readonly missing: MissingLabel = { noun: 'API key', key: 'id' };

  [OptionalProps]?: 'createdAt' | 'trustedDocumentsOnly';

  @Field(() => ID, { description: 'Internal identifier of the key.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field({ description: 'The public start of the key (pdh_<prefix>_…), to tell keys apart.' })
  @Property({ type: 'text', unique: true })
  prefix!: string;

  @Property({ type: 'text' })
  hash!: string;

  @Index()
  @ManyToOne(() => HubUser, { deleteRule: 'cascade' })
  user!: HubUser;

  @Field({ description: 'What the key is for, e.g. "Housing dashboard".' })
  @Property({ type: 'text' })
  label!: string;

  @Field({ description: 'True when the key may send only trusted documents (operations registered from a manifest).' })
  @Property({ type: 'boolean', default: false })
  trustedDocumentsOnly: boolean = false;

  @Field(() => DateTimeISOResolver, { description: 'When the key was made.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When the key stops working; null for never.' })
  @Property({ type: 'datetime', nullable: true })
  expiresAt?: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When the key was revoked; null while it works.' })
  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;
}
