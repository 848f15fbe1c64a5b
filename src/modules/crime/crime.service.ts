import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { firstDay, LATEST_MONTH_SQL, latestMonthRow, monthIndex, monthOf, resolveMonths } from '../../periods';
import { col, selectOne, selectRows } from '../../rows';
import { CrimeCategory } from './crime.enums';
import type { AreaLevel, CategoryCount, CrimeArgs, CrimePeriod, CrimeScope, CrimeSummary, OutcomeCount } from './crime.types';

export type { AreaLevel } from './crime.types';

/** The levels crime is summed to; each names the SQL that gives a crime's area key. */
export const AREA_KEY = {
  lsoa: 'l.code',
  ward: 'l.ward_code',
  locality: 'w.locality_id::text',
  borough: `'borough'`,
} as const satisfies Record<AreaLevel, string>;

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

const CRIME_JOINS = 'from crime c join lsoa l on l.code = c.lsoa_code join ward w on w.code = l.ward_code';

/*
 * Where each level's residents are read, aliased l and w as in the crime joins so that the area key
 * names the same columns: an LSOA's own residents (the view's lsoa_code read as l.code), or the
 * wards', which every higher level sums.
 */
const WARD_RESIDENTS = 'from ward_residents l join ward w on w.code = l.ward_code';
const RESIDENTS_FROM: Record<AreaLevel, string> = {
  lsoa: 'from (select lsoa_code as code, ward_code, residents from lsoa_residents) l join ward w on w.code = l.ward_code',
  ward: WARD_RESIDENTS,
  locality: WARD_RESIDENTS,
  borough: WARD_RESIDENTS,
};

/** The SQL narrowing crimes to some crime types, and its values; empty when all types are wanted. */
function categoryFilter(period: CrimePeriod): { sql: string; values: unknown[] } {
  return period.categories.length ? { sql: 'and c.category in (?)', values: [period.categories] } : { sql: '', values: [] };
}

/**
 * Crime summaries for many areas of one level over one period, in two statements whatever the
 * number of areas: counts by area, month and type (this period and a year earlier), and residents.
 * Outcomes and sources cost a statement each and are loaded only when asked for (crimeOutcomes,
 * crimeSourceIds): a ward page showing counts must not pay for them.
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
  const to = firstDay(period.to);
  const byType = categoryFilter(period);

  const [counts, people] = await Promise.all([
    selectRows(
      conn,
      { area: col.text, month: col.text, category: z.enum(CrimeCategory), n: col.int },
      `select ${key} as area, to_char(c.month, 'YYYY-MM') as month, c.category, count(*)::int as n
         ${CRIME_JOINS}
        where c.month between ? and ? ${byType.sql} and ${key} in (?)
        group by 1, 2, 3`,
      [prevFrom, to, ...byType.values, [...keys]],
    ),
    selectRows(
      conn,
      { area: col.text, n: col.int },
      `select ${key} as area, sum(l.residents)::int as n
         ${RESIDENTS_FROM[level]}
        where ${key} in (?)
        group by 1`,
      [[...keys]],
    ),
  ]);

  const population = new Map(people.map((p) => [p.area, p.n]));
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
    const scope: CrimeScope = { level, area, period };
    const residents = population.get(area) ?? null;
    const per1000 = (n: number) => (residents ? round((n / residents) * 1000, 2) : null);
    const byCategory: CategoryCount[] = [...categories]
      .map(([category, c]) => ({ category, count: c.now, ratePer1000: per1000(c.now), previousYearCount: c.before, scope }))
      .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
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
      scope,
    });
  }
  return result;
}

/** One area's crimes counted by type and latest outcome, as crimeOutcomes returns them. */
export interface OutcomeRow {
  category: CrimeCategory;
  outcome: string;
  n: number;
}

/**
 * The latest outcome of each crime in the period, counted by area and type, in one statement for
 * many areas: the latest row in crime_outcome, else the street file's own last outcome.
 */
export async function crimeOutcomes(
  em: EntityManager,
  level: AreaLevel,
  keys: readonly string[],
  period: CrimePeriod,
): Promise<Map<string, OutcomeRow[]>> {
  const key = AREA_KEY[level];
  const byType = categoryFilter(period);
  const rows = await selectRows(
    em.getConnection(),
    { area: col.text, category: z.enum(CrimeCategory), outcome: col.text, n: col.int },
    `with scope as (
       select ${key} as area, c.category, c.crime_ref, c.last_outcome
         ${CRIME_JOINS}
        where c.month between ? and ? ${byType.sql} and c.crime_ref is not null and ${key} in (?)),
     latest as (
       select distinct on (o.crime_ref) o.crime_ref, o.outcome
         from crime_outcome o
        where o.crime_ref in (select crime_ref from scope)
        order by o.crime_ref, o.month desc, o.id desc)
     select s.area, s.category, coalesce(latest.outcome, nullif(s.last_outcome, ''), 'No outcome recorded') as outcome,
            count(*)::int as n
       from scope s left join latest on latest.crime_ref = s.crime_ref
      group by 1, 2, 3`,
    [firstDay(period.from), firstDay(period.to), ...byType.values, [...keys]],
  );
  const byArea = new Map<string, OutcomeRow[]>(keys.map((k) => [k, []]));
  for (const { area, ...row } of rows) byArea.get(area)?.push(row);
  return byArea;
}

/** Outcome counts, most first, of one area's rows, or of one crime type's among them. */
export function outcomeCounts(rows: readonly OutcomeRow[], category?: CrimeCategory): OutcomeCount[] {
  return countOutcomes(category ? rows.filter((r) => r.category === category) : [...rows]);
}

/** The police.uk files that crimes in the period came from. */
export async function crimeSourceIds(em: EntityManager, period: Pick<CrimePeriod, 'from' | 'to'>): Promise<number[]> {
  const rows = await selectRows(
    em.getConnection(),
    { source_id: col.int },
    `select distinct source_id from crime where month between ? and ? order by 1`,
    [firstDay(period.from), firstDay(period.to)],
  );
  return rows.map((r) => r.source_id);
}
