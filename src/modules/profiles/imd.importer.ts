import { placeInBorough, SKIP_OUTSIDE } from '../imports/import.borough';
import { columnsOf } from '../imports/import.errors';
import { Cells, parsed } from '../imports/import.cells';
import { replaceUnits } from '../imports/import.units';
import type { Geography, Importer, ImportJob, RowResult } from '../imports/import.types';

/**
 * English Indices of Deprivation 2019, File 7 ("All IoD2019 Scores, Ranks, Deciles and Population Denominators"),
 * as the CSV MHCLG publishes: one row per 2011 LSOA, 57 columns. Columns are found by name (trimmed: the published
 * header has trailing spaces on some names); the sub-domains and the other population denominators are not read.
 */
export const IMD_LSOA_CODE = 'LSOA code (2011)';
export const IMD_LSOA_NAME = 'LSOA name (2011)';
export const IMD_LA_CODE = 'Local Authority District code (2019)';
export const IMD_LA_NAME = 'Local Authority District name (2019)';
export const IMD_POPULATION = 'Total population: mid 2015 (excluding prisoners)';

/** England's 2011 LSOAs: ranks run from 1 (most deprived) to this. */
export const LSOAS_IN_ENGLAND_2011 = 32_844;

interface Domain {
  /** Key in lsoa_deprivation.domains (the IMD itself has columns of its own). */
  key: string;
  score: string;
  rank: string;
  decile: string;
  /** Score limits: rates are shares of people (0 to 1); the IMD score is 0 or more; the others are z-scores. */
  min?: number;
  max?: number;
}

function domain(key: string, label: string, score: string, limits: { min?: number; max?: number } = {}): Domain {
  return {
    key,
    score: `${label} ${score}`,
    rank: `${label} Rank (where 1 is most deprived)`,
    decile: `${label} Decile (where 1 is most deprived 10% of LSOAs)`,
    ...limits,
  };
}

const RATE = { min: 0, max: 1 };

export const IMD_DOMAINS: readonly Domain[] = [
  domain('imd', 'Index of Multiple Deprivation (IMD)', 'Score', { min: 0 }),
  domain('income', 'Income', 'Score (rate)', RATE),
  domain('employment', 'Employment', 'Score (rate)', RATE),
  domain('education', 'Education, Skills and Training', 'Score'),
  domain('health', 'Health Deprivation and Disability', 'Score'),
  domain('crime', 'Crime', 'Score'),
  domain('barriers', 'Barriers to Housing and Services', 'Score'),
  domain('livingEnvironment', 'Living Environment', 'Score'),
  domain('idaci', 'Income Deprivation Affecting Children Index (IDACI)', 'Score (rate)', RATE),
  domain('idaopi', 'Income Deprivation Affecting Older People (IDAOPI)', 'Score (rate)', RATE),
];

export const IMD_COLUMNS = [
  IMD_LSOA_CODE,
  IMD_LSOA_NAME,
  IMD_LA_CODE,
  IMD_LA_NAME,
  ...IMD_DOMAINS.flatMap((d) => [d.score, d.rank, d.decile]),
  IMD_POPULATION,
];

/** IMD 2019 File 7: IMD and domain scores, ranks and deciles, and the population denominator, per LSOA. */
export const imdImporter: Importer = {
  kind: 'imd2019',
  sourceKind: 'deprivation',
  table: 'lsoa_deprivation',
  title: () => 'English Indices of Deprivation 2019 (File 7), by LSOA',
  publisher: 'Ministry of Housing, Communities and Local Government',
  licence: 'Open Government Licence v3.0',
  start(header, geography: Geography): ImportJob {
    const c = columnsOf(header, IMD_COLUMNS);
    const seen = new Set<string>();
    return {
      staging: {
        lsoa_code: 'text',
        imd_score: 'double precision',
        imd_rank: 'int',
        imd_decile: 'smallint',
        population: 'int',
        domains: 'jsonb',
      },
      row(record): RowResult {
        const cells = new Cells(record);
        const lsoa = cells.required(IMD_LSOA_CODE, c[IMD_LSOA_CODE]);
        const figures = IMD_DOMAINS.map((d) => {
          const score = cells.number(d.score, c[d.score], { min: d.min, max: d.max });
          const rank = cells.number(d.rank, c[d.rank], { integer: true, min: 1, max: LSOAS_IN_ENGLAND_2011 });
          const decile = cells.number(d.decile, c[d.decile], { integer: true });
          if (typeof decile === 'number' && (decile < 1 || decile > 10)) {
            cells.problem(d.decile, `${decile} is not a decile (1 to 10, where 1 is the most deprived 10%)`);
          }
          return { key: d.key, score, rank, decile };
        });
        const population = cells.number(IMD_POPULATION, c[IMD_POPULATION], { integer: true, min: 0, max: 2_147_483_647 });
        const authority = cells.text(IMD_LA_NAME, c[IMD_LA_NAME]);
        const place = lsoa ? placeInBorough(geography, geography.lsoaWard.has(lsoa), { name: authority }) : 'known';
        if (place === 'unknown') {
          cells.problem(
            IMD_LSOA_CODE,
            `LSOA ${lsoa} (${cells.text(IMD_LSOA_NAME, c[IMD_LSOA_NAME])}) is in ${authority} but not in the hub: ` +
              'import the ONS lookup that includes it first',
          );
        }
        const outside = place === 'outside';
        if (lsoa && !outside) {
          if (seen.has(lsoa)) cells.problem(IMD_LSOA_CODE, `LSOA ${lsoa} has more than one row`);
          seen.add(lsoa);
        }
        if (cells.errors.length) return { errors: cells.errors };
        if (outside) return { skip: SKIP_OUTSIDE };
        const [imd, ...domains] = figures;
        return {
          load: [
            parsed(lsoa),
            parsed(imd.score),
            parsed(imd.rank),
            parsed(imd.decile),
            parsed(population),
            JSON.stringify(Object.fromEntries(domains.map((d) => [d.key, { score: d.score, rank: d.rank, decile: d.decile }]))),
          ],
        };
      },
      period() {
        return Promise.resolve('2019');
      },
      async commit(client, sourceId) {
        // This edition replaces any other 2019 deprivation figures for the same LSOAs (the seed's illustrative ones).
        const replaced = await replaceUnits(client, {
          table: 'lsoa_deprivation',
          unit: 'LSOA',
          keys: ['lsoa_code'],
          where: `t.source_id in (select id from data_source where kind = 'deprivation' and period = '2019')`,
        });
        const inserted = await client.query(
          `insert into lsoa_deprivation (lsoa_code, source_id, imd_score, imd_rank, imd_decile, population, domains)
           select lsoa_code, $1, imd_score, imd_rank, imd_decile, population, domains from import_staging`,
          [sourceId],
        );
        const { rows } = await client.query<{ ward_code: string }>(
          'select distinct l.ward_code from import_staging s join lsoa l on l.code = s.lsoa_code order by 1',
        );
        return { loaded: inserted.rowCount ?? 0, wardCodes: rows.map((r) => r.ward_code), replaced };
      },
    };
  },
};
