import { parse } from 'csv-parse/sync';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from 'pg';
import { generatePublished, POLICE_OUTCOMES_HEADER, POLICE_STREET_HEADER, PUBLISHED_MONTHS } from '../seeds/generate-published';
import { CRIME_CATEGORIES } from '../src/modules/crime/crime.enums';
import { policeOutcomesImporter, policeStreetImporter, SKIP_NO_LOCATION } from '../src/modules/crime/police.importer';
import { SKIP_OUTSIDE } from '../src/modules/imports/import.borough';
import { ImportError } from '../src/modules/imports/import.errors';
import type { Importer } from '../src/modules/imports/import.types';
import { projectRoot } from '../src/paths';
import { importWith, useImportDatabase } from './support/imports';

const ROOT = projectRoot();
const FIXTURES = path.join(ROOT, 'test/fixtures/police');
const ASB = 'Anti-social behaviour';
const OPTIONS = { who: 'test', illustrative: true };

type Row = Record<string, string>;

function readRows(file: string): Row[] {
  return parse<Row>(fs.readFileSync(file), { columns: true, skip_empty_lines: true });
}

/** The seed's borough LSOAs (read from the file, not through the hub), code → row. */
const seedLsoas = new Map(readRows(path.join(ROOT, 'seeds/data/lsoas.csv')).map((l) => [l.code, l]));
const deprivation = new Map(readRows(path.join(ROOT, 'seeds/data/lsoa-deprivation.csv')).map((d) => [d.lsoa_code, Number(d.imd_score)]));

type Place = 'borough' | 'outside' | 'none';
function placeOf(row: Row): Place {
  if (row['LSOA code'] === '') return 'none';
  return seedLsoas.has(row['LSOA code']) ? 'borough' : 'outside';
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/** What the importer should report for a file: rows read, loaded, and skipped by reason. */
function expectedSummary(rows: readonly Row[]) {
  // A place no row has is not counted at all.
  const places: Partial<Record<Place, number>> = countBy(rows, placeOf);
  const skipped: Record<string, number> = {};
  if (places.outside) skipped[SKIP_OUTSIDE] = places.outside;
  if (places.none) skipped[SKIP_NO_LOCATION] = places.none;
  return { read: rows.length, loaded: places.borough ?? 0, skipped };
}

let dirA: string;
let dirB: string;
let files: Record<string, string>;
let filesB: Record<string, string>;
let street: Row[];
let outcomes: Row[];

beforeAll(() => {
  dirA = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-published-a-'));
  dirB = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-published-b-'));
  // How fast it is belongs in the benchmarks (npm run bench), not in a test that could flicker.
  files = generatePublished(dirA);
  filesB = generatePublished(dirB);
  street = readRows(files['police-street']);
  outcomes = readRows(files['police-outcomes']);
});

afterAll(() => {
  fs.rmSync(dirA, { recursive: true, force: true });
  fs.rmSync(dirB, { recursive: true, force: true });
});

describe('generatePublished', () => {
  it('writes the police.uk files, byte-identical on every run', () => {
    expect(files).toEqual({
      'police-street': path.join(dirA, 'police-street.csv'),
      'police-outcomes': path.join(dirA, 'police-outcomes.csv'),
    });
    expect(Object.keys(filesB)).toEqual(Object.keys(files));
    for (const kind of Object.keys(files)) {
      expect(fs.readFileSync(filesB[kind]).equals(fs.readFileSync(files[kind]))).toBe(true);
    }
  });

  it('uses the exact police.uk headers and LF line endings', () => {
    expect(POLICE_STREET_HEADER).toBe(
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
    );
    expect(POLICE_OUTCOMES_HEADER).toBe(
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type',
    );
    for (const [file, header] of [
      [files['police-street'], POLICE_STREET_HEADER],
      [files['police-outcomes'], POLICE_OUTCOMES_HEADER],
    ] as const) {
      const text = fs.readFileSync(file, 'utf8');
      expect(text.slice(0, text.indexOf('\n'))).toBe(header);
      expect(text.includes('\r')).toBe(false);
      expect(text.endsWith('\n')).toBe(true);
    }
    // Every record has exactly the header's fields.
    const records = parse(fs.readFileSync(files['police-street']));
    expect(records.every((r) => r.length === 12)).toBe(true);
  });

  it('writes the borough at realistic volumes, with the force area around it', () => {
    expect(street.length).toBeGreaterThan(50_000);
    const places = countBy(street, placeOf);
    expect(places.outside / street.length).toBeGreaterThan(0.09);
    expect(places.outside / street.length).toBeLessThan(0.11);
    expect(places.none / street.length).toBeGreaterThan(0.007);
    expect(places.none / street.length).toBeLessThan(0.013);

    const box = (r: Row) =>
      Number(r.Latitude) >= 53.35 && Number(r.Latitude) <= 53.55 && Number(r.Longitude) >= -1.45 && Number(r.Longitude) <= -1.15;
    // Each check lists the rows breaking it (the first few), so a failure shows them.
    const breaking = (test: (r: Row) => boolean) => street.filter((r) => !test(r)).slice(0, 3);
    expect(breaking((r) => r['Reported by'] === 'South Yorkshire Police' && r['Falls within'] === 'South Yorkshire Police')).toEqual([]);
    expect(breaking((r) => r.Context === '')).toEqual([]);
    expect(breaking((r) => PUBLISHED_MONTHS.includes(r.Month))).toEqual([]);
    expect(breaking((r) => CRIME_CATEGORIES.includes(r['Crime type']))).toEqual([]);
    // No location: no coordinates, no LSOA, "No location".
    expect(
      breaking(
        (r) => placeOf(r) !== 'none' || (r.Longitude === '' && r.Latitude === '' && r.Location === 'No location' && r['LSOA name'] === ''),
      ),
    ).toEqual([]);
    // Located rows: "On or near …", coordinates with six decimals.
    expect(
      breaking(
        (r) =>
          placeOf(r) === 'none' ||
          (/^On or near \S/.test(r.Location) && /^-\d\.\d{6}$/.test(r.Longitude) && /^53\.\d{6}$/.test(r.Latitude)),
      ),
    ).toEqual([]);
    // Borough rows: the seed's own LSOA code and name, placed around Rotherham.
    expect(breaking((r) => placeOf(r) !== 'borough' || (r['LSOA name'] === seedLsoas.get(r['LSOA code'])!.name && box(r)))).toEqual([]);
    // The force's other authorities: their own 2011-style codes (not the seed's), never a borough name.
    expect(
      breaking(
        (r) =>
          placeOf(r) !== 'outside' ||
          (/^E0100[78]\d{3}$/.test(r['LSOA code']) && /^(Barnsley|Doncaster|Sheffield) \d{3}[A-Z]$/.test(r['LSOA name'])),
      ),
    ).toEqual([]);
    expect(
      Object.keys(
        countBy(
          street.filter((r) => placeOf(r) === 'outside'),
          (r) => r['LSOA name'].split(' ')[0],
        ),
      ).sort(),
    ).toEqual(['Barnsley', 'Doncaster', 'Sheffield']);
    // Every borough row's LSOA is one of the seed's (the check above), and every seed LSOA has crime.
    const boroughRows = street.filter((r) => placeOf(r) === 'borough');
    expect(new Set(boroughRows.map((r) => r['LSOA code'])).size).toBe(seedLsoas.size);

    const byMonth = countBy(boroughRows, (r) => r.Month);
    expect(Object.keys(byMonth)).toEqual([...PUBLISHED_MONTHS]);
    expect(PUBLISHED_MONTHS[0]).toBe('2022-11');
    expect(PUBLISHED_MONTHS[23]).toBe('2024-10');
    for (const n of Object.values(byMonth)) {
      expect(n).toBeGreaterThanOrEqual(2000);
      expect(n).toBeLessThanOrEqual(2800);
    }
    // Seasonal: summer above winter.
    expect(byMonth['2023-07']).toBeGreaterThan(byMonth['2023-02'] * 1.1);
    expect(byMonth['2024-07']).toBeGreaterThan(byMonth['2024-02'] * 1.1);

    const byCategory = countBy(boroughRows, (r) => r['Crime type']);
    expect(Object.keys(byCategory).sort()).toEqual([...CRIME_CATEGORIES].sort());
    expect(byCategory[ASB] / boroughRows.length).toBeGreaterThan(0.25);
    expect(byCategory[ASB] / boroughRows.length).toBeLessThan(0.3);
    expect(byCategory['Violence and sexual offences'] / boroughRows.length).toBeGreaterThan(0.27);
    expect(byCategory['Violence and sexual offences'] / boroughRows.length).toBeLessThan(0.33);

    // More crime in the most deprived fifth of LSOAs than in the least deprived fifth.
    const perLsoa = countBy(boroughRows, (r) => r['LSOA code']);
    const byScore = [...seedLsoas.keys()].sort((a, b) => deprivation.get(a)! - deprivation.get(b)!);
    const fifth = Math.floor(byScore.length / 5);
    const sum = (codes: string[]) => codes.reduce((n, c) => n + perLsoa[c], 0);
    expect(sum(byScore.slice(-fifth))).toBeGreaterThan(3 * sum(byScore.slice(0, fifth)));
  });

  it('leaves ASB without a Crime ID or outcome, and gives every crime a unique 64-hex ID', () => {
    const asb = street.filter((r) => r['Crime type'] === ASB);
    const crimes = street.filter((r) => r['Crime type'] !== ASB);
    expect(asb.filter((r) => r['Crime ID'] !== '' || r['Last outcome category'] !== '').slice(0, 3)).toEqual([]);
    expect(crimes.filter((r) => !/^[0-9a-f]{64}$/.test(r['Crime ID']) || r['Last outcome category'] === '').slice(0, 3)).toEqual([]);
    const ids = new Set(crimes.map((r) => r['Crime ID']));
    expect(ids.size).toBe(crimes.length);
  });

  it('writes outcomes for crimes in the street file, in the same or a later month, ending in the last outcome', () => {
    const crimes = new Map(street.filter((r) => r['Crime ID']).map((r) => [r['Crime ID'], r]));
    const latest = new Map<string, Row>();
    const columns = ['Reported by', 'Falls within', 'Longitude', 'Latitude', 'Location', 'LSOA code', 'LSOA name'];
    const broken = outcomes.filter((o) => {
      const crime = crimes.get(o['Crime ID']);
      return (
        !crime ||
        columns.some((c) => o[c] !== crime[c]) ||
        !PUBLISHED_MONTHS.includes(o.Month) ||
        o.Month < crime.Month ||
        o['Outcome type'] === ''
      );
    });
    expect(broken.slice(0, 3)).toEqual([]);
    for (const o of outcomes) {
      const before = latest.get(o['Crime ID']);
      if (!before || o.Month >= before.Month) latest.set(o['Crime ID'], o);
    }
    expect([...latest].filter(([id, o]) => o['Outcome type'] !== crimes.get(id)!['Last outcome category']).slice(0, 3)).toEqual([]);
    // A share of the crimes, not all: some are still under investigation or have no update.
    expect(latest.size / crimes.size).toBeGreaterThan(0.5);
    expect(latest.size / crimes.size).toBeLessThan(0.95);
    expect(countBy(outcomes, placeOf)).toEqual({ borough: expect.any(Number), outside: expect.any(Number), none: expect.any(Number) });
  });
});

describe('importing the generated files through the police.uk importers', () => {
  const { client } = useImportDatabase();

  it('loads the borough rows of the street file and skips the rest, by reason', async () => {
    const summary = await importWith(client, policeStreetImporter, files['police-street'], OPTIONS);
    const expected = expectedSummary(street);
    expect(summary).toMatchObject({ ...expected, period: '2022-11 to 2024-10' });
    expect(Object.keys(expected.skipped).sort()).toEqual([SKIP_NO_LOCATION, SKIP_OUTSIDE].sort());
    const rowsPerSecond = Math.round((summary.read / Math.max(summary.milliseconds, 1)) * 1000);
    console.log(
      `police-street import: ${summary.read} rows read, ${summary.loaded} loaded in ${summary.milliseconds} ms (${rowsPerSecond} rows/s)`,
    );

    const { rows } = await client.query<{ n: number; asb: number; illustrative: boolean; wards: number }>(
      `select count(*)::int as n, count(*) filter (where c.crime_ref is null)::int as asb, bool_and(d.illustrative) as illustrative,
              count(distinct l.ward_code)::int as wards
         from crime c join data_source d on d.id = c.source_id join lsoa l on l.code = c.lsoa_code
        where c.source_id = $1`,
      [summary.sourceId],
    );
    const boroughAsb = street.filter((r) => placeOf(r) === 'borough' && r['Crime type'] === ASB).length;
    expect(rows[0]).toEqual({ n: expected.loaded, asb: boroughAsb, illustrative: true, wards: 25 });
  });

  it('loads the outcomes for the borough and skips the rest, by reason', async () => {
    const summary = await importWith(client, policeOutcomesImporter, files['police-outcomes'], OPTIONS);
    expect(summary).toMatchObject({ ...expectedSummary(outcomes), period: '2022-11 to 2024-10' });
    // Every loaded outcome belongs to a loaded crime.
    const { rows } = await client.query<{ orphans: number }>(
      `select count(*)::int as orphans from crime_outcome o
        where o.source_id = $1 and not exists (select 1 from crime c where c.crime_ref = o.crime_ref)`,
      [summary.sourceId],
    );
    expect(rows[0].orphans).toBe(0);
  });
});

/** Every row of the crime tables and the data sources, to show a failed import changed nothing. */
async function tablesState(client: Client): Promise<Record<string, { n: number; md5: string | null }>> {
  const out: Record<string, { n: number; md5: string | null }> = {};
  for (const table of ['crime', 'crime_outcome', 'data_source']) {
    const { rows } = await client.query<{ n: number; md5: string | null }>(
      `select count(*)::int as n, md5(string_agg(t::text, '|' order by t.id)) as md5 from ${table} t`,
    );
    out[table] = rows[0];
  }
  return out;
}

async function importFailure(client: Client, importer: Importer, file: string): Promise<ImportError> {
  try {
    await importWith(client, importer, file, OPTIONS);
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    return err as ImportError;
  }
  throw new Error(`${file} was imported, but should have been rejected`);
}

describe('the police.uk fixtures', () => {
  const { client } = useImportDatabase();

  const streetGood = path.join(FIXTURES, 'street-good.csv');
  const outcomesGood = path.join(FIXTURES, 'outcomes-good.csv');

  it('street-good.csv loads its 32 borough rows, skipping 5 outside the borough and 2 without a location', async () => {
    const rows = readRows(streetGood);
    expect(expectedSummary(rows)).toEqual({ read: 39, loaded: 32, skipped: { [SKIP_OUTSIDE]: 5, [SKIP_NO_LOCATION]: 2 } });
    const summary = await importWith(client, policeStreetImporter, streetGood, OPTIONS);
    expect(summary).toMatchObject({
      kind: 'police-street',
      period: '2022-09 to 2022-10',
      read: 39,
      loaded: 32,
      skipped: { [SKIP_OUTSIDE]: 5, [SKIP_NO_LOCATION]: 2 },
    });
    expect(summary.wardCodes).toHaveLength(5);

    const stored = await client.query<{
      location: string;
      longitude: number;
      latitude: number;
      category: string;
      last_outcome: string | null;
      context: string | null;
    }>(`select location, longitude, latitude, category, last_outcome, context from crime where crime_ref = $1`, [rows[12]['Crime ID']]);
    // The quoted Location keeps its comma; numbers keep their six decimals.
    expect(stored.rows).toEqual([
      {
        location: 'On or near Parking Area, Forge Island',
        longitude: -1.338906,
        latitude: 53.431877,
        category: 'Violence and sexual offences',
        last_outcome: 'Local resolution',
        context: null,
      },
    ]);
    const counts = await client.query<{ month: string; n: number; asb: number; apostrophe: number }>(
      `select to_char(month, 'YYYY-MM') as month, count(*)::int as n,
              count(*) filter (where crime_ref is null and category = 'Anti-social behaviour' and last_outcome is null)::int as asb,
              count(*) filter (where location = 'On or near St Ann''S Road')::int as apostrophe
         from crime where source_id = $1 group by 1 order by 1`,
      [summary.sourceId],
    );
    expect(counts.rows).toEqual([
      { month: '2022-09', n: 18, asb: 5, apostrophe: 2 },
      { month: '2022-10', n: 14, asb: 4, apostrophe: 1 },
    ]);
  });

  it('outcomes-good.csv loads its 9 borough outcomes, linked to crimes, skipping 1 outside the borough', async () => {
    const summary = await importWith(client, policeOutcomesImporter, outcomesGood, OPTIONS);
    expect(summary).toMatchObject({
      kind: 'police-outcomes',
      period: '2022-09 to 2022-12',
      read: 10,
      loaded: 9,
      skipped: { [SKIP_OUTSIDE]: 1 },
    });
    const { rows } = await client.query<{ outcome: string; month: string; category: string }>(
      `select o.outcome, to_char(o.month, 'YYYY-MM') as month, c.category
         from crime_outcome o join crime c on c.crime_ref = o.crime_ref
        where o.source_id = $1 and c.location = 'On or near Shopping Area' order by o.month, o.outcome`,
      [summary.sourceId],
    );
    expect(rows).toEqual([
      { outcome: 'Awaiting court outcome', month: '2022-10', category: 'Shoplifting' },
      { outcome: 'Awaiting court outcome', month: '2022-12', category: 'Possession of weapons' },
      { outcome: 'Offender fined', month: '2022-12', category: 'Shoplifting' },
    ]);
    const linked = await client.query<{ n: number }>(
      `select count(*)::int as n from crime_outcome o where o.source_id = $1
          and exists (select 1 from crime c where c.crime_ref = o.crime_ref and c.lsoa_code = o.lsoa_code)`,
      [summary.sourceId],
    );
    expect(linked.rows[0].n).toBe(9);
  });

  it.each([
    ['street-wrong-header.csv', policeStreetImporter, { row: 1, message: expect.stringContaining('the header lacks "Crime type"') }],
    ['street-bad-number.csv', policeStreetImporter, { row: 4, column: 'Longitude', message: "'abc' is not a number" }],
    [
      'street-unknown-category.csv',
      policeStreetImporter,
      { row: 3, column: 'Crime type', message: "'Jaywalking' is not a known police.uk crime type" },
    ],
    ['street-truncated-row.csv', policeStreetImporter, { row: 6, message: 'expected 12 columns, found 7 (a truncated or broken row?)' }],
    [
      'street-unknown-lsoa.csv',
      policeStreetImporter,
      { row: 5, column: 'LSOA code', message: expect.stringContaining('unknown LSOA E01035123 (Rotherham 014F)') },
    ],
    ['outcomes-bad-month.csv', policeOutcomesImporter, { row: 3, column: 'Month', message: "'2023-13' is not a month (YYYY-MM)" }],
  ])('%s is rejected, naming the row and column, and changes nothing', async (name, importer, problem) => {
    const before = await tablesState(client);
    expect(before.crime.n).toBeGreaterThan(0);
    expect(before.crime_outcome.n).toBeGreaterThan(0);
    const err = await importFailure(client, importer, path.join(FIXTURES, name));
    expect(err.file).toBe(name);
    expect(err.problems).toEqual([problem]);
    expect(err.total).toBe(1);
    expect(await tablesState(client)).toEqual(before);
  });
});
