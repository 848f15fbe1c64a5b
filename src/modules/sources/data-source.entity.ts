import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ImportReplacement } from '../imports/replacement.types';

@ObjectType({
  description:
    'Where a set of figures came from: who published it, the period it covers, its licence, and whether it is ' +
    'illustrative (made up for demonstration) rather than official. Cite it beside any figure you quote.',
})
@Entity({ tableName: 'data_source' })
export class DataSource {
  @Field(() => ID, { description: 'Internal identifier of the data source.' })
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field({ description: 'Stable short name of the source, e.g. "seed-population-2021".' })
  @Property({ type: 'text', unique: true })
  key!: string;

  @Field({ description: 'What kind of data it holds, e.g. geography, population, deprivation, ward-plans, partners.' })
  @Property({ type: 'text' })
  kind!: string;

  @Field({ description: 'Title of the source as a reader would cite it.' })
  @Property({ type: 'text' })
  title!: string;

  @Field({ description: 'Organisation that published the data.' })
  @Property({ type: 'text' })
  publisher!: string;

  @Field({ description: 'Licence the data is used under, e.g. Open Government Licence v3.0.' })
  @Property({ type: 'text' })
  licence!: string;

  @Field({ description: 'Period the figures describe, e.g. "2021", "2019", "2024/25".' })
  @Property({ type: 'text' })
  period!: string;

  @Field({
    description: 'True when the figures are illustrative (generated for demonstration), not official statistics.',
  })
  @Property({ type: 'boolean' })
  illustrative!: boolean;

  @Field(() => String, { nullable: true, description: 'Caveats a reader should know before using the figures.' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Field(() => String, { nullable: true, description: 'Name of the file the data was loaded from.' })
  @Property({ type: 'text', nullable: true })
  fileName?: string | null;

  @Field(() => Int, { nullable: true, description: 'Number of rows loaded from the source.' })
  @Property({ type: 'integer', nullable: true })
  rowCount?: number | null;

  @Field(() => Int, { nullable: true, description: 'Number of data rows read from the file.' })
  @Property({ type: 'integer', nullable: true })
  rowsRead?: number | null;

  /** Rows read but not loaded, by reason, e.g. { "outside the borough": 75 }. */
  @Property({ type: 'json', defaultRaw: `'{}'` })
  rowsSkipped: Record<string, number> = {};

  @Field(() => String, { nullable: true, description: 'SHA-256 of the file, to tell whether a re-import is the same file.' })
  @Property({ type: 'text', nullable: true })
  sha256?: string | null;

  @Field(() => String, { nullable: true, description: 'Who ran the import (a user name or service).' })
  @Property({ type: 'text', nullable: true })
  loadedBy?: string | null;

  @Field(() => ImportReplacement, {
    nullable: true,
    description:
      'For an imported file: the units it covers (ward-months, LSOAs, …) and how many it replaced. Nothing outside them changed.',
  })
  @Property({ type: 'json', nullable: true })
  replaced?: ImportReplacement | null;

  @Field(() => [String], { description: 'What the import asked a person to check, e.g. a ward left with no LSOA (empty when nothing).' })
  @Property({ type: 'text[]', defaultRaw: `'{}'` })
  warnings: string[] = [];

  /** ONS codes of the wards the source's figures touch, for "which areas changed" announcements. */
  @Property({ type: 'text[]', defaultRaw: `'{}'` })
  wardCodes: string[] = [];

  @Field(() => DateTimeISOResolver, { description: 'When the data was loaded into the hub.' })
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  loadedAt: Date = new Date();
}
