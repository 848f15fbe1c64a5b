import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { col, readRows } from '../../rows';
import { LATEST_DEPRIVATION_EDITION } from '../sources/sources.service';
import { AGE_BANDS } from './profile.enums';
import type { AgeBandCount, DeprivationSummary, PopulationSummary } from './ward-profile.types';

const bandOrder = (band: string) => {
  const i = (AGE_BANDS as readonly string[]).indexOf(band);
  return i === -1 ? AGE_BANDS.length : i;
};

/** Population by age band and sex for each ward, summed from its LSOAs, in one statement. */
export async function populationByWards(em: EntityManager, codes: readonly string[]): Promise<Map<string, PopulationSummary>> {
  const rows = await readRows(
    em,
    { ward_code: col.text, age_band: col.text, sex: col.text, count: col.int, source_id: col.int },
    'select ward_code, age_band, sex, residents as count, source_id from ward_residents where ward_code = any(?::text[])',
    [[...codes]],
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
  domains: z.array(z.object({ domain: z.string(), score: col.number.nullable(), rank: col.int })).nullable(),
};

/**
 * Deprivation summary for each ward from its LSOAs' IMD figures, ranked against the other wards of
 * the same boundary set, in one statement.
 */
export async function deprivationByWards(em: EntityManager, codes: readonly string[]): Promise<Map<string, DeprivationSummary>> {
  const rows = await readRows(
    em,
    deprivationColumns,
    `with src as ${LATEST_DEPRIVATION_EDITION},
     per_ward as (
       select l.ward_code, w.boundary_set_code,
              sum(d.imd_score * d.population) / nullif(sum(d.population), 0) as score,
              sum(d.imd_rank::float8 * d.population) / nullif(sum(d.population), 0) as avg_rank,
              count(*)::int as lsoa_count,
              (count(*) filter (where d.imd_decile = 1))::int as decile1,
              max(d.source_id) as source_id
         from lsoa_deprivation d
         join lsoa l on l.code = d.lsoa_code
         join ward w on w.code = l.ward_code
        where d.source_id in (select id from src)
        group by l.ward_code, w.boundary_set_code),
     ranked as (
       select *, (rank() over (partition by boundary_set_code order by score desc))::int as rank_in_borough,
              (count(*) over (partition by boundary_set_code))::int as wards_ranked
         from per_ward),
     domain_scores as (
       select l.ward_code, w.boundary_set_code, e.key as domain,
              sum((e.value->>'score')::float8 * d.population) / nullif(sum(d.population), 0) as score
         from lsoa_deprivation d
         join lsoa l on l.code = d.lsoa_code
         join ward w on w.code = l.ward_code
         cross join lateral jsonb_each(d.domains) e
        where d.source_id in (select id from src)
        group by 1, 2, 3),
     domain_ranked as (
       select *, rank() over (partition by boundary_set_code, domain order by score desc) as rank from domain_scores),
     domain_ranks as (
       select ward_code, jsonb_agg(jsonb_build_object('domain', domain, 'score', score, 'rank', rank) order by domain) as domains
         from domain_ranked group by ward_code)
     select r.*, dr.domains from ranked r left join domain_ranks dr on dr.ward_code = r.ward_code
      where r.ward_code = any(?::text[])`,
    [[...codes]],
  );
  return new Map(
    rows.map((r) => [
      r.ward_code,
      {
        imdScore: Math.round((r.score ?? 0) * 1000) / 1000,
        rankInBorough: r.rank_in_borough,
        wardsRanked: r.wards_ranked,
        averageNationalRank: Math.round((r.avg_rank ?? 0) * 10) / 10,
        lsoaCount: r.lsoa_count,
        lsoasInMostDeprivedDecile: r.decile1,
        shareInMostDeprivedDecile: Math.round((r.decile1 / r.lsoa_count) * 10000) / 10000,
        domains: (r.domains ?? []).map((d) => ({
          domain: d.domain,
          score: Math.round((d.score ?? 0) * 1000) / 1000,
          rankInBorough: d.rank,
        })),
        sourceId: r.source_id,
      },
    ]),
  );
}
