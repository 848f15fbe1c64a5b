import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Lsoa } from '../places/lsoa.entity';
import { DataSource } from '../sources/data-source.entity';

/** Index of Multiple Deprivation figures for one LSOA from one edition (e.g. IMD 2019, File 7). */
@Entity({ tableName: 'lsoa_deprivation' })
@Unique({ properties: ['source', 'lsoa'] })
export class LsoaDeprivation {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Lsoa, { deleteRule: 'cascade' })
  lsoa!: Lsoa;

  @Property({ type: 'double' })
  imdScore!: number;

  /** National rank, 1 = most deprived of 32,844 LSOAs. */
  @Property({ type: 'integer' })
  imdRank!: number;

  /** National decile, 1 = most deprived 10%. */
  @Property({ type: 'smallint' })
  imdDecile!: number;

  /** Domain scores, ranks and deciles by domain key (income, employment, …, idaci, idaopi). */
  @Property({ type: 'json', defaultRaw: `'{}'` })
  domains: Record<string, { score: number; rank: number; decile: number }> = {};

  /** Population denominator the edition published, used to weight ward averages. */
  @Property({ type: 'integer' })
  population!: number;

  @ManyToOne(() => DataSource, { deleteRule: 'cascade' })
  source!: DataSource;
}
