import { ArrayType, Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { AuditOperation } from './audit.enums';

/**
 * Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE for everyone, and the application's
 * role has only INSERT and SELECT. Names are copied, not referenced, so the row stays true after
 * accounts change.
 */
@ObjectType({ description: 'One read or push of personal case data: who, for what purpose, when, and which cases.' })
@Entity({ tableName: 'audit_entry' })
export class AuditEntry {
  [OptionalProps]?: 'at';

  @Field(() => ID, { description: 'Sequence number of the entry.' })
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field(() => DateTimeISOResolver, { description: 'When it happened.' })
  @Index()
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  at: Date = new Date();

  @Field(() => Int, { description: 'Account that read the data.' })
  @Index()
  @Property({ type: 'integer' })
  userId!: number;

  @Field({ description: 'Name of the account at the time.' })
  @Property({ type: 'text' })
  userName!: string;

  @Field({ description: 'Organisation of the account at the time.' })
  @Property({ type: 'text' })
  organisation!: string;

  @Field({ description: 'Role the data was read under, e.g. "CHAIR of North Joint Tasking Group".' })
  @Property({ type: 'text' })
  role!: string;

  @Field({ description: 'Purpose the reader stated.' })
  @Property({ type: 'text' })
  purpose!: string;

  @Field(() => AuditOperation, { description: 'How the data left the hub.' })
  @Enum({ items: () => AuditOperation })
  operation!: AuditOperation;

  @Field(() => [Int], { description: 'Cases whose personal data was read.' })
  @Property({ type: new ArrayType((i) => Number(i)), columnType: 'integer[]' })
  caseIds!: number[];
}
