/**
 * The `bench_peer` schema: what a PostGraphile user would add to serve the figures the hub works out
 * beyond its tables (a ward's residents, deprivation rank, newest plan, crime, housing, budget and
 * indicator summaries), as SQL views and functions PostGraphile exposes as computed columns of `ward`.
 * Only the bench creates it, on its scratch database; the hub never reads it. Each mirrors the
 * service named beside it, for the default arguments the workloads use.
 */
import { LATEST_DEPRIVATION_EDITION } from '../../src/modules/sources/sources.service';
import { CRIME_CATEGORIES } from '../../src/modules/crime/crime.enums';

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

export const PEER_SCHEMA_SQL = `
drop schema if exists bench_peer cascade;
create schema bench_peer;

-- profiles.service populationByWards: residents summed from the ward's LSOAs.
create function bench_peer.ward_population_total(w public.ward) returns int stable language sql as $$
  select sum(residents)::int from public.ward_residents where ward_code = w.code
$$;

-- profiles.service deprivationByWards: population-weighted IMD score, ranked within the boundary set.
-- Materialised, refreshed after each load (PEER_REFRESH_SQL): a rank among all wards computed in a
-- function per ward costs every ward's score for each ward (0.8 s a request at 250 wards), so a
-- PostGraphile deployment would keep it this way. The hub ranks at request time, once per request.
create materialized view bench_peer.deprivation_ranked as
  with src as ${LATEST_DEPRIVATION_EDITION},
  per_ward as (
    select l.ward_code, w.boundary_set_code,
           sum(d.imd_score * d.population) / nullif(sum(d.population), 0) as score,
           count(*)::int as lsoa_count
      from public.lsoa_deprivation d
      join public.lsoa l on l.code = d.lsoa_code
      join public.ward w on w.code = l.ward_code
     where d.source_id in (select id from src)
     group by l.ward_code, w.boundary_set_code)
  select ward_code, round(score::numeric, 3)::float8 as imd_score, lsoa_count,
         (rank() over (partition by boundary_set_code order by score desc))::int as rank_in_borough,
         (count(*) over (partition by boundary_set_code))::int as wards_ranked
    from per_ward;
create unique index on bench_peer.deprivation_ranked (ward_code);
create function bench_peer.ward_deprivation(w public.ward) returns bench_peer.deprivation_ranked stable language sql as $$
  select * from bench_peer.deprivation_ranked where ward_code = w.code
$$;

-- plans.service: the newest plan when no year is given.
create function bench_peer.ward_newest_plan(w public.ward) returns public.ward_plan stable language sql as $$
  select * from public.ward_plan where ward_code = w.code order by year desc limit 1
$$;

-- crime.service crimeSummaries: the latest twelve months loaded, every month and all 14 types.
create view bench_peer.crime_period as
  select to_char(m - interval '11 months', 'YYYY-MM') as from_month, to_char(m, 'YYYY-MM') as to_month,
         (m - interval '11 months')::date as first_day, m::date as last_day
    from (select max(month) as m from public.crime) x;
create type bench_peer.month_count as (month text, count int);
create type bench_peer.category_count as (category text, count int, previous_year_count int);
create function bench_peer.ward_crime_period(w public.ward) returns bench_peer.crime_period stable language sql as $$
  select * from bench_peer.crime_period
$$;
create function bench_peer.ward_crime_by_month(w public.ward) returns setof bench_peer.month_count stable language sql as $$
  with counts as (
    select c.month, count(*)::int as n
      from bench_peer.crime_period p, public.crime c join public.lsoa l on l.code = c.lsoa_code
     where l.ward_code = w.code and c.month between p.first_day and p.last_day
     group by 1)
  select to_char(g, 'YYYY-MM'), coalesce(counts.n, 0)
    from bench_peer.crime_period p cross join generate_series(p.first_day, p.last_day, interval '1 month') g
    left join counts on counts.month = g
   order by 1
$$;
create function bench_peer.ward_crime_by_category(w public.ward) returns setof bench_peer.category_count stable language sql as $$
  with counts as (
    select c.category,
           (count(*) filter (where c.month >= p.first_day))::int as now,
           (count(*) filter (where c.month < p.first_day and c.month <= p.last_day - interval '12 months'))::int as before
      from bench_peer.crime_period p, public.crime c join public.lsoa l on l.code = c.lsoa_code
     where l.ward_code = w.code and c.month between p.first_day - interval '12 months' and p.last_day
     group by 1)
  select k.category, coalesce(counts.now, 0), coalesce(counts.before, 0)
    from unnest(array[${CRIME_CATEGORIES.map(literal).join(', ')}]) k(category) left join counts using (category)
   order by 2 desc, 1
$$;
create function bench_peer.ward_crime_total(w public.ward) returns int stable language sql as $$
  select count(*)::int from bench_peer.crime_period p, public.crime c join public.lsoa l on l.code = c.lsoa_code
   where l.ward_code = w.code and c.month between p.first_day and p.last_day
$$;

-- housing.service housingSummaries: the latest twelve months with figures.
create view bench_peer.housing_period as
  select to_char(m - interval '11 months', 'YYYY-MM') as from_month, to_char(m, 'YYYY-MM') as to_month,
         (m - interval '11 months')::date as first_day, m::date as last_day
    from (select max(month) as m from public.housing_month) x;
create type bench_peer.housing_summary as (
  from_month text, to_month text, latest_stock int, tenancy_asb_cases int, homelessness_presentations int);
create function bench_peer.ward_housing_months(w public.ward) returns setof public.housing_month stable language sql as $$
  select h.* from public.housing_month h, bench_peer.housing_period p
   where h.ward_code = w.code and h.month between p.first_day and p.last_day order by h.month
$$;
create function bench_peer.ward_housing(w public.ward) returns bench_peer.housing_summary stable language sql as $$
  select p.from_month, p.to_month,
         (select stock from bench_peer.ward_housing_months(w) order by month desc limit 1),
         coalesce((select sum(tenancy_asb_cases) from bench_peer.ward_housing_months(w)), 0)::int,
         coalesce((select sum(homelessness_presentations) from bench_peer.ward_housing_months(w)), 0)::int
    from bench_peer.housing_period p
$$;

-- budgets.service budgetSummaries: the latest financial year, by fund.
create type bench_peer.fund_amount as (fund text, amount float8);
create type bench_peer.budget_summary as (financial_year text, total float8);
create function bench_peer.ward_budget(w public.ward) returns bench_peer.budget_summary stable language sql as $$
  select y, (select round(coalesce(sum(amount), 0), 2)::float8 from public.budget_allocation
              where financial_year = y and ward_code = w.code)
    from (select max(financial_year) as y from public.budget_allocation) x
   where y is not null
$$;
create function bench_peer.ward_budget_by_fund(w public.ward) returns setof bench_peer.fund_amount stable language sql as $$
  select fund, round(sum(amount), 2)::float8 from public.budget_allocation
   where financial_year = (select max(financial_year) from public.budget_allocation) and ward_code = w.code
   group by fund order by fund
$$;

-- indicators.service indicatorResults: per indicator one series (Persons where published), the ward's
-- latest value, the borough's and England's for that period, and the ward's rank among the wards.
create type bench_peer.indicator_result as (
  indicator_id int, sex text, period text, value float8, borough_value float8, england_value float8,
  rank_in_borough int, wards_ranked int);
create function bench_peer.ward_indicators(w public.ward) returns setof bench_peer.indicator_result stable language sql as $$
  with series as (
    select i.id, i.aim, i.name, i.polarity,
           coalesce((select 'Persons' from public.indicator_value v
                      where v.indicator_id = i.id and v.category_type = '' and v.sex = 'Persons' limit 1),
                    (select v.sex from public.indicator_value v
                      where v.indicator_id = i.id and v.category_type = '' order by v.period_sortable limit 1),
                    'Persons') as sex
      from public.indicator i),
  ward_rows as (
    select v.*, s.polarity from series s
      join public.indicator_value v on v.indicator_id = s.id and v.sex = s.sex and v.category_type = ''
      join public.ward pw on pw.code = v.area_code),
  latest as (
    select distinct on (s.id) s.id, r.period, r.period_sortable, r.value
      from series s left join ward_rows r on r.indicator_id = s.id and r.area_code = w.code
     order by s.id, r.period_sortable desc nulls last, r.id desc)
  select s.id, s.sex, l.period, l.value,
         (select v.value from public.indicator_value v
           where v.indicator_id = s.id and v.sex = s.sex and v.category_type = '' and v.period_sortable = l.period_sortable
             and v.area_code in (select parent_code from ward_rows r where r.indicator_id = s.id) limit 1),
         (select v.value from public.indicator_value v
           where v.indicator_id = s.id and v.sex = s.sex and v.category_type = '' and v.period_sortable = l.period_sortable
             and v.area_type = 'England' limit 1),
         case when l.value is not null then 1 + (select count(*)::int from ward_rows r
           where r.indicator_id = s.id and r.period_sortable = l.period_sortable and r.value is not null
             and case when s.polarity = 'LOW_IS_GOOD' then r.value < l.value else r.value > l.value end) end,
         (select count(*)::int from ward_rows r
           where r.indicator_id = s.id and r.period_sortable = l.period_sortable and r.value is not null)
    from series s join latest l on l.id = s.id
   order by s.aim, s.name, s.id
$$;
`;

/** What the bench runs after loading data into a database with the schema above. */
export const PEER_REFRESH_SQL = 'refresh materialized view bench_peer.deprivation_ranked; analyze';
