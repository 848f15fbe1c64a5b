import { Migration } from '@mikro-orm/migrations';

/**
 * The residents of each ward, summed from its LSOAs' population in the newest population edition: the
 * one definition of a ward's population that ward profiles, crime rates and spend per resident share.
 * An edition can come from several sources (seed data, then an import replacing some LSOAs), so rows
 * are kept per source, by age band and sex; callers sum what they need.
 */
export class Migration20261203092526 extends Migration {
  override up(): void {
    this.addSql(`create view ward_residents as
      select l.ward_code, p.age_band, p.sex, p.source_id, sum(p.count)::int as residents
        from lsoa_population p join lsoa l on l.code = p.lsoa_code
       where p.source_id in (select id from data_source
                              where kind = 'population'
                                and period = (select max(period) from data_source where kind = 'population'))
       group by l.ward_code, p.age_band, p.sex, p.source_id;`);
    // The schema's default privileges gave hub_app every table right on the new view; it reads it, by column.
    this.addSql(`revoke all on ward_residents from hub_app;`);
    this.addSql(`grant select (ward_code, age_band, sex, source_id, residents) on ward_residents to hub_app;`);
  }

  override down(): void {
    this.addSql(`drop view if exists ward_residents;`);
  }
}
