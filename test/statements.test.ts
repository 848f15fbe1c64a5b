import { DashboardDocument, type DashboardQuery } from './generated/graphql';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/app';

let hub: TestApp;
beforeAll(async () => {
  hub = await startTestApp();
});
afterAll(() => hub.close());

/** Runs `fn` and returns the SQL statements the hub sent to PostgreSQL meanwhile. */
async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const knex = hub.app.orm.em.getConnection().getKnex();
  const seen: string[] = [];
  const listener = (q: { sql: string }) => seen.push(q.sql);
  knex.on('query', listener);
  try {
    await fn();
  } finally {
    knex.removeListener('query', listener);
  }
  return seen;
}

/** Adds 225 wards, each with councillors, LSOAs with population and deprivation, and a plan with priorities. */
async function growTo250Wards(): Promise<void> {
  await hub.app.orm.em.getConnection().execute(`
    insert into ward (code, name, locality_id, boundary_set_code, seats, source_id)
      select 'E0590' || lpad(g::text, 4, '0'), 'Test ward ' || g,
             (select id from locality order by id offset (g % 3) limit 1), 'RMBC-2021', 2,
             (select source_id from ward limit 1)
        from generate_series(1, 225) g;
    insert into councillor (name, ward_code, term_start, term_end, source_id)
      select 'Councillor ' || s || ' of ' || w.name, w.code, '2024-05-02', '2028-05-04',
             (select source_id from councillor limit 1)
        from ward w cross join generate_series(1, 2) s where w.code like 'E0590%';
    insert into lsoa (code, name, ward_code, source_id)
      select 'E0190' || lpad(g::text, 4, '0'), 'Test LSOA ' || g, 'E0590' || lpad(((g - 1) / 4 + 1)::text, 4, '0'),
             (select source_id from lsoa limit 1)
        from generate_series(1, 900) g;
    insert into lsoa_population (lsoa_code, age_band, sex, count, source_id)
      select l.code, b, s, 100, (select id from data_source where kind = 'population' limit 1)
        from lsoa l cross join unnest(array['0-4', '85+']) b cross join unnest(array['female', 'male']) s
       where l.code like 'E0190%';
    insert into lsoa_deprivation (lsoa_code, imd_score, imd_rank, imd_decile, population, source_id)
      select l.code, 20, 16000, 5, 1500, (select id from data_source where kind = 'deprivation' limit 1)
        from lsoa l where l.code like 'E0190%';
    insert into ward_plan (ward_code, year, title, published_on, summary, source_id)
      select code, 2024, 'Plan for ' || name, '2024-09-01', 'A test plan.', (select source_id from ward_plan limit 1)
        from ward where code like 'E0590%';
    insert into ward_priority (plan_id, position, theme, title, health_and_wellbeing_aims, planned_actions)
      select p.id, s, 'CLEAN_STREETS', 'Priority ' || s, '{HEALTHY_SAFE_RESILIENT_COMMUNITIES}', '{"Litter picks"}'
        from ward_plan p cross join generate_series(1, 3) s where p.ward_code like 'E0590%';
  `);
}

it('reads localities → wards → councillors, profile, plan → priorities in the same number of statements at 25 and 250 wards', async () => {
  let small: GraphQLResponse<DashboardQuery> | undefined;
  const at25 = await statementsDuring(async () => {
    small = await hub.gql(DashboardDocument);
  });
  expect(small!.body.errors).toBeUndefined();
  const wards25 = small!.body.data!.localities.flatMap((l) => l.wards);
  expect(wards25).toHaveLength(25);
  expect(wards25.every((w) => w.councillors.length >= 2 && w.profile.population && w.plan!.priorities.length > 0)).toBe(true);

  await growTo250Wards();

  let large: GraphQLResponse<DashboardQuery> | undefined;
  const at250 = await statementsDuring(async () => {
    large = await hub.gql(DashboardDocument);
  });
  expect(large!.body.errors).toBeUndefined();
  const wards250 = large!.body.data!.localities.flatMap((l) => l.wards);
  expect(wards250).toHaveLength(250);
  const grown = wards250.find((w) => w.code === 'E05900001')!;
  expect(grown.councillors).toHaveLength(2);
  expect(grown.profile.population!.total).toBe(4 * 4 * 100);
  expect(grown.plan!.priorities).toHaveLength(3);

  // One statement each: localities, wards by locality, councillors, population, deprivation, plans, priorities.
  expect(at25).toHaveLength(7);
  expect(at250).toHaveLength(at25.length);
});
