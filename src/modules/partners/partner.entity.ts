import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { DataSource } from '../sources/data-source.entity';
import { PartnerKind } from './partner.enums';

@ObjectType({
  description:
    'An organisation that works on ward priorities or community-safety cases: council services, the police, ' +
    'housing, health bodies, parish councils and voluntary groups.',
})
@Entity({ tableName: 'partner' })
export class Partner {
  @Field(() => ID, { description: 'Internal identifier of the partner.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field({ description: 'Name of the organisation.' })
  @Property({ type: 'text', unique: true })
  name!: string;

  @Field(() => PartnerKind, { description: 'What kind of organisation it is.' })
  @Enum({ items: () => PartnerKind })
  kind!: PartnerKind;

  @Field({ description: 'What the organisation does in neighbourhood working.' })
  @Property({ type: 'text' })
  description!: string;

  @ManyToOne(() => DataSource, { deleteRule: 'restrict' })
  source!: DataSource;
}
