import type { EntityManager } from '@mikro-orm/postgresql';
import { col, readRows } from '../../rows';
import { LATEST_DEPRIVATION_EDITION } from '../sources/sources.service';
import { AGE_BANDS } from './profile.enums';
import type { AgeBandCount, DeprivationSummary, DomainScore, LsoaDeprivationSummary, PopulationSummary } from './ward-profile.types';

const bandOrder = (band: string) => {
  const i = (AGE_BANDS as readonly string[]).indexOf(band);
  return i === -1 ? AGE_BANDS.length : i;
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

/** Population by age band and sex for each ward, summed from its LSOAs, in one statement. */
export async function populationByWards(em: EntityManager, codes: readonly string[]): Promise<Map<string, PopulationSummary>> {
  const rows = await readRows(
    em,
    residentsRow,
    'select ward_code as area, age_band, sex, residents as count, source_id from ward_residents where ward_code = any(?::text[])',
    [[...codes]],
  );
  return summarisePopulation(rows);
}

/** Population by age band and sex for each LSOA, in the same edition as the wards', in one statement. */
export async function populationByLsoas(em: EntityManager, codes: readonly string[]): Promise<Map<string, PopulationSummary>> {
  const rows = await readRows(
    em,
    residentsRow,
    'select lsoa_code as area, age_band, sex, residents as count, source_id from lsoa_residents where lsoa_code = any(?::text[])',
    [[...codes]],
  );
  return summarisePopulation(rows);
}

const deprivationColumns = {
  ward_code: col.text,
  // Null when the LSOAs' population is zero; counted as 0, as before.
  score: col.number.nullable(),
  avg_rank: col.number.nullable(),
  lsoa_count: col.int,
  decile1: col.int,
  rank_in_borough: col.int,
  wards_ranked: col.int,
  source_id: col.int,
};

/** The LSOAs of the latest deprivation edition, with their ward and its boundary set: what both deprivation statements sum. */
const LATEST_LSOA_DEPRIVATION = `src as ${LATEST_DEPRIVATION_EDITION},
     scored as (
       select d.*, l.ward_code, w.boundary_set_code
         from lsoa_deprivation d
         join lsoa l on l.code = d.lsoa_code
         join ward w on w.code = l.ward_code
        where d.source_id in (select id from src))`;

/**
 * Deprivation summary for each ward from its LSOAs' IMD figures, ranked against the other wards of
 * the same boundary set, in one statement. The domains cost a statement of their own
 * (deprivationDomainsByWards), run only when asked for.
 */
export async function deprivationByWards(em: EntityManager, codes: readonly string[]): Promise<Map<string, DeprivationSummary>> {
  const rows = await readRows(
    em,
    deprivationColumns,
    `with ${LATEST_LSOA_DEPRIVATION},
     per_ward as (
       select ward_code, boundary_set_code,
              sum(imd_score * population) / nullif(sum(population), 0) as score,
              sum(imd_rank::float8 * population) / nullif(sum(population), 0) as avg_rank,
              count(*)::int as lsoa_count,
              (count(*) filter (where imd_decile = 1))::int as decile1,
              max(source_id) as source_id
         from scored
        group by ward_code, boundary_set_code),
     ranked as (
       select *, (rank() over (partition by boundary_set_code order by score desc))::int as rank_in_borough,
              (count(*) over (partition by boundary_set_code))::int as wards_ranked
         from per_ward)
     select * from ranked where ward_code = any(?::text[])`,
    [[...codes]],
  );
  return new Map(
    rows.map((r) => [
      r.ward_code,
      {
        wardCode: r.ward_code,
        imdScore: Math.round((r.score ?? 0) * 1000) / 1000,
        rankInBorough: r.rank_in_borough,
        wardsRanked: r.wards_ranked,
        averageNationalRank: Math.round((r.avg_rank ?? 0) * 10) / 10,
        lsoaCount: r.lsoa_count,
        lsoasInMostDeprivedDecile: r.decile1,
        shareInMostDeprivedDecile: Math.round((r.decile1 / r.lsoa_count) * 10000) / 10000,
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
