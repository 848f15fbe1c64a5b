import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Lsoa } from '../places/lsoa.entity';
import { DataSource } from '../sources/data-source.entity';
import { Sex } from './profile.enums';

/** Residents of one LSOA in one age band and sex, from one population source. Wards sum their LSOAs. */
@Entity({ tableName: 'lsoa_population' })
@Unique({ properties: ['source', 'lsoa', 'ageBand', 'sex'] })
export class LsoaPopulation {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Index()
  @ManyToOne(() => Lsoa, { deleteRule: 'cascade' })
  lsoa!: Lsoa;

  @Property({ type: 'text' })
  ageBand!: string;

  @Enum({ items: () => Sex })
  sex!: Sex;

  @Property({ type: 'integer' })
  count!: number;

  @ManyToOne(() => DataSource, { deleteRule: 'cascade' })
  source!: DataSource;
}
