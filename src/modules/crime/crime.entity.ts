import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Lsoa } from '../places/lsoa.entity';
import { DataSource } from '../sources/data-source.entity';
import { CrimeCategory } from './crime.enums';

/** One row of a police.uk street-level crime file that falls in the borough. */
@Entity({ tableName: 'crime' })
@Index({ properties: ['lsoa', 'month'] })
@Index({ properties: ['month'] })
export class Crime {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => DataSource, { deleteRule: 'cascade' })
  source!: DataSource;

  /** police.uk Crime ID; empty for anti-social behaviour. Not indexed: no read looks a crime up by it. */
  @Property({ type: 'text', nullable: true })
  crimeRef?: string | null;

  /** First day of the month the crime was reported in. */
  @Property({ type: 'date' })
  month!: string;

  @ManyToOne(() => Lsoa, { deleteRule: 'restrict' })
  lsoa!: Lsoa;

  @Enum({ items: () => CrimeCategory })
  category!: CrimeCategory;

  @Property({ type: 'text', nullable: true })
  lastOutcome?: string | null;

  @Property({ type: 'double', nullable: true })
  longitude?: number | null;

  @Property({ type: 'double', nullable: true })
  latitude?: number | null;

  @Property({ type: 'text', nullable: true })
  location?: string | null;

  @Property({ type: 'text', nullable: true })
  context?: string | null;
}

/** One row of a police.uk outcomes file, linked to its crime by Crime ID. */
@Entity({ tableName: 'crime_outcome' })
@Index({ properties: ['lsoa', 'month'] })
export class CrimeOutcome {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => DataSource, { deleteRule: 'cascade' })
  source!: DataSource;

  @Index()
  @Property({ type: 'text' })
  crimeRef!: string;

  @Property({ type: 'date' })
  month!: string;

  @ManyToOne(() => Lsoa, { deleteRule: 'restrict' })
  lsoa!: Lsoa;

  @Property({ type: 'text' })
  outcome!: string;
}
