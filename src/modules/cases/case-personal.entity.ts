import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { HubUser } from '../access/hub-user.entity';
import { TaskingCase } from './case.entity';
import { CasePersonRole } from './cases.enums';

/** Personal data: read only through `Case.personal`, which writes an audit row. */
@ObjectType({ description: 'A person linked to a case. Personal data: every read is audited.' })
@Entity({ tableName: 'case_person' })
export class CasePerson {
  @Field(() => ID, { description: 'Internal identifier.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Index()
  @ManyToOne(() => TaskingCase, { deleteRule: 'cascade' })
  case!: TaskingCase;

  @Field({ description: 'Full name.' })
  @Property({ type: 'text' })
  name!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Date of birth, if known.' })
  @Property({ type: 'date', nullable: true })
  dateOfBirth?: string | null;

  @Field(() => CasePersonRole, { description: 'How the person is linked to the case.' })
  @Enum({ items: () => CasePersonRole })
  role!: CasePersonRole;
}

/** Personal data: an address linked to a case. */
@ObjectType({ description: 'An address linked to a case. Personal data: every read is audited.' })
@Entity({ tableName: 'case_address' })
export class CaseAddress {
  @Field(() => ID, { description: 'Internal identifier.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Index()
  @ManyToOne(() => TaskingCase, { deleteRule: 'cascade' })
  case!: TaskingCase;

  @Field({ description: 'Address as recorded.' })
  @Property({ type: 'text' })
  address!: string;

  @Field(() => String, { nullable: true, description: 'Postcode, if known.' })
  @Property({ type: 'text', nullable: true })
  postcode?: string | null;
}

/** Personal data: free-text case notes. */
@ObjectType({ description: 'A free-text note on a case. Personal data: every read is audited.' })
@Entity({ tableName: 'case_note' })
export class CaseNote {
  [OptionalProps]?: 'createdAt';

  @Field(() => ID, { description: 'Internal identifier.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Index()
  @ManyToOne(() => TaskingCase, { deleteRule: 'cascade' })
  case!: TaskingCase;

  @Field({ description: 'The note.' })
  @Property({ type: 'text' })
  text!: string;

  @ManyToOne(() => HubUser, { deleteRule: 'restrict' })
  author!: HubUser;

  @Field(() => DateTimeISOResolver, { description: 'When it was written.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
