import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Ward } from '../places/ward.entity';
import { DataSource } from '../sources/data-source.entity';

/** Council housing figures for one ward and month (the hub's own format: see README, "housing"). */
@Entity({ tableName: 'housing_month' })
@Unique({ properties: ['ward', 'month'] })
export class HousingMonth {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => DataSource, { deleteRule: 'cascade' })
  source!: DataSource;

  @ManyToOne(() => Ward, { deleteRule: 'restrict' })
  ward!: Ward;

  @Property({ type: 'date' })
  month!: string;

  @Property({ type: 'integer' })
  stock!: number;

  @Property({ type: 'integer' })
  voids!: number;

  @Property({ type: 'integer' })
  repairsCompleted!: number;

  @Property({ type: 'integer' })
  repairsInTarget!: number;

  @Property({ type: 'integer' })
  tenancyAsbCases!: number;

  @Property({ type: 'integer' })
  homelessnessPresentations!: number;
}
