import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Adds `count` synthetic wards (codes E0590xxxx, spread over the localities), each with two
 * councillors, four LSOAs with population and deprivation rows, and a 2024 plan with three
 * priorities. For tests and benchmarks that need a bigger borough than the seed data; never seeded.
 */
export async function addSyntheticWards(em: EntityManager, count: number): Promise<void> {
  await em.getConnection().execute(
    `
    insert into ward (code, name, locality_id, boundary_set_code, seats, source_id)
      select 'E0590' || lpad(g::text, 4, '0'), 'Test ward ' || g,
             (select id from locality order by id offset (g % 3) limit 1), 'RMBC-2021', 2,
             (select source_id from ward limit 1)
        from generate_series(1, ?::int) g;
    insert into councillor (name, ward_code, term_start, term_end, source_id)
      select 'Councillor ' || s || ' of ' || w.name, w.code, '2024-05-02', '2028-05-04',
             (select source_id from councillor limit 1)
        from ward w cross join generate_series(1, 2) s where w.code like 'E0590%';
    insert into lsoa (code, name, ward_code, source_id)
      select 'E0190' || lpad(g::text, 4, '0'), 'Test LSOA ' || g, 'E0590' || lpad(((g - 1) / 4 + 1)::text, 4, '0'),
             (select source_id from lsoa limit 1)
        from generate_series(1, 4 * ?::int) g;
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
    `,
    [count, count],
  );
}
