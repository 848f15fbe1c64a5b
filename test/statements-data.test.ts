import { addSyntheticWards } from '../seeds/scale';
import { DashboardDataDocument } from './generated/graphql';
import { useTestApp } from './support/app';
import { authHeader } from './support/auth';
import { statementsOf } from './support/statements';

const hub = useTestApp();

it('reads localities and wards with crime, indicators, housing, budgets and deprivation in the same number of statements at 25 and 250 wards', async () => {
  const conn = hub.app.orm.em.getConnection();
  const [source] = await conn.execute<{ id: number }[]>(
    `insert into data_source (key, kind, title, publisher, licence, period, illustrative, file_name)
     values ('test:partners-data', 'crime', 'Test', 'Test', 'OGL', 'test', true, 'x.csv') returning id`,
  );
  // Some of every kind of data, for the wards of both sizes of borough.
  const addData = () =>
    conn.execute(
      `insert into crime (source_id, crime_ref, month, lsoa_code, category)
         select ?, md5(code), '2024-01-01', code, 'Burglary' from lsoa;
       insert into indicator (id, name, polarity, value_type, multiplier, unit) values (99001, 'Test', 'NONE', 'PROPORTION', 100, '%')
         on conflict do nothing;
       insert into indicator_value (source_id, indicator_id, area_code, area_name, area_type, period, period_sortable, value, count, denominator)
         select ?, 99001, code, name, 'Ward', '2022/23', 20220000, 10, 10, 100 from ward
         on conflict do nothing;
       insert into housing_month (source_id, ward_code, month, stock, voids, repairs_completed, repairs_in_target, tenancy_asb_cases, homelessness_presentations)
         select ?, code, '2024-01-01', 100, 1, 10, 9, 1, 1 from ward on conflict do nothing;
       insert into budget_allocation (source_id, financial_year, ward_code, fund, organisation, allocated_on, amount)
         select ?, '2020/21', code, 'WARD_BUDGET', 'Group in ' || name, '2020-10-01', 100 from ward;`,
      [source.id, source.id, source.id, source.id],
    );
  await addData();
  // One credential throughout, authenticated before measuring: both counts leave out its (cached) account.
  const auth = await authHeader();
  await hub.gql(DashboardDataDocument, {}, auth);
  const { result: small, statements: at25 } = await statementsOf(hub.app, (headers) =>
    hub.gql(DashboardDataDocument, {}, { ...auth, ...headers }),
  );
  expect(small.body.errors).toBeUndefined();
  const smallWards = small.body.data!.localities.flatMap((l) => l.wards);
  expect(smallWards).toHaveLength(await countWards());
  expect(smallWards.every((w) => w.crime.total > 0 && w.indicators.length > 0 && w.housing.latestStock != null && w.budget)).toBe(true);

  await addSyntheticWards(hub.app.orm.em.fork(), 250 - (await countWards()));
  await conn.execute(`delete from crime; delete from indicator_value; delete from housing_month; delete from budget_allocation`);
  await addData();
  const { result: large, statements: at250 } = await statementsOf(hub.app, (headers) =>
    hub.gql(DashboardDataDocument, {}, { ...auth, ...headers }),
  );
  expect(large.body.errors).toBeUndefined();
  const largeWards = large.body.data!.localities.flatMap((l) => l.wards);
  expect(largeWards).toHaveLength(250);
  expect(largeWards.every((w) => w.crime.total > 0 && w.indicators.length > 0 && w.housing.latestStock === 100 && w.budget)).toBe(true);
  expect(at250).toHaveLength(at25.length);
  expect(at25.length).toBeGreaterThan(0);
});

async function countWards(): Promise<number> {
  const [row] = await hub.app.orm.em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from ward');
  return row.n;
}
