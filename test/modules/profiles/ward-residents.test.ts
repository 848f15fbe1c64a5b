import type { MikroORM } from '@mikro-orm/postgresql';
import { openOrm } from '../../../src/orm';
import { useTestApp } from '../../support/app';

/** The ward_residents view, read as the app reads it (pooled connections as hub_app). */

const hub = useTestApp();
let orm: MikroORM;

beforeAll(async () => {
  orm = await openOrm({ clientUrl: hub.db.url, role: 'hub_app', poolMax: 1 });
});

afterAll(async () => {
  await orm.close(true);
});

describe('ward_residents', () => {
  it("sums each ward's LSOAs in the newest population edition", async () => {
    const expected = await hub.ownerSql<{ ward_code: string; n: number }>(
      `select l.ward_code, sum(p.count)::int as n
         from lsoa_population p join lsoa l on l.code = p.lsoa_code
        where p.source_id in (select id from data_source where kind = 'population'
                               and period = (select max(period) from data_source where kind = 'population'))
        group by 1 order by 1`,
    );
    expect(expected.length).toBeGreaterThan(20);
    const got = await orm.em
      .fork()
      .execute<{ ward_code: string; n: number }[]>('select ward_code, sum(residents)::int as n from ward_residents group by 1 order by 1');
    expect(got).toEqual(expected);
  });

  it('is one row per ward, age band, sex and source', async () => {
    const [dup] = await hub.ownerSql<{ n: number }>(
      'select count(*)::int as n from (select 1 from ward_residents group by ward_code, age_band, sex, source_id having count(*) > 1) d',
    );
    expect(dup.n).toBe(0);
  });

  it('is granted to hub_app for reading, by column, and for nothing else', async () => {
    const [rights] = await hub.ownerSql<Record<string, boolean>>(
      `select has_column_privilege('hub_app', 'ward_residents', 'residents', 'select') as read_residents,
              has_column_privilege('hub_app', 'ward_residents', 'ward_code', 'select') as read_ward,
              has_table_privilege('hub_app', 'ward_residents', 'insert') as insert,
              has_table_privilege('hub_app', 'ward_residents', 'update') as update,
              has_table_privilege('hub_app', 'ward_residents', 'delete') as delete`,
    );
    expect(rights).toEqual({ read_residents: true, read_ward: true, insert: false, update: false, delete: false });
  });
});
