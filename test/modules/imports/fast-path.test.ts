import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fs from 'node:fs';
import { policeOutcomesImporter, policeStreetImporter } from '../../../src/modules/crime/police.importer';
import type { Importer } from '../../../src/modules/imports/import.types';
import {
  expectRejectedUnchanged,
  fixture,
  importState,
  importWith,
  tableSnapshot,
  useImportDatabase,
  useTempDir,
} from '../../support/imports';

/*
 * The police.uk importers let PostgreSQL parse a file (COPY, checked in SQL) and fall back to reading
 * it row by row whenever anything might be wrong, so problems are still named by row and column. These
 * tests hold the two paths to the same result, and check that the fast path never lets a bad file in.
 */

const { client } = useImportDatabase({ per: 'test' });
const tmp = useTempDir('fast-path-');

const STREET_ROWS = `select crime_ref, to_char(month, 'YYYY-MM') as month, lsoa_code, category, last_outcome, longitude, latitude,
                            location, context
                       from crime where source_id = (select max(id) from data_source where kind = 'crime') order by 1, 2, 3, 4, 8`;

function read(file: string): { header: string[]; rows: string[][] } {
  const [header, ...rows]: string[][] = parse(fs.readFileSync(file), { bom: true });
  return { header, rows };
}

/** street-good.csv's rows repeated to `count`, each crime given an ID of its own. */
function manyStreetRows(count: number): { header: string[]; rows: string[][] } {
  const { header, rows } = read(fixture('police', 'street-good.csv'));
  const id = header.indexOf('Crime ID');
  const many = Array.from({ length: count }, (_, i) => {
    const row = [...rows[i % rows.length]];
    if (row[id]) row[id] = `${row[id].slice(0, 50)}${String(i).padStart(14, '0')}`;
    return row;
  });
  return { header, rows: many };
}

function write(name: string, header: string[], rows: string[][]): string {
  return tmp.write(name, stringify([header, ...rows]));
}

async function refused(importer: Importer, file: string, table = 'crime') {
  const err = await expectRejectedUnchanged(
    () => importWith(client, importer, file),
    () => importState(client, table),
  );
  return err.problems;
}

describe('the fast path (PostgreSQL parses, SQL checks)', () => {
  it.each([
    { importer: policeStreetImporter, file: 'street-good.csv', sql: STREET_ROWS },
    {
      importer: policeOutcomesImporter,
      file: 'outcomes-good.csv',
      sql: `select crime_ref, to_char(month, 'YYYY-MM') as month, lsoa_code, outcome from crime_outcome
             where source_id = (select max(id) from data_source where kind = 'crime-outcomes') order by 1, 2, 3, 4`,
    },
  ])('$importer.kind: loads $file as the row-by-row path does, counting skips the same', async ({ importer, file, sql }) => {
    const fast = await importWith(client, importer, fixture('police', file));
    const fastRows = await tableSnapshot(client, sql);
    const slow = await importWith(client, importer, fixture('police', file), { who: 'test', rowByRow: true });
    const slowRows = await tableSnapshot(client, sql);
    expect(fast.parsedBy).toBe('postgresql');
    expect(slow.parsedBy).toBe('csv-parse');
    expect(fastRows).toEqual(slowRows);
    expect(fastRows.length).toBeGreaterThan(0);
    for (const key of ['read', 'loaded', 'period', 'sha256', 'wardCodes'] as const) expect(fast[key]).toEqual(slow[key]);
    // The order of the reasons too: the summary lists them in the order the file first gives them.
    expect(Object.entries(fast.skipped)).toEqual(Object.entries(slow.skipped));
  });

  it('a bad row in the middle of a large file names its row and column and leaves nothing behind', async () => {
    const { header, rows } = manyStreetRows(3000);
    rows[1500][header.indexOf('Crime type')] = 'Jaywalking';
    const problems = await refused(policeStreetImporter, write('middle.csv', header, rows));
    expect(problems).toEqual([{ row: 1502, column: 'Crime type', message: "'Jaywalking' is not a known police.uk crime type" }]);
  });

  it('a repeated import replaces the rows of the first rather than doubling them', async () => {
    const { header, rows } = manyStreetRows(3000);
    const file = write('twice.csv', header, rows);
    const first = await importWith(client, policeStreetImporter, file);
    const count = async () => Number((await client.query<{ n: string }>('select count(*) as n from crime')).rows[0].n);
    const afterFirst = await count();
    const second = await importWith(client, policeStreetImporter, file);
    expect(first.parsedBy).toBe('postgresql');
    expect(second.parsedBy).toBe('postgresql');
    expect(await count()).toBe(afterFirst);
    expect(second.replaced).toMatchObject({ covered: first.replaced.covered, replaced: first.replaced.covered, rows: first.loaded });
  });

  it('a spreadsheet formula is refused, named by row and column', async () => {
    const { header, rows } = manyStreetRows(200);
    rows[99][header.indexOf('Context')] = '@SUM(A1:A9)';
    expect(await refused(policeStreetImporter, write('formula.csv', header, rows))).toEqual([
      { row: 101, column: 'Context', message: "'@SUM(A1:A9)' looks like a spreadsheet formula, which the hub does not load" },
    ]);
  });

  it('a cell with white space around a number is read as the row-by-row path reads it', async () => {
    const { header, rows } = manyStreetRows(50);
    rows[10][header.indexOf('Longitude')] = ` ${rows[10][header.indexOf('Longitude')]} `;
    const file = write('spaced.csv', header, rows);
    const summary = await importWith(client, policeStreetImporter, file);
    expect(summary.parsedBy).toBe('csv-parse');
    expect(summary.loaded).toBeGreaterThan(0);
  });

  it.each([
    ['a quote inside a field', 'On or near "The" Street', /not valid CSV: Invalid Opening Quote/],
    ['text after a closing quote', '"On or near" Street', /not valid CSV: Invalid Closing Quote/],
  ])('%s: names the row, loads nothing', async (_what, location, message) => {
    const { header, rows } = manyStreetRows(100);
    const lines = [header.join(','), ...rows.map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)).join(','))];
    const at = header.indexOf('Location');
    const cells = lines[50].split(',');
    cells[at] = location;
    lines[50] = cells.join(',');
    const problems = await refused(policeStreetImporter, tmp.write('quote.csv', `${lines.join('\n')}\n`));
    expect(problems).toEqual([{ row: 51, message: expect.stringMatching(message) }]);
  });

  it('an unclosed quote does not swallow the rest of the file', async () => {
    const { header, rows } = manyStreetRows(100);
    const lines = [header.join(','), ...rows.map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)).join(','))];
    lines[40] = lines[40].replace(',On or near', ',"On or near');
    const problems = await refused(policeStreetImporter, tmp.write('unclosed.csv', `${lines.join('\n')}\n`));
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/not valid CSV|expected 12 columns/);
  });

  it('a line COPY would take as the end of its data (\\.) is a broken row, not the end of the file', async () => {
    const { header, rows } = manyStreetRows(100);
    const lines = stringify([header, ...rows]).split('\n');
    lines.splice(60, 0, '\\.');
    expect(await refused(policeStreetImporter, tmp.write('end-marker.csv', lines.join('\n')))).toEqual([
      { row: 61, message: 'expected 12 columns, found 1 (a truncated or broken row?)' },
    ]);
  });

  it('bytes that are not UTF-8, and a NUL byte, are named by row and column', async () => {
    const { header, rows } = manyStreetRows(100);
    const text = stringify([header, ...rows]);
    const at = text.indexOf('On or near', text.indexOf('\n', text.length / 2));
    const row = text.slice(0, at).split('\n').length;
    const bad = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff]), Buffer.from(text.slice(at))]);
    fs.writeFileSync(tmp.path('latin1.csv'), bad);
    expect(await refused(policeStreetImporter, tmp.path('latin1.csv'))).toEqual([
      { row, column: 'Location', message: 'is not UTF-8 text (save the file as CSV UTF-8)' },
    ]);
    fs.writeFileSync(tmp.path('nul.csv'), `${text.slice(0, at)}\u0000${text.slice(at)}`);
    expect(await refused(policeStreetImporter, tmp.path('nul.csv'))).toEqual([
      { row, column: 'Location', message: 'contains a NUL byte (is this a binary file, or UTF-16?)' },
    ]);
  });

  it('a repeated crime far from its first row is found', async () => {
    const { header, rows } = manyStreetRows(2000);
    const id = header.indexOf('Crime ID');
    const first = rows.findIndex((r) => r[id] !== '');
    rows[1800] = [...rows[first]];
    const problems = await refused(policeStreetImporter, write('repeat.csv', header, rows));
    expect(problems).toEqual([{ row: 1802, column: 'Crime ID', message: expect.stringContaining(`is already on row ${first + 2}`) }]);
  });
});
