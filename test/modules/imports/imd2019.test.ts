import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ImportError } from '../../../src/modules/imports/import.errors';
import { IMD_COLUMNS, imdImporter } from '../../../src/modules/profiles/imd.importer';
import {
  dataSources,
  expectRejectedUnchanged,
  fileSha256 as sha256,
  fixture as fixtureOf,
  importState,
  importWith,
  tableSnapshot,
  useImportDatabase,
} from '../../support/imports';

const fixture = (name: string) => fixtureOf('imd2019', name);
const IMPORTED = ['E01007736', 'E01007741', 'E01007770'];

const { client } = useImportDatabase({ per: 'test' });

const load = (file: string) => importWith(client, imdImporter, file);

function deprivation() {
  // The columns a test picks rows by, the rest compared whole.
  return tableSnapshot<{ lsoa_code: string; source: string; period: string } & Record<string, unknown>>(
    client,
    `select d.lsoa_code, s.key as source, s.period, d.imd_score, d.imd_rank, d.imd_decile, d.population, d.domains
       from lsoa_deprivation d join data_source s on s.id = d.source_id order by d.lsoa_code, s.key`,
  );
}

const sources = () => dataSources(client, 'deprivation');

/** Everything the import could touch, to show a failed import changed nothing. */
const snapshot = () => importState(client, 'lsoa_deprivation');

function rejects(file: string): Promise<ImportError> {
  return expectRejectedUnchanged(() => load(fixture(file)), snapshot);
}

/** Adds a deprivation edition that did not come from an import (as the illustrative seed once was), with rows. */
async function addEdition(key: string, period: string, lsoas: string[]) {
  const { rows } = await client.query<{ id: number }>(
    `insert into data_source (key, kind, title, publisher, licence, period, illustrative)
     values ($1, 'deprivation', $1, 'test', 'test', $2, true) returning id`,
    [key, period],
  );
  for (const lsoa of lsoas) {
    await client.query(
      `insert into lsoa_deprivation (lsoa_code, source_id, imd_score, imd_rank, imd_decile, population) values ($1, $2, 10, 20000, 7, 1500)`,
      [lsoa, rows[0].id],
    );
  }
}

const E01007741 = {
  lsoa_code: 'E01007741',
  source: 'imd2019:2019',
  period: '2019',
  imd_score: 65.288,
  imd_rank: 3131,
  imd_decile: 1,
  population: 1474,
  domains: {
    income: { score: 0.378, rank: 588, decile: 1 },
    employment: { score: 0.301, rank: 701, decile: 1 },
    education: { score: 61.903, rank: 1204, decile: 1 },
    health: { score: 2.017, rank: 502, decile: 1 },
    crime: { score: 1.104, rank: 2013, decile: 1 },
    barriers: { score: 30.441, rank: 7012, decile: 3 },
    livingEnvironment: { score: 33.871, rank: 5234, decile: 2 },
    idaci: { score: 0.452, rank: 702, decile: 1 },
    idaopi: { score: 0.401, rank: 1203, decile: 1 },
  },
};

describe('imd2019 importer (IoD 2019 File 7)', () => {
  it('loads the borough LSOAs, skips the others, and replaces other 2019 figures for those LSOAs only', async () => {
    await addEdition('test-illustrative-2019', '2019', ['E01007736', 'E01007604']);
    await addEdition('test-imd-2015', '2015', ['E01007736']);
    const before = await deprivation();

    const summary = await load(fixture('good.csv'));
    expect(summary).toMatchObject({
      kind: 'imd2019',
      file: 'good.csv',
      period: '2019',
      read: 5,
      loaded: 3,
      skipped: { 'outside the borough': 2 },
      wardCodes: ['E05012996', 'E05013010'],
    });

    const after = await deprivation();
    // The seed's own imd2019 import keeps its key for the LSOAs this file leaves out; this file's source is told apart.
    const MINE = `imd2019:2019 (file ${sha256(fixture('good.csv')).slice(0, 12)})`;
    const mine = after.filter((r) => r.source === MINE);
    expect(mine.map((r) => r.lsoa_code)).toEqual(IMPORTED);
    expect(mine.find((r) => r.lsoa_code === 'E01007741')).toEqual({ ...E01007741, source: MINE });
    expect(mine.find((r) => r.lsoa_code === 'E01007770')).toMatchObject({
      imd_score: 8.204,
      imd_rank: 27503,
      imd_decile: 9,
      population: 1797,
      domains: { health: { score: -0.712, rank: 26544, decile: 9 }, crime: { score: -0.62, rank: 27012, decile: 9 } },
    });
    // Any 2019 edition (an earlier import of this one included) loses these LSOAs and keeps the rest; other
    // years' editions stay whole.
    const kept = (r: (typeof before)[number]) => !(r.period === '2019' && IMPORTED.includes(r.lsoa_code));
    expect(after.filter((r) => r.source !== MINE)).toEqual(before.filter(kept));
    expect(after.filter((r) => r.source.startsWith('test-')).map((r) => [r.lsoa_code, r.source])).toEqual([
      ['E01007604', 'test-illustrative-2019'],
      ['E01007736', 'test-imd-2015'],
    ]);

    expect((await sources()).filter((s) => s.key === MINE)).toEqual([
      {
        key: MINE,
        kind: 'deprivation',
        title: 'English Indices of Deprivation 2019 (File 7), by LSOA',
        publisher: 'Ministry of Housing, Communities and Local Government',
        licence: 'Open Government Licence v3.0',
        period: '2019',
        file_name: 'good.csv',
        sha256: sha256(fixture('good.csv')),
        rows_read: 5,
        rows_skipped: { 'outside the borough': 2 },
        row_count: 3,
        loaded_by: 'test',
        ward_codes: ['E05012996', 'E05013010'],
        illustrative: false,
      },
    ]);
  });

  it('imports the same file twice to the same rows and one data source', async () => {
    await load(fixture('good.csv'));
    const first = await deprivation();
    await load(fixture('good.csv'));
    expect(await deprivation()).toEqual(first);
    expect((await sources()).filter((s) => s.file_name === 'good.csv').map((s) => [s.key, s.row_count])).toEqual([
      [`imd2019:2019 (file ${sha256(fixture('good.csv')).slice(0, 12)})`, 3],
    ]);
  });

  it('rejects a file that is not File 7, listing the columns it lacks', async () => {
    const err = await rejects('wrong-header.csv');
    const missing = IMD_COLUMNS.slice(4);
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0].row).toBe(1);
    expect(err.problems[0].message).toMatch(
      new RegExp(
        `^the header lacks ${missing.map((m) => `"${m.replace(/[()]/g, '\\$&')}"`).join(', ')} \\(found: "LSOA code \\(2011\\)", `,
      ),
    );
  });

  it('rejects scores, ranks and populations that are not numbers or out of range, naming each cell', async () => {
    const err = await rejects('bad-number.csv');
    expect(err.problems).toEqual([
      { row: 4, column: 'Index of Multiple Deprivation (IMD) Score', message: "'n/a' is not a number" },
      { row: 4, column: 'Income Rank (where 1 is most deprived)', message: '0 is below 1' },
      { row: 4, column: 'Total population: mid 2015 (excluding prisoners)', message: "'1,4x4' is not a number" },
    ]);
  });

  it('rejects a decile of 11', async () => {
    const err = await rejects('unknown-category.csv');
    expect(err.problems).toEqual([
      {
        row: 3,
        column: 'Income Decile (where 1 is most deprived 10% of LSOAs)',
        message: '11 is not a decile (1 to 10, where 1 is the most deprived 10%)',
      },
    ]);
    expect(err.message).toContain(
      'row 3, column "Income Decile (where 1 is most deprived 10% of LSOAs)": 11 is not a decile (1 to 10, where 1 is the most deprived 10%)',
    );
  });

  it('rejects a row cut short', async () => {
    const err = await rejects('truncated-row.csv');
    expect(err.problems).toEqual([{ row: 6, message: 'expected 57 columns, found 20 (a truncated or broken row?)' }]);
  });

  it("rejects an LSOA of the borough's authority that the hub does not know, rather than leave a hole in a ward", async () => {
    const lines = fs.readFileSync(fixture('good.csv'), 'utf8').split('\r\n');
    const rotherham = lines.find((l) => l.startsWith('E01007736,'))!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imd-'));
    const file = path.join(dir, 'unknown-lsoa.csv');
    fs.writeFileSync(file, [lines[0], rotherham.replace('E01007736,Rotherham 014A', 'E01099999,Rotherham 099Z')].join('\n'));
    const err = await rejects(file);
    expect(err.problems).toEqual([
      {
        row: 2,
        column: 'LSOA code (2011)',
        message: 'LSOA E01099999 (Rotherham 099Z) is in Rotherham but not in the hub: import the ONS lookup that includes it first',
      },
    ]);
    fs.rmSync(dir, { recursive: true });
  });
});
