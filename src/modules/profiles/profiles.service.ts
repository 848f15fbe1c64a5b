import type { EntityManager } from '@mikro-orm/postgresql';
import { col, readRows } from '../../rows';
import { AREA_OF_WARD, RESIDENTS_OF_WARDS, type AreaLevel } from '../places/areas';
import type { WardFigureSql } from '../places/ward-figures';
import { LATEST_DEPRIVATION_EDITION } from '../sources/sources.service';
import { AGE_BANDS } from './profile.enums';
import type { AgeBandCount, AreaDeprivationSummary, DeprivationSummary, DomainScore, PopulationSummary } from './ward-profile.types';

const bandOrder = (band: string) => {
  const i = (AGE_BANDS as readonly string[]).indexOf(band);
  return i === -1 ? AGE_BANDS.length : i;
};

/** Every ward's residents, the figure `wards(orderBy: POPULATION)` ranks by: the rows population summaries sum. */
export const WARD_POPULATION_FIGURE: WardFigureSql = {
  sql: `select w.code, sum(r.residents)::float8 as value from ${RESIDENTS_OF_WARDS} group by w.code`,
  params: [],
};

/**
 * Population by age band and sex for each area of one level (wards, localities or the borough),
 * summed from the same rows of its wards' LSOAs, in one statement.
 */
export async function populationByAreas(
  em: EntityManager,
  level: AreaLevel,
  keys: readonly string[],
): Promise<Map<string, PopulationSummary>> {
  const area = AREA_OF_WARD[level];
  const rows = await readRows(
    em,
    { ward_code: col.text, age_band: col.text, sex: col.text, count: col.int, source_id: col.int },
    `select ${area} as ward_code, r.age_band, r.sex, sum(r.residents)::int as count, max(r.source_id) as source_id
       from ${RESIDENTS_OF_WARDS}
      where ${area} = any(?::text[])
      group by 1, 2, 3`,
    [[...keys]],
  );
  const byWard = new Map<string, PopulationSummary>();
  const bands = new Map<string, Map<string, AgeBandCount>>();
  for (const r of rows) {
    let summary = byWard.get(r.ward_code);
    let wardBands = bands.get(r.ward_code);
    if (!summary || !wardBands) {
      summary = { total: 0, female: 0, male: 0, byAgeBand: [], sourceId: r.source_id };
      wardBands = new Map();
      byWard.set(r.ward_code, summary);
      bands.set(r.ward_code, wardBands);
    }
    let band = wardBands.get(r.age_band);
    if (!band) {
      band = { ageBand: r.age_band, female: 0, male: 0, total: 0 };
      wardBands.set(r.age_band, band);
    }
    if (r.sex === 'female') band.female += r.count;
    else band.male += r.count;
    band.total += r.count;
  }
  for (const [code, summary] of byWard) {
    const wardBands = bands.get(code);
    if (!wardBands) throw new Error(`ward ${code} has a summary but no age bands`);
    summary.byAgeBand = [...wardBands.values()].sort(
      (a, b) => bandOrder(a.ageBand) - bandOrder(b.ageBand) || a.ageBand.localeCompare(b.ageBand),
    );
    summary.female = summary.byAgeBand.reduce((n, b) => n + b.female, 0);
    summary.male = summary.byAgeBand.reduce((n, b) => n + b.male, 0);
    summary.total = summary.female + summary.male;
  }
  return byWard;
}

/** Population summaries of wards. */
export function populationByWards(em: EntityManager, codes: readonly string[]): Promise<Map<string, PopulationSummary>> {
  return populationByAreas(em, 'ward', codes);
}

const deprivationColumns = {
  area: col.text,
  score: col.number,
  avg_rank: col.number,
  lsoa_count: col.int,
  decile1: col.int,
  source_id: col.int,
};

/** The LSOAs of the latest deprivation edition, with their ward's columns: what every deprivation statement sums. */
const LATEST_LSOA_DEPRIVATION = `src as ${LATEST_DEPRIVATION_EDITION},
     scored as (
       select d.*, l.ward_code, w.code, w.locality_id, w.boundary_set_code
         from lsoa_deprivation d
         join lsoa l on l.code = d.lsoa_code
         join ward w on w.code = l.ward_code
        where d.source_id in (select id from src))`;

/**
 * Each area's deprivation at one level from its LSOAs of the latest edition, as the CTE `per_area`:
 * the population-weighted score (rounded as shown; 0 when the LSOAs have no population, as before),
 * average national rank, LSOA count and LSOAs in the most deprived decile. Follows LATEST_LSOA_DEPRIVATION.
 */
function perAreaDeprivation(level: AreaLevel): string {
  return `per_area as (
       select ${AREA_OF_WARD[level]} as area,
              round(coalesce(sum(w.imd_score * w.population) / nullif(sum(w.population), 0), 0)::numeric, 3)::float8 as score,
              round(coalesce(sum(w.imd_rank::float8 * w.population) / nullif(sum(w.population), 0), 0)::numeric, 1)::float8 as avg_rank,
              count(*)::int as lsoa_count,
              (count(*) filter (where w.imd_decile = 1))::int as decile1,
              max(w.source_id) as source_id
         from scored w
        group by 1)`;
}

/** Every ward's IMD score, the figure `wards(orderBy: IMD_SCORE)` ranks by: the score deprivation summaries show. */
export const WARD_IMD_FIGURE: WardFigureSql = {
  sql: `with ${LATEST_LSOA_DEPRIVATION}, ${perAreaDeprivation('ward')} select area as code, score as value from per_area`,
  params: [],
};

const shareOf = (part: number, whole: number) => Math.round((part / whole) * 10000) / 10000;

/**
 * Deprivation summary for each ward from its LSOAs' IMD figures, ranked against the other wards of
 * the same boundary set, in one statement. The domains cost a statement of their own
 * (deprivationDomainsByWards), run only when asked for.
 */
export async function deprivationByWards(em: EntityManager, codes: readonly string[]): Promise<Map<string, DeprivationSummary>> {
  const rows = await readRows(
    em,
    { ...deprivationColumns, rank_in_borough: col.int, wards_ranked: col.int },
    `with ${LATEST_LSOA_DEPRIVATION}, ${perAreaDeprivation('ward')},
     ranked as (
       select p.*, (rank() over (partition by w.boundary_set_code order by p.score desc))::int as rank_in_borough,
              (count(*) over (partition by w.boundary_set_code))::int as wards_ranked
         from per_area p join ward w on w.code = p.area)
     select * from ranked where area = any(?::text[])`,
    [[...codes]],
  );
  return new Map(
    rows.map((r) => [
      r.area,
      {
        wardCode: r.area,
        imdScore: r.score,
        rankInBorough: r.rank_in_borough,
        wardsRanked: r.wards_ranked,
        averageNationalRank: r.avg_rank,
        lsoaCount: r.lsoa_count,
        lsoasInMostDeprivedDecile: r.decile1,
        shareInMostDeprivedDecile: shareOf(r.decile1, r.lsoa_count),
        sourceId: r.source_id,
      },
    ]),
  );
}

/** Deprivation of each locality (or the borough) from all its LSOAs, as wards' is from theirs, in one statement. */
export async function deprivationByAreas(
  em: EntityManager,
  level: Exclude<AreaLevel, 'ward'>,
  keys: readonly string[],
): Promise<Map<string, AreaDeprivationSummary>> {
  const rows = await readRows(
    em,
    deprivationColumns,
    `with ${LATEST_LSOA_DEPRIVATION}, ${perAreaDeprivation(level)}
     select * from per_area where area = any(?::text[])`,
    [[...keys]],
  );
  return new Map(
    rows.map((r) => [
      r.area,
      {
        imdScore: r.score,
        averageNationalRank: r.avg_rank,
        lsoaCount: r.lsoa_count,
        lsoasInMostDeprivedDecile: r.decile1,
        shareInMostDeprivedDecile: shareOf(r.decile1, r.lsoa_count),
        sourceId: r.source_id,
      },
    ]),
  );
}

/** Each ward's domain scores, population-weighted from its LSOAs and ranked in its boundary set, in one statement. */
export async function deprivationDomainsByWards(em: EntityManager, codes: readonly string[]): Promise<Map<string, DomainScore[]>> {
  const rows = await readRows(
    em,
    { ward_code: col.text, domain: col.text, score: col.number.nullable(), rank: col.int },
    `with ${LATEST_LSOA_DEPRIVATION},
     domain_scores as (
       select s.ward_code, s.boundary_set_code, e.key as domain,
              sum((e.value->>'score')::float8 * s.population) / nullif(sum(s.population), 0) as score
         from scored s
         cross join lateral jsonb_each(s.domains) e
        group by 1, 2, 3),
     domain_ranked as (
       select *, (rank() over (partition by boundary_set_code, domain order by score desc))::int as rank from domain_scores)
     select ward_code, domain, score, rank from domain_ranked where ward_code = any(?::text[]) order by ward_code, domain`,
    [[...codes]],
  );
  const byWard = new Map<string, DomainScore[]>(codes.map((c) => [c, []]));
  for (const r of rows) {
    byWard.get(r.ward_code)?.push({ domain: r.domain, score: Math.round((r.score ?? 0) * 1000) / 1000, rankInBorough: r.rank });
  }
  return byWard;
}
