import type { EntityManager } from '@mikro-orm/postgresql';
import { col, readRows } from '../../rows';
import { AREA_OF_LSOA, AREA_OF_WARD, RESIDENTS_AT, RESIDENTS_OF_WARDS, type AreaLevel, type LsoaAreaLevel } from '../places/areas';
import type { WardFigureSql } from '../places/ward-figures';
import { LATEST_DEPRIVATION_EDITION } from '../sources/sources.service';
import { AGE_BANDS } from './profile.enums';
import type {
  AgeBandCount,
  AreaDeprivationSummary,
  DeprivationSummary,
  DomainScore,
  LsoaDeprivationSummary,
  PopulationSummary,
} from './ward-profile.types';

const bandOrder = (band: string) => {
  const i = (AGE_BANDS as readonly string[]).indexOf(band);
  return i === -1 ? AGE_BANDS.length : i;
};

/** Every ward's residents, the figure `wards(orderBy: POPULATION)` ranks by: the rows population summaries sum. */
export const WARD_POPULATION_FIGURE: WardFigureSql = {
  sql: `select w.code, sum(r.residents)::float8 as value from ${RESIDENTS_OF_WARDS} group by w.code`,
  params: [],
};

const residentsRow = { area: col.text, age_band: col.text, sex: col.text, count: col.int, source_id: col.int };

/** Population summaries by area from rows of residents by area, age band and sex. */
function summarisePopulation(rows: { area: string; age_band: string; sex: string; count: number; source_id: number }[]) {
  const byArea = new Map<string, PopulationSummary>();
  const bands = new Map<string, Map<string, AgeBandCount>>();
  for (const r of rows) {
    let summary = byArea.get(r.area);
    let areaBands = bands.get(r.area);
    if (!summary || !areaBands) {
      summary = { total: 0, female: 0, male: 0, byAgeBand: [], sourceId: r.source_id };
      areaBands = new Map();
      byArea.set(r.area, summary);
      bands.set(r.area, areaBands);
    }
    let band = areaBands.get(r.age_band);
    if (!band) {
      band = { ageBand: r.age_band, female: 0, male: 0, total: 0 };
      areaBands.set(r.age_band, band);
    }
    if (r.sex === 'female') band.female += r.count;
    else band.male += r.count;
    band.total += r.count;
  }
  for (const [code, summary] of byArea) {
    const areaBands = bands.get(code);
    if (!areaBands) throw new Error(`area ${code} has a summary but no age bands`);
    summary.byAgeBand = [...areaBands.values()].sort(
      (a, b) => bandOrder(a.ageBand) - bandOrder(b.ageBand) || a.ageBand.localeCompare(b.ageBand),
    );
    summary.female = summary.byAgeBand.reduce((n, b) => n + b.female, 0);
    summary.male = summary.byAgeBand.reduce((n, b) => n + b.male, 0);
    summary.total = summary.female + summary.male;
  }
  return byArea;
}

/**
 * Population by age band and sex for each area of one level (LSOAs, wards, localities or the
 * borough), summed from the same rows (an LSOA's own, a ward's its LSOAs'), in one statement.
 */
export async function populationByAreas(
  em: EntityManager,
  level: LsoaAreaLevel,
  keys: readonly string[],
): Promise<Map<string, PopulationSummary>> {
  const area = AREA_OF_LSOA[level];
  const rows = await readRows(
    em,
    residentsRow,
    `select ${area} as area, r.age_band, r.sex, sum(r.residents)::int as count, max(r.source_id) as source_id
       from ${RESIDENTS_AT[level]}
      where ${area} = any(?::text[])
      group by 1, 2, 3`,
    [[...keys]],
  );
  return summarisePopulation(rows);
}

/** Population summaries of wards. */
export function populationByWards(em: EntityManager, codes: readonly string[]): Promise<Map<string, PopulationSummary>> {
  return populationByAreas(em, 'ward', codes);
}

/** Population summaries of LSOAs, in the same edition as the wards'. */
export function populationByLsoas(em: EntityManager, codes: readonly string[]): Promise<Map<string, PopulationSummary>> {
  return populationByAreas(em, 'lsoa', codes);
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

const lsoaDeprivationColumns = {
  lsoa_code: col.text,
  imd_score: col.number,
  imd_rank: col.int,
  imd_decile: col.int,
  rank_in_borough: col.int,
  lsoas_ranked: col.int,
  population: col.int,
  source_id: col.int,
};

/**
 * Each LSOA's own IMD figures in the latest edition, ranked against the other LSOAs of wards of the
 * same boundary set (as wards are ranked), in one statement. The domains cost a statement of their
 * own (deprivationDomainsByLsoas), run only when asked for.
 */
export async function deprivationByLsoas(em: EntityManager, codes: readonly string[]): Promise<Map<string, LsoaDeprivationSummary>> {
  const rows = await readRows(
    em,
    lsoaDeprivationColumns,
    `with ${LATEST_LSOA_DEPRIVATION},
     ranked as (
       select lsoa_code, imd_score, imd_rank, imd_decile, population, source_id,
              (rank() over (partition by boundary_set_code order by imd_score desc))::int as rank_in_borough,
              (count(*) over (partition by boundary_set_code))::int as lsoas_ranked
         from scored)
     select * from ranked where lsoa_code = any(?::text[])`,
    [[...codes]],
  );
  return new Map(
    rows.map((r) => [
      r.lsoa_code,
      {
        lsoaCode: r.lsoa_code,
        imdScore: r.imd_score,
        nationalRank: r.imd_rank,
        nationalDecile: r.imd_decile,
        rankInBorough: r.rank_in_borough,
        lsoasRanked: r.lsoas_ranked,
        population: r.population,
        sourceId: r.source_id,
      },
    ]),
  );
}

/** Each LSOA's domain scores, national ranks and deciles as published, ranked among the borough's LSOAs, in one statement. */
export async function deprivationDomainsByLsoas(em: EntityManager, codes: readonly string[]): Promise<Map<string, DomainScore[]>> {
  const rows = await readRows(
    em,
    {
      lsoa_code: col.text,
      domain: col.text,
      score: col.number,
      national_rank: col.int.nullable(),
      national_decile: col.int.nullable(),
      rank: col.int,
    },
    `with ${LATEST_LSOA_DEPRIVATION},
     domain_scores as (
       select s.lsoa_code, s.boundary_set_code, e.key as domain, (e.value->>'score')::float8 as score,
              (e.value->>'rank')::int as national_rank, (e.value->>'decile')::int as national_decile
         from scored s
         cross join lateral jsonb_each(s.domains) e),
     domain_ranked as (
       select *, (rank() over (partition by boundary_set_code, domain order by score desc))::int as rank from domain_scores)
     select lsoa_code, domain, score, national_rank, national_decile, rank
       from domain_ranked where lsoa_code = any(?::text[]) order by lsoa_code, domain`,
    [[...codes]],
  );
  const byLsoa = new Map<string, DomainScore[]>(codes.map((c) => [c, []]));
  for (const r of rows) {
    byLsoa.get(r.lsoa_code)?.push({
      domain: r.domain,
      score: r.score,
      rankInBorough: r.rank,
      nationalRank: r.national_rank,
      nationalDecile: r.national_decile,
    });
  }
  return byLsoa;
}
