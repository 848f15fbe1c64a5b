import type { ClientBase } from 'pg';
import { columnsOf } from '../imports/import.errors';
import { authorityOf } from '../../codes';
import { placeInBorough, SKIP_OUTSIDE } from '../imports/import.borough';
import { monthSpan } from '../../periods';
import { Cells, parsed } from '../imports/import.cells';
import { RAW_TABLE, rawColumn } from '../imports/import.raw';
import { replaceUnits } from '../imports/import.units';
import type { Geography, Importer, ImportJob, RowResult } from '../imports/import.types';
import { CRIME_CATEGORIES } from './crime.enums';

const OGL = 'Open Government Licence v3.0';
const POLICE_UK = 'police.uk (Home Office)';

export const STREET_COLUMNS = [
  'Crime ID',
  'Month',
  'Reported by',
  'Falls within',
  'Longitude',
  'Latitude',
  'Location',
  'LSOA code',
  'LSOA name',
  'Crime type',
  'Last outcome category',
  'Context',
] as const;

export const OUTCOME_COLUMNS = [
  'Crime ID',
  'Month',
  'Reported by',
  'Falls within',
  'Longitude',
  'Latitude',
  'Location',
  'LSOA code',
  'LSOA name',
  'Outcome type',
] as const;

export const SKIP_NO_LOCATION = 'no location (no LSOA)';

/**
 * Where a police.uk row falls: in the borough (its ward), outside it (skip), or in the borough by its
 * LSOA name but with a code the hub does not know (a problem: load the ONS lookup first).
 */
function placeRow(cells: Cells, index: { code: number; name: number }, geography: Geography): { ward?: string; skip?: string } {
  const code = cells.text('LSOA code', index.code);
  if (!code) return { skip: SKIP_NO_LOCATION };
  const ward = geography.lsoaWard.get(code);
  const name = cells.text('LSOA name', index.name);
  const place = placeInBorough(geography, ward !== undefined, { name: authorityOf(name) });
  if (place === 'outside') return { skip: SKIP_OUTSIDE };
  if (place === 'unknown') {
    cells.problem('LSOA code', `unknown LSOA ${code} (${name}): import the ONS lookup that includes it first`);
    return {};
  }
  return { ward };
}

async function monthsOf(client: ClientBase): Promise<string> {
  const { rows } = await client.query<{ first: string; last: string }>(
    `select min(month)::text as first, max(month)::text as last from import_staging`,
  );
  return rows[0].first ? monthSpan(rows[0].first, rows[0].last) : 'no rows';
}

/**
 * The wards the staged rows fall in. Read from the staging table (analysed), not from the rows just
 * inserted into crime: those have no statistics yet, and a plan guessed for them compared the new rows
 * with every LSOA (about 959 million pairs for a million-row file).
 */
async function wardsOfStaged(client: ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ ward_code: string }>(
    'select distinct l.ward_code from (select distinct lsoa_code from import_staging) s join lsoa l on l.code = s.lsoa_code order by 1',
  );
  return rows.map((r) => r.ward_code);
}

/** A month written YYYY-MM, as `isMonth` (src/periods.ts) takes it. */
const MONTH_SQL = `'^[0-9]{4}-(0[1-9]|1[0-2])$'`;

/**
 * A number cell `Cells.number` takes and reads the same (optional, within ±`limit`); other spellings
 * it may take (1e3, 1,234) are left to the row-by-row path. CASE keeps the cast from rows it would fail on.
 */
function coordinateOk(column: string, limit: number): string {
  return `case when ${column} = '' then true when ${column} ~ '^-?[0-9]{1,3}(\\.[0-9]{1,30})?$' then abs(${column}::float8) <= ${String(limit)} else false end`;
}

/**
 * How `placeRow` sees a raw row, in SQL: `known` (the hub has the LSOA), and `doubt` when the row has a
 * code the hub does not know but its LSOA name could be the borough's (a problem: the row-by-row path
 * names it) or is not plain ASCII (where JavaScript's and PostgreSQL's \s might split it differently).
 * $1 is the borough's authority names.
 */
function placeSql(code: string, name: string): { known: string; doubt: string } {
  return {
    known: `exists (select 1 from lsoa l where l.code = ${code})`,
    doubt: `(${name} !~ '^[ -~]*$' or regexp_replace(${name}, '\\s+\\S+$', '') = any($1::text[]))`,
  };
}

/**
 * Runs the SQL of a police.uk fast path: `checks` is true for a row with a possible problem, `insert`
 * the staging insert's head (`from` the raw rows that load is added); `categories`, when given, is $2. Returns the skips in the order their
 * reasons first occur in the file (as the row-by-row path counts them), or undefined on any doubt.
 */
async function stagePoliceRows(
  client: ClientBase,
  geography: Geography,
  sql: { code: string; name: string; checks: string; insert: string; duplicates: string },
  categories?: readonly string[],
): Promise<{ skipped: Record<string, number> } | undefined> {
  const duplicated = await client.query<{ any: boolean }>(`select exists (${sql.duplicates}) as any`);
  if (duplicated.rows[0].any) return undefined;
  const place = placeSql(sql.code, sql.name);
  // Counted first and inserted after, each in one pass over the raw rows: one statement doing both
  // held every raw row (about 400 MB for a million) in a CTE that spilled to disk.
  const { rows } = await client.query<{
    doubtful: string;
    none: string;
    none_first: string | null;
    outside: string;
    outside_first: string | null;
    unknown: boolean | null;
  }>(
    `select count(*) filter (where doubtful) as doubtful,
            count(*) filter (where unplaced) as none, min(n) filter (where unplaced) as none_first,
            count(*) filter (where not unplaced and not known) as outside, min(n) filter (where not unplaced and not known) as outside_first,
            bool_or(not unplaced and not known and ${place.doubt}) as unknown
       from (select *, ${sql.code} = '' as unplaced, ${place.known} as known, (${sql.checks}) as doubtful from ${RAW_TABLE}) c`,
    categories ? [[...geography.authorityNames], categories] : [[...geography.authorityNames]],
  );
  const r = rows[0];
  if (Number(r.doubtful) > 0 || r.unknown) return undefined;
  await client.query(`${sql.insert} from ${RAW_TABLE} where ${sql.code} <> '' and ${place.known}`);
  const reasons: [string, number, number][] = [];
  if (Number(r.none) > 0) reasons.push([SKIP_NO_LOCATION, Number(r.none), Number(r.none_first)]);
  if (Number(r.outside) > 0) reasons.push([SKIP_OUTSIDE, Number(r.outside), Number(r.outside_first)]);
  reasons.sort((a, b) => a[2] - b[2]);
  return { skipped: Object.fromEntries(reasons.map(([reason, count]) => [reason, count])) };
}

/** police.uk street-level crime CSV, one force's month (or several months) as downloaded. */
export const policeStreetImporter: Importer = {
  kind: 'police-street',
  sourceKind: 'crime',
  table: 'crime',
  title: (period) => `police.uk street-level crime, ${period}`,
  publisher: POLICE_UK,
  licence: OGL,
  start(header, geography): ImportJob {
    const c = columnsOf(header, STREET_COLUMNS);
    // Row of each Crime ID seen: police.uk gives every crime one row a month, so a repeat is a damaged file.
    const seen = new Map<string, number>();
    return {
      staging: {
        crime_ref: 'text',
        month: 'date',
        lsoa_code: 'text',
        category: 'text',
        last_outcome: 'text',
        longitude: 'double precision',
        latitude: 'double precision',
        location: 'text',
        context: 'text',
      },
      row(record, line): RowResult {
        const cells = new Cells(record);
        const month = cells.month('Month', c.Month);
        const id = cells.text('Crime ID', c['Crime ID']);
        // ASB rows have no Crime ID.
        if (id && month) {
          const earlier = seen.get(`${id} ${month}`);
          if (earlier !== undefined) cells.problem('Crime ID', `crime ${id} is already on row ${earlier} for ${month.slice(0, 7)}`);
          else seen.set(`${id} ${month}`, line);
        }
        const category = cells.oneOf('Crime type', c['Crime type'], CRIME_CATEGORIES, 'police.uk crime type');
        const longitude = cells.number('Longitude', c.Longitude, { optional: true, min: -180, max: 180 });
        const latitude = cells.number('Latitude', c.Latitude, { optional: true, min: -90, max: 90 });
        const place = placeRow(cells, { code: c['LSOA code'], name: c['LSOA name'] }, geography);
        if (cells.errors.length) return { errors: cells.errors };
        if (place.skip) return { skip: place.skip };
        return {
          load: [
            cells.text('Crime ID', c['Crime ID']) || null,
            parsed(month),
            cells.text('LSOA code', c['LSOA code']),
            parsed(category),
            cells.text('Last outcome category', c['Last outcome category']) || null,
            longitude ?? null,
            latitude ?? null,
            cells.text('Location', c.Location) || null,
            cells.text('Context', c.Context) || null,
          ],
        };
      },
      fromRaw(client, geo) {
        const r = (name: (typeof STREET_COLUMNS)[number]) => rawColumn(c[name]);
        return stagePoliceRows(
          client,
          geo,
          {
            code: r('LSOA code'),
            name: r('LSOA name'),
            checks: `${r('Month')} !~ ${MONTH_SQL} or ${r('Crime type')} <> all($2::text[])
                     or not (${coordinateOk(r('Longitude'), 180)}) or not (${coordinateOk(r('Latitude'), 90)})`,
            duplicates: `select 1 from ${RAW_TABLE} where ${r('Crime ID')} <> '' group by ${r('Crime ID')}, ${r('Month')} having count(*) > 1`,
            insert: `insert into import_staging (crime_ref, month, lsoa_code, category, last_outcome, longitude, latitude, location, context)
                     select nullif(${r('Crime ID')}, ''), (${r('Month')} || '-01')::date, ${r('LSOA code')}, ${r('Crime type')},
                            nullif(${r('Last outcome category')}, ''), nullif(${r('Longitude')}, '')::float8,
                            nullif(${r('Latitude')}, '')::float8, nullif(${r('Location')}, ''), nullif(${r('Context')}, '')`,
          },
          CRIME_CATEGORIES,
        );
      },
      period: monthsOf,
      async commit(client, sourceId) {
        // Only the months of the LSOAs in the file: a file cut to a few LSOAs leaves the rest of the borough alone.
        // Inserted in index order, so each index page is written once per run of rows rather than once
        // per row (the table's pages then hold an LSOA's months together, as the ward pages read them).
        const replaced = await replaceUnits(client, { table: 'crime', unit: 'LSOA-month', keys: ['lsoa_code', 'month'] });
        const inserted = await client.query(
          `insert into crime (source_id, crime_ref, month, lsoa_code, category, last_outcome, longitude, latitude, location, context)
           select $1, crime_ref, month, lsoa_code, category, last_outcome, longitude, latitude, location, context from import_staging
            order by lsoa_code, month`,
          [sourceId],
        );
        return { loaded: inserted.rowCount ?? 0, wardCodes: await wardsOfStaged(client), replaced };
      },
    };
  },
};

/** police.uk outcomes CSV, linked to crimes by Crime ID. */
export const policeOutcomesImporter: Importer = {
  kind: 'police-outcomes',
  sourceKind: 'crime-outcomes',
  table: 'crime_outcome',
  title: (period) => `police.uk crime outcomes, ${period}`,
  publisher: POLICE_UK,
  licence: OGL,
  start(header, geography): ImportJob {
    const c = columnsOf(header, OUTCOME_COLUMNS);
    // A crime may have several outcomes, but the same outcome of it twice in a month is a damaged file.
    const seen = new Map<string, number>();
    return {
      staging: { crime_ref: 'text', month: 'date', lsoa_code: 'text', outcome: 'text' },
      row(record, line): RowResult {
        const cells = new Cells(record);
        const ref = cells.required('Crime ID', c['Crime ID']);
        const month = cells.month('Month', c.Month);
        const outcome = cells.required('Outcome type', c['Outcome type']);
        if (ref && month && outcome) {
          const key = [ref, month, outcome].join('\u0001');
          const earlier = seen.get(key);
          if (earlier !== undefined) cells.problem('Crime ID', `the same outcome of crime ${ref} as row ${earlier}`);
          else seen.set(key, line);
        }
        const place = placeRow(cells, { code: c['LSOA code'], name: c['LSOA name'] }, geography);
        if (cells.errors.length) return { errors: cells.errors };
        if (place.skip) return { skip: place.skip };
        return { load: [parsed(ref), parsed(month), cells.text('LSOA code', c['LSOA code']), parsed(outcome)] };
      },
      fromRaw(client, geo) {
        const r = (name: (typeof OUTCOME_COLUMNS)[number]) => rawColumn(c[name]);
        return stagePoliceRows(client, geo, {
          code: r('LSOA code'),
          name: r('LSOA name'),
          checks: `${r('Crime ID')} = '' or ${r('Month')} !~ ${MONTH_SQL} or ${r('Outcome type')} = ''`,
          duplicates: `select 1 from ${RAW_TABLE} group by ${r('Crime ID')}, ${r('Month')}, ${r('Outcome type')} having count(*) > 1`,
          insert: `insert into import_staging (crime_ref, month, lsoa_code, outcome)
                   select ${r('Crime ID')}, (${r('Month')} || '-01')::date, ${r('LSOA code')}, ${r('Outcome type')}`,
        });
      },
      period: monthsOf,
      async commit(client, sourceId) {
        const replaced = await replaceUnits(client, { table: 'crime_outcome', unit: 'LSOA-month', keys: ['lsoa_code', 'month'] });
        const inserted = await client.query(
          `insert into crime_outcome (source_id, crime_ref, month, lsoa_code, outcome)
           select $1, crime_ref, month, lsoa_code, outcome from import_staging`,
          [sourceId],
        );
        return { loaded: inserted.rowCount ?? 0, wardCodes: await wardsOfStaged(client), replaced };
      },
    };
  },
};
