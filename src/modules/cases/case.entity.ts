import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { HubUser } from '../access/hub-user.entity';
import { Partner } from '../partners/partner.entity';
import { Lsoa } from '../places/lsoa.entity';
import { Ward } from '../places/ward.entity';
import { TaskingGroup } from '../tasking/tasking-group.entity';
import { CaseCategory, CaseStatus, RiskLevel } from './cases.enums';

/**
 * A community-safety case worked by one tasking group. Row-level security in PostgreSQL limits the
 * rows to members of the owning group, whatever the query says. Personal data lives in the child
 * tables (people, addresses, notes) and is read only through the audited `personal` field.
 */
@ObjectType('Case', {
  description: 'A community-safety case that needs a multi-agency response, owned by one tasking group and visible to its members only.',
})
@Entity({ tableName: 'tasking_case' })
@Index({ properties: ['lsoa', 'category', 'openedAt'] })
export class TaskingCase {
  [OptionalProps]?: 'version' | 'openedAt' | 'updatedAt';

  @Field(() => ID, { description: 'Internal identifier of the case.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field({ description: 'Reference quoted between agencies, e.g. "NJTG-2026-0007".' })
  @Property({ type: 'text', unique: true })
  reference!: string;

  @Index()
  @ManyToOne(() => TaskingGroup, { deleteRule: 'restrict' })
  group!: TaskingGroup;

  @Field({ description: 'Short title, e.g. "Youths gathering at the shops on Main Street".' })
  @Property({ type: 'text' })
  title!: string;

  @Field(() => CaseCategory, { description: 'What the case is about.' })
  @Enum({ items: () => CaseCategory })
  category!: CaseCategory;

  @Index()
  @ManyToOne(() => Ward, { deleteRule: 'restrict' })
  ward!: Ward;

  @ManyToOne(() => Lsoa, { deleteRule: 'restrict', nullable: true })
  lsoa?: Lsoa | null;

  @Field({ description: 'Where the problem is, as the agencies describe the place (a street, a park, a block).' })
  @Property({ type: 'text' })
  location!: string;

  /** The location lower-cased with spaces and punctuation folded, so "12 Main St." and "12 main st" match. */
  @Property({ type: 'text' })
  placeKey!: string;

  @Field(() => RiskLevel, { description: 'Assessed risk.' })
  @Enum({ items: () => RiskLevel })
  riskLevel!: RiskLevel;

  @ManyToOne(() => Partner, { deleteRule: 'restrict' })
  leadAgency!: Partner;

  @Field(() => CaseStatus, { description: 'Where the case is; see CaseStatus for the allowed moves.' })
  @Enum({ items: () => CaseStatus })
  status!: CaseStatus;

  @Field(() => Int, {
    description: 'Version for optimistic concurrency: send it back with an edit; a stale version gets CONFLICT.',
  })
  @Property({ version: true, type: 'integer' })
  version: number = 1;

  @Field(() => DateTimeISOResolver, { description: 'When the case was referred to the group.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  openedAt: Date = new Date();

  @Field(() => DateTimeISOResolver, { description: 'When the case last changed.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  @Field(() => DateTimeISOResolver, { nullable: true, description: 'When the case was closed; null while it is not.' })
  @Property({ type: 'datetime', nullable: true })
  closedAt?: Date | null;

  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description: 'When personal data was erased after the retention period; null until then.',
  })
  @Property({ type: 'datetime', nullable: true })
  personalErasedAt?: Date | null;

  @ManyToOne(() => HubUser, { deleteRule: 'restrict' })
  createdBy!: HubUser;
}
