import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { firstDay, LATEST_MONTH_SQL, latestMonthRow, monthIndex, monthOf, resolveMonths } from '../../periods';
import { col, selectOne, selectRows } from '../../rows';
import { CrimeCategory } from './crime.enums';
import type { CategoryCount, CrimeArgs, CrimePeriod, CrimeSummary, OutcomeCount } from './crime.types';

/** The levels crime is summed to; each names the SQL that gives a crime's area key. */
export const AREA_KEY = {
  ward: 'l.ward_code',
  locality: 'w.locality_id::text',
  borough: `'borough'`,
} as const;
export type AreaLevel = keyof typeof AREA_KEY;

/** The latest month any crime was loaded for, as YYYY-MM, or null when there is no crime data. */
export async function latestCrimeMonth(em: EntityManager): Promise<string | null> {
  return (await selectOne(em.getConnection(), latestMonthRow, LATEST_MONTH_SQL.crime)).month;
}

/** Fills in the default period (the latest twelve months) and checks what was given. */
export function resolvePeriod(args: CrimeArgs, latest: string | null): CrimePeriod {
  const categories = [...new Set(args.categories ?? [])].sort();
  return { ...resolveMonths(args, latest), categories };
}

const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;

/** Outcome counts, most first, from rows already narrowed to one area (and maybe one category). */
function countOutcomes(rows: { outcome: string; n: number }[]): OutcomeCount[] {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.outcome, (totals.get(r.outcome) ?? 0) + r.n);
  return [...totals]
    .map(([outcome, count]) => ({ outcome, count }))
    .sort((a, b) => b.count - a.count || a.outcome.localeCompare(b.outcome));
}

/**
 * Crime summaries for many areas of one level over one period, in four statements whatever the
 * number of areas: counts by area, month and type (this period and a year earlier), latest outcomes,
 * residents, and the sources the counts came from.
 */
export async function crimeSummaries(
  em: EntityManager,
  level: AreaLevel,
  keys: readonly string[],
  period: CrimePeriod,
): Promise<Map<string, CrimeSummary>> {
  const key = AREA_KEY[level];
  const conn = em.getConnection();
  const first = monthIndex(period.from);
  const last = monthIndex(period.to);
  const prevFrom = firstDay(monthOf(first - 12));
  const from = firstDay(period.from);
  const to = firstDay(period.to);
  const byType = period.categories.length ? 'and c.category in (?)' : '';
  const typeArgs = period.categories.length ? [period.categories] : [];
  const joins = 'from crime c join lsoa l on l.code = c.lsoa_code join ward w on w.code = l.ward_code';

  const [counts, outcomes, people, sources] = await Promise.all([
    selectRows(
      conn,
      { area: col.text, month: col.text, category: z.enum(CrimeCategory), n: col.int },
      `select ${key} as area, to_char(c.month, 'YYYY-MM') as month, c.category, count(*)::int as n
         ${joins}
        where c.month between ? and ? ${byType} and ${key} in (?)
        group by 1, 2, 3`,
      [prevFrom, to, ...typeArgs, [...keys]],
    ),
    selectRows(
      conn,
      { area: col.text, category: z.enum(CrimeCategory), outcome: col.text, n: col.int },
      `with scope as (
         select ${key} as area, c.category, c.crime_ref, c.last_outcome
           ${joins}
          where c.month between ? and ? ${byType} and c.crime_ref is not null and ${key} in (?)),
       latest as (
         select distinct on (o.crime_ref) o.crime_ref, o.outcome
           from crime_outcome o
          where o.crime_ref in (select crime_ref from scope)
          order by o.crime_ref, o.month desc, o.id desc)
       select s.area, s.category, coalesce(latest.outcome, nullif(s.last_outcome, ''), 'No outcome recorded') as outcome,
              count(*)::int as n
         from scope s left join latest on latest.crime_ref = s.crime_ref
        group by 1, 2, 3`,
      [from, to, ...typeArgs, [...keys]],
    ),
    selectRows(
      conn,
      { area: col.text, n: col.int },
      // Aliased l and w as in the crime joins, so that the area key names the same columns.
      `select ${key} as area, sum(l.residents)::int as n
         from ward_residents l join ward w on w.code = l.ward_code
        where ${key} in (?)
        group by 1`,
      [[...keys]],
    ),
    selectRows(conn, { source_id: col.int }, `select distinct source_id from crime where month between ? and ? order by 1`, [from, to]),
  ]);

  const population = new Map(people.map((p) => [p.area, p.n]));
  const sourceIds = sources.map((s) => s.source_id);
  const result = new Map<string, CrimeSummary>();
  for (const area of keys) {
    const months = new Map<string, number>();
    for (let i = first; i <= last; i += 1) months.set(monthOf(i), 0);
    const categories = new Map<CrimeCategory, { now: number; before: number }>();
    const wanted = period.categories.length ? period.categories : Object.values(CrimeCategory);
    for (const c of wanted) categories.set(c, { now: 0, before: 0 });
    let total = 0;
    let previous = 0;
    for (const row of counts) {
      if (row.area !== area) continue;
      // The query counts only the wanted categories.
      const cat = categories.get(row.category);
      if (!cat) throw new Error(`crime counted in category ${row.category}, which was not asked for`);
      const i = monthIndex(row.month);
      // A period longer than a year overlaps its own previous year, so a month can count in both.
      if (i >= first && i <= last) {
        months.set(row.month, (months.get(row.month) ?? 0) + row.n);
        cat.now += row.n;
        total += row.n;
      }
      if (i >= first - 12 && i <= last - 12) {
        cat.before += row.n;
        previous += row.n;
      }
    }
    const residents = population.get(area) ?? null;
    const per1000 = (n: number) => (residents ? round((n / residents) * 1000, 2) : null);
    const byCategory: CategoryCount[] = [...categories]
      .map(([category, c]) => ({ category, count: c.now, ratePer1000: per1000(c.now), previousYearCount: c.before, outcomes: [] }))
      .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
    const mine = outcomes.filter((o) => o.area === area);
    const areaOutcomes = countOutcomes(mine);
    for (const c of byCategory) c.outcomes = countOutcomes(mine.filter((o) => o.category === c.category));
    result.set(area, {
      from: period.from,
      to: period.to,
      total,
      population: residents,
      ratePer1000: per1000(total),
      previousYearTotal: previous,
      changeFromPreviousYear: previous ? round((total - previous) / previous, 4) : null,
      byMonth: [...months].map(([month, count]) => ({ month, count })),
      byCategory,
      outcomes: areaOutcomes,
      sourceIds,
    });
  }
  return result;
}
