import type { EntityManager } from '@mikro-orm/postgresql';
import { firstDay, LATEST_MONTH_SQL, latestMonthRow, type MonthSpan } from '../../periods';
import { col, selectOne, selectRows } from '../../rows';
import { AREA_OF_WARD, type AreaLevel } from '../places/areas';
import type { HousingFigures, HousingSummary } from './housing.types';

export type HousingPeriod = MonthSpan;

/** The latest month with housing figures, as YYYY-MM. */
export async function latestHousingMonth(em: EntityManager): Promise<string | null> {
  return (await selectOne(em.getConnection(), latestMonthRow, LATEST_MONTH_SQL.housing_month)).month;
}

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 10000 : null);

/**
 * Housing summaries for many areas of one level (wards, localities or the borough) over one period,
 * in one statement: each month's figures summed over the area's wards, from the same rows as theirs.
 */
export async function housingSummaries(
  em: EntityManager,
  level: AreaLevel,
  codes: readonly string[],
  period: HousingPeriod,
): Promise<Map<string, HousingSummary>> {
  const area = AREA_OF_WARD[level];
  const rows = await selectRows(
    em.getConnection(),
    {
      ward_code: col.text,
      month: col.text,
      stock: col.int,
      voids: col.int,
      repairs_completed: col.int,
      repairs_in_target: col.int,
      tenancy_asb_cases: col.int,
      homelessness_presentations: col.int,
      sources: col.intArray,
    },
    `select ${area} as ward_code, to_char(h.month, 'YYYY-MM') as month, sum(h.stock)::int as stock, sum(h.voids)::int as voids,
            sum(h.repairs_completed)::int as repairs_completed, sum(h.repairs_in_target)::int as repairs_in_target,
            sum(h.tenancy_asb_cases)::int as tenancy_asb_cases,
            sum(h.homelessness_presentations)::int as homelessness_presentations,
            array_agg(distinct h.source_id) as sources
       from housing_month h join ward w on w.code = h.ward_code
      where h.month between ? and ? and ${area} in (?)
      group by 1, 2
      order by 1, 2`,
    [firstDay(period.from), firstDay(period.to), [...codes]],
  );
  const result = new Map<string, HousingSummary>();
  for (const code of codes) {
    const mine = rows.filter((r) => r.ward_code === code);
    const byMonth: HousingFigures[] = mine.map((r) => ({
      month: r.month,
      stock: r.stock,
      voids: r.voids,
      voidRate: share(r.voids, r.stock),
      repairsCompleted: r.repairs_completed,
      repairsInTarget: r.repairs_in_target,
      repairsInTargetShare: share(r.repairs_in_target, r.repairs_completed),
      tenancyAsbCases: r.tenancy_asb_cases,
      homelessnessPresentations: r.homelessness_presentations,
    }));
    const sum = (f: (r: HousingFigures) => number) => byMonth.reduce((n, r) => n + f(r), 0);
    const rates = byMonth.map((m) => m.voidRate).filter((v): v is number => v != null);
    result.set(code, {
      from: period.from,
      to: period.to,
      byMonth,
      latestStock: byMonth.at(-1)?.stock ?? null,
      averageVoidRate: rates.length ? Math.round((rates.reduce((a, b) => a + b, 0) / rates.length) * 10000) / 10000 : null,
      repairsInTargetShare: share(
        sum((r) => r.repairsInTarget),
        sum((r) => r.repairsCompleted),
      ),
      tenancyAsbCases: sum((r) => r.tenancyAsbCases),
      homelessnessPresentations: sum((r) => r.homelessnessPresentations),
      sourceIds: [...new Set(mine.flatMap((r) => r.sources))].sort((a, b) => a - b),
    });
  }
  return result;
}
