import { LAD_CODE, LSOA_CODE, WARD_CODE } from '../../codes';
import { placeInBorough, SKIP_OUTSIDE } from '../imports/import.borough';
import { HeaderError } from '../imports/import.errors';
import { Cells, parsed } from '../imports/import.cells';
import type { Geography, Importer, ImportJob, RowResult, WardChange } from '../imports/import.types';

/**
 * ONS LSOA to ward to local authority lookup (Open Geography Portal CSV), e.g.
 * `LSOA21CD,LSOA21NM,WD24CD,WD24NM,LAD24CD,LAD24NM`. The years in the names change with each release and differ
 * between the three geographies; other columns (FID, ObjectId, Welsh names) are ignored.
 */
const KIND = 'ons-lookup';

const GEOGRAPHIES = [
  { prefix: 'LSOA', example: 'LSOA21' },
  { prefix: 'WD', example: 'WD24' },
  { prefix: 'LAD', example: 'LAD24' },
] as const;

interface Found {
  code: number;
  name: number;
  year: string;
}

/** Finds `<prefix><yy>CD` and `<prefix><yy>NM` (same yy) in the header, or throws naming what is missing. */
function findColumns(header: string[]): { lsoa: Found; ward: Found; lad: Found; names: string[] } {
  const names = header.map((h) => h.trim());
  const problems: string[] = [];
  const found = GEOGRAPHIES.map(({ prefix, example }) => {
    const codes = names
      .map((h, i) => ({ m: new RegExp(`^${prefix}(\\d{2})CD$`, 'i').exec(h), i }))
      .filter((x): x is { m: RegExpExecArray; i: number } => x.m !== null);
    if (codes.length !== 1) {
      problems.push(
        codes.length
          ? `more than one ${prefix} code column (${codes.map((x) => `"${names[x.i]}"`).join(', ')})`
          : `a ${prefix} code column like "${example}CD"`,
      );
      return undefined;
    }
    const year = codes[0].m[1];
    const name = names.findIndex((h) => h.toUpperCase() === `${prefix}${year}NM`);
    if (name === -1) {
      problems.push(`"${prefix}${year}NM" (the names that go with "${names[codes[0].i]}")`);
      return undefined;
    }
    return { code: codes[0].i, name, year };
  });
  if (problems.length) {
    throw new HeaderError(
      `the header lacks ${problems.join(', ')}; an ONS lookup has LSOAyyCD, LSOAyyNM, WDyyCD, WDyyNM, LADyyCD, LADyyNM ` +
        `(found: ${header.map((h) => `"${h}"`).join(', ')})`,
    );
  }
  const [lsoa, ward, lad] = found as Found[];
  return { lsoa, ward, lad, names };
}

/**
 * Assigns the borough's LSOAs to wards. A row belongs to the borough when the hub knows its ward, or when its local
 * authority is the borough's (its name is the one the hub's LSOA names carry, or its code is that of a known ward);
 * other authorities' rows are skipped. A borough row whose ward the hub does not know is a problem: wards (and
 * their localities) come from the seed data, not from the lookup. LSOAs the file does not mention are kept.
 */
export const onsLookupImporter: Importer = {
  kind: KIND,
  sourceKind: 'geography',
  table: 'lsoa',
  title: (period) => `ONS LSOA to ward to local authority lookup (${period})`,
  publisher: 'Office for National Statistics (Open Geography Portal)',
  licence: 'Open Government Licence v3.0',
  start(header, geography: Geography): ImportJob {
    const { lsoa, ward, lad, names } = findColumns(header);
    // Problems name the columns as the file does (LSOA21CD, WD24CD, …).
    const col = {
      lsoaCode: names[lsoa.code],
      lsoaName: names[lsoa.name],
      wardCode: names[ward.code],
      wardName: names[ward.name],
      ladCode: names[lad.code],
      ladName: names[lad.name],
    };
    const period = `LSOA${lsoa.year} to WD${ward.year}`;
    // Codes of the borough's local authority, learnt from rows whose ward the hub knows.
    const boroughLads = new Set<string>();
    const seen = new Set<string>();

    const code = (cells: Cells, column: string, index: number, shape: RegExp, what: string): string | undefined => {
      const value = cells.required(column, index);
      if (value && !shape.test(value)) {
        cells.problem(column, `'${value}' is not ${what}`);
        return undefined;
      }
      return value;
    };

    return {
      staging: { lsoa_code: 'text', lsoa_name: 'text', ward_code: 'text' },
      row(record): RowResult {
        const cells = new Cells(record);
        const lsoaCode = code(cells, col.lsoaCode, lsoa.code, LSOA_CODE, 'an LSOA code (like E01007604)');
        const lsoaName = cells.required(col.lsoaName, lsoa.name);
        const wardCode = code(cells, col.wardCode, ward.code, WARD_CODE, 'a ward code (like E05013010)');
        const wardName = cells.required(col.wardName, ward.name);
        const ladCode = code(cells, col.ladCode, lad.code, LAD_CODE, 'a local authority district code (like E08000018)');
        const ladName = cells.required(col.ladName, lad.name);
        if (cells.errors.length) return { errors: cells.errors };

        const place = placeInBorough(
          geography,
          geography.wards.has(parsed(wardCode)),
          { name: parsed(ladName), code: parsed(ladCode) },
          boroughLads,
        );
        if (place === 'outside') return { skip: SKIP_OUTSIDE };
        if (place === 'unknown') {
          cells.problem(col.wardCode, `ward ${wardCode} (${wardName}) is not in the hub: add it to seeds/data/wards.csv with its locality`);
        }
        if (seen.has(parsed(lsoaCode))) cells.problem(col.lsoaCode, `LSOA ${lsoaCode} has more than one row`);
        seen.add(parsed(lsoaCode));
        if (cells.errors.length) return { errors: cells.errors };
        return { load: [parsed(lsoaCode), parsed(lsoaName), parsed(wardCode)] };
      },
      period() {
        return Promise.resolve(period);
      },
      async commit(client, sourceId) {
        // Gains and losses are read before the LSOAs move: a new LSOA is a gain with no loss.
        const moves = await client.query<{ ward_code: string; gained: number; lost: number }>(
          `with moved as (select s.ward_code as to_ward, l.ward_code as from_ward
                            from import_staging s left join lsoa l on l.code = s.lsoa_code
                           where l.ward_code is distinct from s.ward_code)
           select ward_code, sum(gained)::int as gained, sum(lost)::int as lost
             from (select to_ward as ward_code, 1 as gained, 0 as lost from moved
                   union all
                   select from_ward, 0, 1 from moved where from_ward is not null) m
            group by ward_code`,
        );
        const existing = await client.query<{ n: number }>(
          'select count(*)::int as n from import_staging s join lsoa l on l.code = s.lsoa_code',
        );
        const upserted = await client.query(
          `insert into lsoa (code, name, ward_code, source_id)
           select lsoa_code, lsoa_name, ward_code, $1 from import_staging
           on conflict (code) do update
             set name = excluded.name, ward_code = excluded.ward_code, source_id = excluded.source_id`,
          [sourceId],
        );
        const { rows: now } = await client.query<{ code: string; name: string; lsoas: number }>(
          `select w.code, w.name, (select count(*) from lsoa l where l.ward_code = w.code)::int as lsoas
             from ward w where w.code = any($1::text[]) order by w.code`,
          [moves.rows.map((m) => m.ward_code)],
        );
        const wardChanges: WardChange[] = now.map((w) => {
          // The wards read are those the moves named.
          const m = moves.rows.find((r) => r.ward_code === w.code);
          if (!m) throw new Error(`ward ${w.code} was read back but has no moves`);
          return { wardCode: w.code, wardName: w.name, gained: m.gained, lost: m.lost, lsoas: w.lsoas };
        });
        // A ward with no LSOA has no population, deprivation or crime: almost always a mistake in the lookup.
        const warnings = wardChanges
          .filter((w) => w.lsoas === 0)
          .map(
            (w) =>
              `ward ${w.wardCode} (${w.wardName}) has no LSOA left: its population, deprivation and crime figures ` +
              'will be empty until an LSOA is assigned to it',
          );
        const staged = await client.query<{ ward_code: string }>('select distinct ward_code from import_staging');
        const wards = new Set([...wardChanges.map((w) => w.wardCode), ...staged.rows.map((r) => r.ward_code)]);
        const covered = upserted.rowCount ?? 0;
        const replaced = existing.rows[0].n;
        return {
          loaded: covered,
          wardCodes: [...wards].sort(),
          replaced: { unit: 'LSOA', covered, replaced, rows: replaced },
          wardChanges,
          warnings,
        };
      },
    };
  },
};
