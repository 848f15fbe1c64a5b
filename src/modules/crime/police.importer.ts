import type { ClientBase } from 'pg';
import { columnsOf } from '../imports/import.errors';
import { authorityOf } from '../../codes';
import { placeInBorough, SKIP_OUTSIDE } from '../imports/import.borough';
import { monthSpan } from '../../periods';
import { Cells, parsed } from '../imports/import.cells';
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

/** The wards a source's rows fall in, for each of the two police.uk tables. */
const WARDS_OF_SOURCE_SQL = {
  crime: 'select distinct l.ward_code from crime t join lsoa l on l.code = t.lsoa_code where t.source_id = $1 order by 1',
  crime_outcome: 'select distinct l.ward_code from crime_outcome t join lsoa l on l.code = t.lsoa_code where t.source_id = $1 order by 1',
} as const;

async function wardsOf(client: ClientBase, table: keyof typeof WARDS_OF_SOURCE_SQL, sourceId: number): Promise<string[]> {
  const { rows } = await client.query<{ ward_code: string }>(WARDS_OF_SOURCE_SQL[table], [sourceId]);
  return rows.map((r) => r.ward_code);
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
      period: monthsOf,
      async commit(client, sourceId) {
        // Only the months of the LSOAs in the file: a file cut to a few LSOAs leaves the rest of the borough alone.
        const replaced = await replaceUnits(client, { table: 'crime', unit: 'LSOA-month', keys: ['lsoa_code', 'month'] });
        const inserted = await client.query(
          `insert into crime (source_id, crime_ref, month, lsoa_code, category, last_outcome, longitude, latitude, location, context)
           select $1, crime_ref, month, lsoa_code, category, last_outcome, longitude, latitude, location, context from import_staging`,
          [sourceId],
        );
        return { loaded: inserted.rowCount ?? 0, wardCodes: await wardsOf(client, 'crime', sourceId), replaced };
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
      period: monthsOf,
      async commit(client, sourceId) {
        const replaced = await replaceUnits(client, { table: 'crime_outcome', unit: 'LSOA-month', keys: ['lsoa_code', 'month'] });
        const inserted = await client.query(
          `insert into crime_outcome (source_id, crime_ref, month, lsoa_code, outcome)
           select $1, crime_ref, month, lsoa_code, outcome from import_staging`,
          [sourceId],
        );
        return { loaded: inserted.rowCount ?? 0, wardCodes: await wardsOf(client, 'crime_outcome', sourceId), replaced };
      },
    };
  },
};
