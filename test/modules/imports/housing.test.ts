import { housingImporter } from '../../../src/modules/housing/housing.importer';
import type { ImportError } from '../../../src/modules/imports/import.errors';
import {
  dataSources,
  expectRejectedUnchanged,
  fileSha256 as sha256,
  fixture as fixtureOf,
  importState,
  importWith,
  tableSnapshot,
  useImportDatabase,
  useTempDir,
} from '../../support/imports';

const fixture = (name: string) => fixtureOf('housing', name);

const { client } = useImportDatabase({ per: 'test' });
const tmp = useTempDir('housing-');

const load = (file: string) => importWith(client, housingImporter, file);

function months() {
  // The columns a test picks rows by, the rest compared whole.
  return tableSnapshot<{ ward_code: string; month: string } & Record<string, unknown>>(
    client,
    `select ward_code, to_char(month, 'YYYY-MM') as month, stock, voids, repairs_completed, repairs_in_target,
            tenancy_asb_cases, homelessness_presentations
       from housing_month order by ward_code, month`,
  );
}

function sources() {
  return dataSources(client, 'housing', {
    columns: [
      'key',
      'kind',
      'period',
      'file_name',
      'sha256',
      'rows_read',
      'rows_skipped',
      'row_count',
      'loaded_by',
      'ward_codes',
      'illustrative',
    ],
  });
}

/** Everything the import could touch, to show a failed import changed nothing. */
const snapshot = () => importState(client, 'housing_month');

async function rejects(file: string): Promise<ImportError> {
  await load(fixture('good.csv'));
  return expectRejectedUnchanged(() => load(fixture(file)), snapshot);
}

const GOOD = [
  ['E05012996', '2024-02', 0, 0, 0, 0, 0, 0],
  ['E05013010', '2024-01', 2412, 37, 512, 468, 14, 9],
  ['E05013010', '2024-02', 2410, 41, 498, 450, 11, 7],
  ['E05013011', '2024-01', 1890, 22, 377, 351, 8, 5],
  ['E05013011', '2024-02', 1893, 19, 402, 402, 6, 6],
].map(([ward_code, month, stock, voids, repairs_completed, repairs_in_target, tenancy_asb_cases, homelessness_presentations]) => ({
  ward_code,
  month,
  stock,
  voids,
  repairs_completed,
  repairs_in_target,
  tenancy_asb_cases,
  homelessness_presentations,
}));

const inGood = (r: { ward_code: string; month: string }) => GOOD.some((g) => g.ward_code === r.ward_code && g.month === r.month);

describe('housing importer (the hub format)', () => {
  it('loads every row of a good file (BOM and CRLF line ends included) with its provenance', async () => {
    const before = await months();
    const wardCodes = ['E05012996', 'E05013010', 'E05013011'];

    const summary = await load(fixture('good.csv'));
    expect(summary).toMatchObject({
      kind: 'housing',
      file: 'good.csv',
      period: '2024-01 to 2024-02',
      read: 5,
      loaded: 5,
      skipped: {},
      wardCodes,
      sha256: sha256(fixture('good.csv')),
    });
    // The seed has every ward's months, these included.
    expect(summary.replaced).toEqual({ unit: 'ward-month', covered: 5, replaced: 5, rows: 5 });
    expect(before.filter(inGood)).toHaveLength(5);
    const after = await months();
    expect(after.filter(inGood)).toEqual(GOOD);
    // Every other ward-month (the seed's for other wards in those months, say) is left alone.
    expect(after.filter((r) => !inGood(r))).toEqual(before.filter((r) => !inGood(r)));
    expect((await sources()).filter((s) => s.key === 'housing:2024-01 to 2024-02')).toEqual([
      {
        key: 'housing:2024-01 to 2024-02',
        kind: 'housing',
        period: '2024-01 to 2024-02',
        file_name: 'good.csv',
        sha256: sha256(fixture('good.csv')),
        rows_read: 5,
        rows_skipped: {},
        row_count: 5,
        loaded_by: 'test',
        ward_codes: wardCodes,
        illustrative: false,
      },
    ]);
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from housing_month h join data_source s on s.id = h.source_id where s.key = $1`,
      ['housing:2024-01 to 2024-02'],
    );
    expect(rows[0].n).toBe(5);
  });

  it('imports the same file twice to the same rows and one data source', async () => {
    await load(fixture('good.csv'));
    const first = await months();
    const second = await load(fixture('good.csv'));
    expect(second).toMatchObject({ read: 5, loaded: 5 });
    expect(await months()).toEqual(first);
    const mine = (await sources()).filter((s) => s.file_name === 'good.csv');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ key: 'housing:2024-01 to 2024-02', row_count: 5 });
  });

  it('replaces only the ward-months a later file covers, and keeps the other wards of those months', async () => {
    await load(fixture('good.csv'));
    const before = await months();
    const file = tmp.write(
      'february.csv',
      'ward_code,month,stock,voids,repairs_completed,repairs_in_target,tenancy_asb_cases,homelessness_presentations\n' +
        'E05013010,2024-02,2409,40,500,451,12,8\n',
    );
    const summary = await load(file);
    expect(summary).toMatchObject({
      period: '2024-02',
      loaded: 1,
      wardCodes: ['E05013010'],
      replaced: { unit: 'ward-month', covered: 1, replaced: 1, rows: 1 },
    });
    const changed = {
      ...GOOD[2],
      stock: 2409,
      voids: 40,
      repairs_completed: 500,
      repairs_in_target: 451,
      tenancy_asb_cases: 12,
      homelessness_presentations: 8,
    };
    expect(await months()).toEqual(before.map((r) => (r.ward_code === 'E05013010' && r.month === '2024-02' ? changed : r)));
    // Both sources still hold rows, and say how many: four from the first file, one from the second.
    expect(
      (await sources()).filter((s) => ['good.csv', 'february.csv'].includes(s.file_name ?? '')).map((s) => [s.key, s.row_count]),
    ).toEqual([
      ['housing:2024-01 to 2024-02', 4],
      ['housing:2024-02', 1],
    ]);
  });

  it('rejects a header that is not the format, naming what is missing and what is extra', async () => {
    const err = await rejects('wrong-header.csv');
    expect(err.problems).toEqual([
      {
        row: 1,
        message:
          'the header lacks "ward_code", "repairs_in_target" and has "ward", "repairs_within_target", "notes", which this format does not ' +
          '(expected exactly: ward_code,month,stock,voids,repairs_completed,repairs_in_target,tenancy_asb_cases,homelessness_presentations)',
      },
    ]);
    expect(err.message).toContain(
      'wrong-header.csv was not imported (nothing changed): 1 problem\n  - row 1: the header lacks "ward_code"',
    );
  });

  it('rejects counts that are not whole numbers of 0 or more, naming each bad cell of the row', async () => {
    const err = await rejects('bad-number.csv');
    expect(err.problems).toEqual([
      { row: 4, column: 'voids', message: '-1 is below 0' },
      { row: 4, column: 'repairs_completed', message: "'377.5' is not a whole number" },
      { row: 4, column: 'tenancy_asb_cases', message: "'eight' is not a number" },
    ]);
    expect(err.message).toBe(
      'bad-number.csv was not imported (nothing changed): 3 problems\n' +
        '  - row 4, column "voids": -1 is below 0\n' +
        '  - row 4, column "repairs_completed": \'377.5\' is not a whole number\n' +
        '  - row 4, column "tenancy_asb_cases": \'eight\' is not a number',
    );
  });

  it('rejects more voids than homes and more repairs in target than completed, naming the column', async () => {
    const err = await rejects('inconsistent.csv');
    expect(err.problems).toEqual([
      { row: 5, column: 'voids', message: '25 voids is more than the stock of 20 homes' },
      { row: 5, column: 'repairs_in_target', message: '410 repairs in target is more than the 402 repairs completed' },
    ]);
  });

  it('rejects a ward the hub does not know', async () => {
    const err = await rejects('unknown-category.csv');
    expect(err.problems).toEqual([
      {
        row: 3,
        column: 'ward_code',
        message: 'ward E05099999 is not in the hub (seeds/data/wards.csv lists the wards it knows)',
      },
    ]);
  });

  it('rejects a second row for the same ward and month', async () => {
    const err = await rejects('duplicate.csv');
    expect(err.problems).toEqual([{ row: 7, column: 'month', message: 'ward E05013010 has more than one row for 2024-01' }]);
  });

  it('rejects a row cut short', async () => {
    const err = await rejects('truncated-row.csv');
    expect(err.problems).toEqual([{ row: 6, message: 'expected 8 columns, found 4 (a truncated or broken row?)' }]);
  });

  it('rejects a bad month', async () => {
    const file = tmp.write(
      'bad-month.csv',
      'ward_code,month,stock,voids,repairs_completed,repairs_in_target,tenancy_asb_cases,homelessness_presentations\n' +
        'E05013010,Jan 2024,2409,40,500,451,12,8\n',
    );
    const err = await rejects(file);
    expect(err.problems).toEqual([{ row: 2, column: 'month', message: "'Jan 2024' is not a month (YYYY-MM)" }]);
  });
});
