import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { col, selectRows, type Row } from '../../rows';
import { Indicator, IndicatorPolarity, IndicatorValueType } from './indicator.entity';
import { type IndicatorArgs, type IndicatorFigure, type IndicatorResult, Significance } from './indicators.types';
import { compareToValue, rateInterval, wilsonInterval, type Interval, type Significance as Comparison } from './statistics';

const num = col.number.nullable();
const VALUE_ROW = {
  indicator_id: col.int,
  area_code: col.text,
  area_type: col.text,
  sex: col.text,
  parent_code: col.text.nullable(),
  period: col.text,
  period_sortable: col.number,
  value: num,
  lower95: num,
  upper95: num,
  lower998: num,
  upper998: num,
  count: num,
  denominator: num,
  value_note: col.text.nullable(),
  recent_trend: col.text.nullable(),
  source_id: col.int,
  locality_id: col.int.nullable(),
  locality_source_id: col.int.nullable(),
};
type ValueRow = Row<typeof VALUE_ROW>;

/** The indicators asked for, by ids and/or aim, in a stable order (aim, then name). */
export function findIndicators(em: EntityManager, args: IndicatorArgs): Promise<Indicator[]> {
  const where: FilterQuery<Indicator>[] = [];
  if (args.ids?.length) where.push({ id: { $in: args.ids } });
  if (args.aim) where.push({ aim: args.aim });
  return em.find(Indicator, where.length ? { $and: where } : {}, { orderBy: { aim: 'asc', name: 'asc', id: 'asc' } });
}

/**
 * The 95% and 99.8% intervals for a value from its count and denominator, by OHID's methods:
 * Wilson score for proportions, Byar's (exact Poisson below 10) for rates and counts.
 */
function intervalsFor(indicator: Indicator, count: number, denominator: number): { i95: Interval; i998: Interval } | null {
  if (indicator.valueType === IndicatorValueType.PROPORTION && denominator > 0 && count <= denominator) {
    return {
      i95: wilsonInterval(count, denominator, 0.95, indicator.multiplier),
      i998: wilsonInterval(count, denominator, 0.998, indicator.multiplier),
    };
  }
  if (indicator.valueType === IndicatorValueType.RATE && denominator > 0) {
    return {
      i95: rateInterval(count, denominator, 0.95, indicator.multiplier),
      i998: rateInterval(count, denominator, 0.998, indicator.multiplier),
    };
  }
  if (indicator.valueType === IndicatorValueType.COUNT)
    return { i95: rateInterval(count, 1, 0.95, 1), i998: rateInterval(count, 1, 0.998, 1) };
  return null;
}

function figure(indicator: Indicator, row: ValueRow): IndicatorFigure {
  const f: IndicatorFigure = {
    period: row.period,
    value: row.value,
    lower95: row.lower95,
    upper95: row.upper95,
    lower998: row.lower998,
    upper998: row.upper998,
    count: row.count,
    denominator: row.denominator,
    note: row.value_note,
    intervalComputed: false,
    sourceId: row.source_id,
    sourceIds: [row.source_id],
  };
  if (f.lower95 == null && f.upper95 == null && f.value != null && f.count != null && f.denominator != null) {
    const ci = intervalsFor(indicator, f.count, f.denominator);
    if (ci)
      Object.assign(f, {
        lower95: ci.i95.lower,
        upper95: ci.i95.upper,
        lower998: ci.i998.lower,
        upper998: ci.i998.upper,
        intervalComputed: true,
      });
  }
  return f;
}

/** A locality's value from its wards' counts and denominators, as OHID aggregates areas. */
function aggregate(indicator: Indicator, rows: ValueRow[]): IndicatorFigure | null {
  const usable = rows.filter((r): r is ValueRow & { count: number; denominator: number } => r.count != null && r.denominator != null);
  if (!usable.length || usable.length < rows.length || indicator.valueType === IndicatorValueType.OTHER) return null;
  const count = usable.reduce((n, r) => n + r.count, 0);
  const denominator = usable.reduce((n, r) => n + r.denominator, 0);
  const value =
    indicator.valueType === IndicatorValueType.COUNT ? count : denominator > 0 ? (count / denominator) * indicator.multiplier : null;
  const ci = value == null ? null : intervalsFor(indicator, count, denominator);
  return {
    period: rows[0].period,
    value,
    lower95: ci?.i95.lower ?? null,
    upper95: ci?.i95.upper ?? null,
    lower998: ci?.i998.lower ?? null,
    upper998: ci?.i998.upper ?? null,
    count,
    denominator,
    note: `Worked out by the hub from ${usable.length} wards`,
    intervalComputed: ci != null,
    sourceId: null,
    // The wards' own sources, and the grouping of wards into the locality that the sum depends on.
    sourceIds: [...new Set(rows.flatMap((r) => [r.source_id, r.locality_source_id]).filter((id): id is number => id != null))].sort(
      (a, b) => a - b,
    ),
  };
}

/** The schema's enum for each outcome of the statistics. */
const SIGNIFICANCE: Record<Comparison, Significance> = {
  BETTER: Significance.BETTER,
  SIMILAR: Significance.SIMILAR,
  WORSE: Significance.WORSE,
  HIGHER: Significance.HIGHER,
  LOWER: Significance.LOWER,
  NOT_COMPARED: Significance.NOT_COMPARED,
};

function compare(ward: IndicatorFigure | null, other: IndicatorFigure | null, polarity: IndicatorPolarity): Significance {
  if (!ward || ward.lower95 == null || ward.upper95 == null) return Significance.NOT_COMPARED;
  return SIGNIFICANCE[compareToValue({ lower: ward.lower95, upper: ward.upper95 }, other?.value, polarity)];
}

/**
 * Indicator results for many wards at once, in two statements whatever the number of wards: the
 * indicators, and every value of them for the borough's wards, the borough and England. Locality
 * figures, intervals the source lacks, comparisons and ranks are worked out here.
 */
export async function indicatorResults(
  em: EntityManager,
  wardCodes: readonly string[],
  args: IndicatorArgs,
): Promise<Map<string, IndicatorResult[]>> {
  const indicators = await findIndicators(em, args);
  const result = new Map<string, IndicatorResult[]>(wardCodes.map((c) => [c, []]));
  if (!indicators.length) return result;
  const rows = await selectRows(
    em,
    VALUE_ROW,
    `select iv.indicator_id, iv.area_code, iv.area_type, iv.sex, iv.parent_code, iv.period, iv.period_sortable, iv.value,
            iv.lower95, iv.upper95, iv.lower998, iv.upper998, iv.count, iv.denominator, iv.value_note, iv.recent_trend,
            iv.source_id, w.locality_id, l.source_id as locality_source_id
       from indicator_value iv left join ward w on w.code = iv.area_code left join locality l on l.id = w.locality_id
      where iv.indicator_id in (?) and iv.category_type = ''
      order by iv.period_sortable`,
    [indicators.map((i) => i.id)],
  );
  for (const indicator of indicators) {
    // One series per indicator: Persons where published, otherwise the one sex it is published for.
    const all = rows.filter((r) => r.indicator_id === indicator.id);
    const sex = all.some((r) => r.sex === 'Persons') ? 'Persons' : (all[0]?.sex ?? 'Persons');
    const mine = all.filter((r) => r.sex === sex);
    const wardRows = mine.filter((r) => r.locality_id != null);
    const boroughCodes = new Set(wardRows.map((r) => r.parent_code).filter(Boolean));
    const at = (filter: (r: ValueRow) => boolean, sortable: number) => mine.find((r) => filter(r) && r.period_sortable === sortable);
    for (const code of wardCodes) {
      const trendRows = wardRows.filter((r) => r.area_code === code);
      const latestRow = trendRows.at(-1);
      const latest = latestRow ? figure(indicator, latestRow) : null;
      const sortable = latestRow?.period_sortable;
      const englandRow = sortable == null ? undefined : at((r) => r.area_type === 'England', sortable);
      const boroughRow = sortable == null ? undefined : at((r) => boroughCodes.has(r.area_code), sortable);
      const peers = sortable == null ? [] : wardRows.filter((r) => r.period_sortable === sortable);
      const locality = latestRow
        ? aggregate(
            indicator,
            peers.filter((r) => r.locality_id === latestRow.locality_id),
          )
        : null;
      const ranked = peers.filter((r): r is ValueRow & { value: number } => r.value != null);
      const better =
        indicator.polarity === IndicatorPolarity.LOW_IS_GOOD ? (a: number, b: number) => a - b : (a: number, b: number) => b - a;
      ranked.sort((a, b) => better(a.value, b.value));
      const rankIndex = latestRow?.value != null ? ranked.findIndex((r) => r.value === latestRow.value) : -1;
      const england = englandRow ? figure(indicator, englandRow) : null;
      const borough = boroughRow ? figure(indicator, boroughRow) : null;
      const entries = result.get(code);
      if (!entries) throw new Error(`no results started for ward ${code}`);
      entries.push({
        indicator,
        sex,
        latest,
        trend: trendRows.map((r) => figure(indicator, r)),
        locality,
        borough,
        england,
        comparedToLocality: compare(latest, locality, indicator.polarity),
        comparedToBorough: compare(latest, borough, indicator.polarity),
        comparedToEngland: compare(latest, england, indicator.polarity),
        rankInBorough: rankIndex >= 0 ? rankIndex + 1 : null,
        wardsRanked: ranked.length,
        recentTrend: latestRow?.recent_trend ?? null,
      });
    }
  }
  return result;
}

/** What the hub holds of one indicator: its latest period, the wards with a value then, and that period's source. */
export interface IndicatorCoverage {
  latestPeriod: string | null;
  wardsCovered: number;
  sourceId: number | null;
}

/**
 * The coverage of many indicators in one statement: the latest period any value of theirs was loaded
 * for (all sexes and areas, no breakdown categories), how many of the hub's wards have a value in it,
 * and the newest import of that period.
 */
export async function indicatorCoverage(em: EntityManager, ids: readonly number[]): Promise<Map<number, IndicatorCoverage>> {
  const rows = await selectRows(
    em,
    { indicator_id: col.int, period: col.text, wards: col.int, source_id: col.int },
    `with latest as (
       select distinct on (indicator_id) indicator_id, period_sortable, period
         from indicator_value
        where indicator_id in (?) and category_type = ''
        order by indicator_id, period_sortable desc, period desc)
     select l.indicator_id, l.period,
            (count(distinct iv.area_code) filter (where iv.value is not null and w.code is not null))::int as wards,
            max(iv.source_id) as source_id
       from latest l
       join indicator_value iv
         on iv.indicator_id = l.indicator_id and iv.period_sortable = l.period_sortable and iv.category_type = ''
       left join ward w on w.code = iv.area_code
      group by l.indicator_id, l.period`,
    [[...ids]],
  );
  const byId = new Map<number, IndicatorCoverage>(ids.map((id) => [id, { latestPeriod: null, wardsCovered: 0, sourceId: null }]));
  for (const r of rows) byId.set(r.indicator_id, { latestPeriod: r.period, wardsCovered: r.wards, sourceId: r.source_id });
  return byId;
}
