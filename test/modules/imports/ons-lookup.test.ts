import type { ImportError } from '../../../src/modules/imports/import.errors';
import { onsLookupImporter } from '../../../src/modules/places/ons-lookup.importer';
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

const fixture = (name: string) => fixtureOf('ons-lookup', name);
const KEY = 'ons-lookup:LSOA21 to WD23';

const { client } = useImportDatabase({ per: 'test' });
const tmp = useTempDir('ons-lookup-');

const load = (file: string) => importWith(client, onsLookupImporter, file);

function lsoas() {
  return tableSnapshot<{ code: string; name: string; ward_code: string; source: string }>(
    client,
    'select l.code, l.name, l.ward_code, s.key as source from lsoa l join data_source s on s.id = l.source_id order by l.code',
  );
}

function sources() {
  return dataSources(client, 'geography', {
    columns: [
      'key',
      'kind',
      'title',
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
    where: 'file_name is not null',
  });
}

/** Everything the import could touch, to show a failed import changed nothing. */
const snapshot = () => importState(client, 'lsoa', 'code');

function rejects(file: string): Promise<ImportError> {
  return expectRejectedUnchanged(() => load(fixture(file)), snapshot);
}

const FROM_FILE = [
  { code: 'E01007736', name: 'Rotherham 014A', ward_code: 'E05013010', source: KEY },
  { code: 'E01007739', name: 'Rotherham 013E', ward_code: 'E05013011', source: KEY },
  { code: 'E01007741', name: 'Rotherham 015A', ward_code: 'E05012996', source: KEY },
  { code: 'E01035017', name: 'Rotherham 035A', ward_code: 'E05013004', source: KEY },
];
const IN_FILE = FROM_FILE.map((l) => l.code);

describe('ons-lookup importer (ONS LSOA to ward to local authority lookup)', () => {
  it("assigns the borough's LSOAs to wards (adding new ones), skips other authorities, and keeps LSOAs it does not mention", async () => {
    const before = await lsoas();
    // The seed puts E01007739 in Rotherham East; the lookup moves it to Rotherham West, so both wards are touched.
    expect(before.find((l) => l.code === 'E01007739')?.ward_code).toBe('E05013010');
    expect(before.find((l) => l.code === 'E01035017')).toBeUndefined();

    const summary = await load(fixture('good.csv'));
    expect(summary).toMatchObject({
      kind: 'ons-lookup',
      file: 'good.csv',
      period: 'LSOA21 to WD23',
      read: 6,
      loaded: 4,
      skipped: { 'outside the borough': 2 },
      wardCodes: ['E05012996', 'E05013004', 'E05013010', 'E05013011'],
    });
    const after = await lsoas();
    expect(after.filter((l) => IN_FILE.includes(l.code))).toEqual(FROM_FILE);
    expect(after.filter((l) => !IN_FILE.includes(l.code))).toEqual(before.filter((l) => !IN_FILE.includes(l.code)));
    expect(after).toHaveLength(before.length + 1);
    expect(await sources()).toEqual([
      {
        key: KEY,
        kind: 'geography',
        title: 'ONS LSOA to ward to local authority lookup (LSOA21 to WD23)',
        period: 'LSOA21 to WD23',
        file_name: 'good.csv',
        sha256: sha256(fixture('good.csv')),
        rows_read: 6,
        rows_skipped: { 'outside the borough': 2 },
        row_count: 4,
        loaded_by: 'test',
        ward_codes: ['E05012996', 'E05013004', 'E05013010', 'E05013011'],
        illustrative: false,
      },
    ]);
  });

  it('imports the same file twice to the same rows and one data source', async () => {
    await load(fixture('good.csv'));
    const first = await lsoas();
    const again = await load(fixture('good.csv'));
    expect(again).toMatchObject({ read: 6, loaded: 4 });
    expect(await lsoas()).toEqual(first);
    expect((await sources()).map((s) => [s.key, s.row_count])).toEqual([[KEY, 4]]);
  });

  it('keeps the LSOAs a later file of the same release leaves out on the earlier source, and tells the two sources apart', async () => {
    const first = await load(fixture('good.csv'));
    const file = tmp.write(
      'one.csv',
      'LSOA21CD,LSOA21NM,WD23CD,WD23NM,LAD23CD,LAD23NM,ObjectId\nE01007736,Rotherham 014A,E05013011,Rotherham West,E08000018,Rotherham,1\n',
    );
    const second = await load(file);
    expect(second).toMatchObject({ period: 'LSOA21 to WD23', loaded: 1, wardCodes: ['E05013010', 'E05013011'] });
    const after = await lsoas();
    const later = `${KEY} (file ${sha256(file).slice(0, 12)})`;
    expect(after.filter((l) => IN_FILE.includes(l.code))).toEqual([
      { ...FROM_FILE[0], ward_code: 'E05013011', source: later },
      FROM_FILE[1],
      FROM_FILE[2],
      FROM_FILE[3],
    ]);
    expect((await sources()).map((s) => [s.key, s.file_name, s.row_count])).toEqual([
      [KEY, 'good.csv', 3],
      [later, 'one.csv', 1],
    ]);
    expect(first.sourceId).toBeLessThan(second.sourceId);
    expect(second.wardChanges).toEqual([
      { wardCode: 'E05013010', wardName: 'Rotherham East', gained: 0, lost: 1, lsoas: expect.any(Number) },
      { wardCode: 'E05013011', wardName: 'Rotherham West', gained: 1, lost: 0, lsoas: expect.any(Number) },
    ]);
  });

  it('rejects a header without the six lookup columns, naming what is missing', async () => {
    const err = await rejects('wrong-header.csv');
    expect(err.problems).toEqual([
      {
        row: 1,
        message:
          'the header lacks "WD23NM" (the names that go with "WD23CD"), "LAD23NM" (the names that go with "LAD23CD"); ' +
          'an ONS lookup has LSOAyyCD, LSOAyyNM, WDyyCD, WDyyNM, LADyyCD, LADyyNM ' +
          '(found: "FID", "LSOA21CD", "LSOA21NM", "WD23CD", "WD22NM", "LAD23CD")',
      },
    ]);
  });

  it('rejects codes that are not GSS codes of the right kind', async () => {
    const err = await rejects('bad-code.csv');
    expect(err.problems).toEqual([
      { row: 4, column: 'LSOA21CD', message: "'E0100773' is not an LSOA code (like E01007604)" },
      { row: 4, column: 'WD23CD', message: "'E08000018' is not a ward code (like E05013010)" },
    ]);
  });

  it('rejects a ward of the borough that the hub does not know, saying where to add it', async () => {
    const err = await rejects('unknown-category.csv');
    expect(err.problems).toEqual([
      {
        row: 6,
        column: 'WD23CD',
        message: 'ward E05099999 (Newtown) is not in the hub: add it to seeds/data/wards.csv with its locality',
      },
    ]);
    expect(err.message).toBe(
      'unknown-category.csv was not imported (nothing changed): 1 problem\n' +
        '  - row 6, column "WD23CD": ward E05099999 (Newtown) is not in the hub: add it to seeds/data/wards.csv with its locality',
    );
  });

  it('rejects an LSOA listed twice', async () => {
    const file = tmp.write(
      'twice.csv',
      'LSOA21CD,LSOA21NM,WD23CD,WD23NM,LAD23CD,LAD23NM\n' +
        'E01007736,Rotherham 014A,E05013010,Rotherham East,E08000018,Rotherham\n' +
        'E01007736,Rotherham 014A,E05013011,Rotherham West,E08000018,Rotherham\n',
    );
    const err = await rejects(file);
    expect(err.problems).toEqual([{ row: 3, column: 'LSOA21CD', message: 'LSOA E01007736 has more than one row' }]);
  });

  it('rejects a row cut short', async () => {
    const err = await rejects('truncated-row.csv');
    expect(err.problems).toEqual([{ row: 7, message: 'expected 7 columns, found 4 (a truncated or broken row?)' }]);
  });
});
