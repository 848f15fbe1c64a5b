import { Migration } from '@mikro-orm/migrations';

/**
 * The residents of each LSOA in the newest population edition, by age band and sex: what an LSOA's
 * population, its crime rate and the ordering of a ward's LSOAs read. It picks the edition exactly as
 * ward_residents does, so a ward's residents are the sum of its LSOAs'.
 */
export class Migration20261203174500 extends Migration {
  override up(): void {
    this.addSql(`create view lsoa_residents as
      select p.lsoa_code, l.ward_code, p.age_band, p.sex, p.source_id, sum(p.count)::int as residents
        from lsoa_population p join lsoa l on l.code = p.lsoa_code
       where p.source_id in (select id from data_source
                              where kind = 'population'
                                and period = (select max(period) from data_source where kind = 'population'))
       group by p.lsoa_code, l.ward_code, p.age_band, p.sex, p.source_id;`);
    // The schema's default privileges gave hub_app every table right on the new view; it reads it, by column.
    this.addSql(`revoke all on lsoa_residents from hub_app;`);
    this.addSql(`grant select (lsoa_code, ward_code, age_band, sex, source_id, residents) on lsoa_residents to hub_app;`);
  }

  override down(): void {
    this.addSql(`drop view if exists lsoa_residents;`);
  }
}
