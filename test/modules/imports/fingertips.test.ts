import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { FINGERTIPS_COLUMNS, fingertipsImporter } from '../../../src/modules/indicators/fingertips.importer';
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

const fixture = (name: string) => fixtureOf('fingertips', name);
const PERIOD = 'indicators 90366 and 93227, 2016/17 - 20/21 to 2018 - 20';
const KEY = `fingertips:${PERIOD}`;
const HEADER = fs.readFileSync(fixture('good.csv'), 'utf8').split('\r\n')[0];
const LE = 'Life expectancy at birth';
const EA = 'Emergency hospital admissions for all causes, all ages, standardised admission ratio';

const { client } = useImportDatabase({ per: 'test' });
const tmp = useTempDir('fingertips-');

const load = (file: string) => importWith(client, fingertipsImporter, file);

function write(name: string, lines: string[]): string {
  return tmp.write(name, `${[HEADER, ...lines].join('\n')}\n`);
}

/** The (indicator, period) pairs good.csv holds. */
const inFile = (r: { indicator_id: number; period_sortable: number }) =>
  (r.indicator_id === 90366 && r.period_sortable === 20180000) || (r.indicator_id === 93227 && r.period_sortable === 20160000);

/** indicator_value rows: the columns a test picks rows by, the rest compared whole. */
type ValueRow = { indicator_id: number; period_sortable: number; area_code: string; source: string } & Record<string, unknown>;

function values() {
  return tableSnapshot<ValueRow>(
    client,
    `select v.indicator_id, v.area_code, v.area_name, v.area_type, v.parent_code, v.sex, v.age, v.category_type, v.category,
            v.period, v.period_sortable, v.value, v.lower95, v.upper95, v.lower998, v.upper998, v.count, v.denominator,
            v.value_note, v.recent_trend, v.compared_to_england, v.compared_to_parent, s.key as source
       from indicator_value v join data_source s on s.id = v.source_id
      order by v.indicator_id, v.period_sortable, v.area_code, v.sex, v.age, v.category_type, v.category`,
  );
}

const indicators = () => tableSnapshot<{ id: number } & Record<string, unknown>>(client, 'select * from indicator order by id');
const sources = () => dataSources(client, 'indicators');

/** Everything the import could touch, to show a failed import changed nothing. */
async function snapshot() {
  return { ...(await importState(client, 'indicator_value')), indicators: await indicators() };
}

async function rejects(file: string): Promise<ImportError> {
  await load(fixture('good.csv'));
  return expectRejectedUnchanged(() => load(fixture(file)), snapshot);
}

const none = { count: null, denominator: null, value_note: null };
const le = (area: object, sex: string, figures: number[], rest: object) => ({
  indicator_id: 90366,
  ...area,
  sex,
  age: 'All ages',
  category_type: '',
  category: '',
  period: '2018 - 20',
  period_sortable: 20180000,
  value: figures[0],
  lower95: figures[1],
  upper95: figures[2],
  lower998: figures[3],
  upper998: figures[4],
  ...none,
  recent_trend: 'Cannot be calculated',
  compared_to_england: 'Not compared',
  compared_to_parent: 'Not compared',
  source: KEY,
  ...rest,
});
const ea = (area: object, rest: object) => ({
  indicator_id: 93227,
  ...area,
  sex: 'Persons',
  age: 'All ages',
  category_type: '',
  category: '',
  period: '2016/17 - 20/21',
  period_sortable: 20160000,
  recent_trend: null,
  source: KEY,
  ...rest,
});
const ENGLAND = { area_code: 'E92000001', area_name: 'England', area_type: 'England', parent_code: null };
const ROTHERHAM = (areaType: string) => ({ area_code: 'E08000018', area_name: 'Rotherham', area_type: areaType, parent_code: 'E12000003' });
const ward = (code: string, name: string) => ({ area_code: code, area_name: name, area_type: 'Ward', parent_code: 'E08000018' });

const GOOD = [
  le(ROTHERHAM('Counties & UAs (from Apr 2021)'), 'Male', [77.6271839, 77.2298375, 78.0245303, 76.9958553, 78.2585125], {
    compared_to_england: 'Worse',
    compared_to_parent: 'Similar',
  }),
  le(ENGLAND, 'Female', [83.0698713, 83.0334417, 83.1063009, 83.0121073, 83.1276353], {}),
  le(ENGLAND, 'Male', [79.3663854, 79.3279026, 79.4048682, 79.3053661, 79.4274047], {}),
  le(ENGLAND, 'Male', [73.9483211, 73.8182011, 74.0784411, 73.7424102, 74.154232], {
    category_type: 'LSOA11 deprivation deciles in England (IMD2019)',
    category: 'Most deprived decile (IMD2019)',
    recent_trend: null,
  }),
  ea(ward('E05013010', 'Rotherham East'), {
    value: 128.4290356,
    lower95: 124.9147028,
    upper95: 132.0130152,
    lower998: 122.9007641,
    upper998: 134.0963227,
    count: 5012,
    denominator: 3902.6061,
    value_note: null,
    compared_to_england: 'Worse 95%',
    compared_to_parent: 'Worse 95%',
  }),
  // Suppressed: every figure blank, with a note saying why.
  ea(ward('E05013011', 'Rotherham West'), {
    value: null,
    lower95: null,
    upper95: null,
    lower998: null,
    upper998: null,
    count: null,
    denominator: null,
    value_note: 'Value suppressed for disclosure control due to small count',
    compared_to_england: 'Not compared',
    compared_to_parent: 'Not compared',
  }),
  ea(ROTHERHAM('Districts & UAs (from Apr 2021)'), {
    value: 112.7461084,
    lower95: 111.9894102,
    upper95: 113.5063627,
    lower998: 111.546447,
    upper998: 113.9521095,
    count: 88610,
    denominator: 78592.634,
    value_note: null,
    compared_to_england: 'Worse 95%',
    compared_to_parent: 'Worse 95%',
  }),
  ea(ENGLAND, {
    value: 100,
    lower95: 99.9513327,
    upper95: 100.048731,
    lower998: 99.9232171,
    upper998: 100.0768742,
    count: 26839011,
    denominator: 26839011,
    value_note: null,
    compared_to_england: 'Not compared',
    compared_to_parent: 'Not compared',
  }),
];

describe('fingertips importer (OHID Fingertips CSV)', () => {
  it('keeps England, the borough and its wards, skips other areas, and records where the figures came from', async () => {
    const before = await values();
    const catalogue = await indicators();
    const { rows: wardRows } = await client.query<{ code: string }>('select code from ward');
    const wards = new Set(wardRows.map((w) => w.code));
    const wardCodes = ['E05013010', 'E05013011'];
    expect(wards.has('E05013010')).toBe(true);

    const summary = await load(fixture('good.csv'));
    expect(summary).toMatchObject({
      kind: 'fingertips',
      file: 'good.csv',
      period: PERIOD,
      read: 12,
      loaded: 8,
      skipped: { 'other area': 3, 'repeated row (same figures listed under another area type)': 1 },
      wardCodes,
    });

    const after = await values();
    expect(after.filter(inFile)).toEqual(GOOD);
    // Other indicators and periods (the seed's, say) are left alone.
    expect(after.filter((r) => !inFile(r))).toEqual(before.filter((r) => !inFile(r)));

    // Indicators the catalogue lacked are added for someone to describe; those it had keep their description.
    const added = (id: number, name: string) =>
      catalogue.find((i) => i.id === id) ?? {
        id,
        name,
        aim: null,
        polarity: 'NONE',
        value_type: 'OTHER',
        multiplier: 1,
        unit: '',
        description: null,
      };
    const now = await indicators();
    expect(now.filter((i) => i.id === 90366 || i.id === 93227)).toEqual([added(90366, LE), added(93227, EA)]);
    expect(now.filter((i) => i.id !== 90366 && i.id !== 93227)).toEqual(catalogue.filter((i) => i.id !== 90366 && i.id !== 93227));

    expect((await sources()).filter((s) => s.key === KEY)).toEqual([
      {
        key: KEY,
        kind: 'indicators',
        title: `OHID Fingertips, ${PERIOD}`,
        publisher: 'Office for Health Improvement and Disparities (Fingertips)',
        licence: 'Open Government Licence v3.0',
        period: PERIOD,
        file_name: 'good.csv',
        sha256: sha256(fixture('good.csv')),
        rows_read: 12,
        rows_skipped: { 'other area': 3, 'repeated row (same figures listed under another area type)': 1 },
        row_count: 8,
        loaded_by: 'test',
        ward_codes: wardCodes,
        illustrative: false,
      },
    ]);
  });

  it("does not overwrite a catalogue entry's name, polarity or type", async () => {
    await client.query(
      `insert into indicator (id, name, aim, polarity, value_type, multiplier, unit, description)
       values (90366, 'Life expectancy at birth (years)', 'LIVE_WELL_FOR_LONGER', 'HIGH_IS_GOOD', 'OTHER', 1, 'years', 'Curated.')
       on conflict (id) do update set name = excluded.name, aim = excluded.aim, polarity = excluded.polarity,
         value_type = excluded.value_type, multiplier = excluded.multiplier, unit = excluded.unit, description = excluded.description`,
    );
    await load(fixture('good.csv'));
    const { rows } = await client.query('select * from indicator where id = 90366');
    expect(rows).toEqual([
      {
        id: 90366,
        name: 'Life expectancy at birth (years)',
        aim: 'LIVE_WELL_FOR_LONGER',
        polarity: 'HIGH_IS_GOOD',
        value_type: 'OTHER',
        multiplier: 1,
        unit: 'years',
        description: 'Curated.',
      },
    ]);
  });

  it('imports the same file twice to the same rows and one data source', async () => {
    await load(fixture('good.csv'));
    const first = await values();
    const again = await load(fixture('good.csv'));
    expect(again).toMatchObject({ read: 12, loaded: 8 });
    expect(await values()).toEqual(first);
    expect((await sources()).filter((s) => s.file_name === 'good.csv').map((s) => [s.key, s.row_count])).toEqual([[KEY, 8]]);
  });

  it("replaces only the figures a later file has, and leaves the indicator's other areas, periods and breakdowns alone", async () => {
    await load(fixture('good.csv'));
    const before = await values();
    const file = write('england.csv', [
      `93227,"${EA}",,,E92000001,England,England,Persons,All ages,,,2016/17 - 20/21,100,99.95,100.05,99.92,100.08,26839011,26839011,,,Not compared,Not compared,20160000,,,5y`,
    ]);
    const summary = await load(file);
    expect(summary).toMatchObject({
      period: 'indicator 93227, 2016/17 - 20/21',
      loaded: 1,
      wardCodes: [],
      replaced: { unit: 'figure', covered: 1, replaced: 1, rows: 1 },
    });
    const after = await values();
    const replaced = (r: { indicator_id: number; period_sortable: number; area_code: string }) =>
      r.indicator_id === 93227 && r.period_sortable === 20160000 && r.area_code === 'E92000001';
    expect(after.filter(replaced)).toEqual([
      {
        ...GOOD[7],
        lower95: 99.95,
        upper95: 100.05,
        lower998: 99.92,
        upper998: 100.08,
        source: 'fingertips:indicator 93227, 2016/17 - 20/21',
      },
    ]);
    expect(after.filter((r) => !replaced(r))).toEqual(before.filter((r) => !replaced(r)));
    expect(
      (await sources()).filter((s) => ['good.csv', 'england.csv'].includes(s.file_name ?? '')).map((s) => [s.key, s.row_count]),
    ).toEqual([
      [KEY, 7],
      ['fingertips:indicator 93227, 2016/17 - 20/21', 1],
    ]);
  });

  it("finds the borough by its wards' parent code when its name is not the one the LSOA names carry", async () => {
    const file = write('parent.csv', [
      `93227,"${EA}",E08000018,Rotherham MBC,E05013010,Rotherham East,Ward,Persons,All ages,,,2016/17 - 20/21,128.4,,,,,5012,3902.6,,,,,20160000,,,5y`,
      `93227,"${EA}",E12000003,Yorkshire and the Humber,E08000018,Rotherham MBC,Districts & UAs (from Apr 2021),Persons,All ages,,,2016/17 - 20/21,112.7,,,,,88610,78592.6,,,,,20160000,,,5y`,
      `93227,"${EA}",E12000003,Yorkshire and the Humber,E08000017,Doncaster,Districts & UAs (from Apr 2021),Persons,All ages,,,2016/17 - 20/21,108.1,,,,,70000,64700.2,,,,,20160000,,,5y`,
    ]);
    const summary = await load(file);
    expect(summary).toMatchObject({ read: 3, loaded: 2, skipped: { 'other area': 1 } });
    const { rows } = await client.query(`select area_code, area_name from indicator_value v join data_source s on s.id = v.source_id
                                         where s.file_name = 'parent.csv' order by area_code`);
    expect(rows).toEqual([
      { area_code: 'E05013010', area_name: 'Rotherham East' },
      { area_code: 'E08000018', area_name: 'Rotherham MBC' },
    ]);
  });

  it('reads a download without the parent comparison and the newer optional columns, in another column order', async () => {
    const columns = [...FINGERTIPS_COLUMNS].reverse();
    const england: Record<string, string> = {
      'Indicator ID': '93227',
      'Indicator Name': EA,
      'Area Code': 'E92000001',
      'Area Name': 'England',
      'Area Type': 'England',
      Sex: 'Persons',
      Age: 'All ages',
      'Time period': '2016/17 - 20/21',
      Value: '100',
      'Compared to England value or percentiles': 'Not compared',
      'Time period Sortable': '20160000',
    };
    const file = tmp.write(
      'older.csv',
      `${columns.join(',')}\n${columns.map((c) => (c === 'Indicator Name' ? `"${EA}"` : (england[c] ?? ''))).join(',')}\n`,
    );
    expect(await load(file)).toMatchObject({ read: 1, loaded: 1 });
    const { rows } = await client.query(
      `select area_code, value, lower95, compared_to_england, compared_to_parent from indicator_value v
         join data_source s on s.id = v.source_id where s.file_name = 'older.csv'`,
    );
    expect(rows).toEqual([
      { area_code: 'E92000001', value: 100, lower95: null, compared_to_england: 'Not compared', compared_to_parent: null },
    ]);
  });

  it('names a file of many indicators by their count, range and a fingerprint of the list', async () => {
    const ids = [90366, 90630, 91102, 92443, 93014, 93227];
    const file = write(
      'many.csv',
      ids.map((id) => `${id},Indicator ${id},,,E92000001,England,England,Persons,All ages,,,2021,1,,,,,,,,,,,20210000,,,1y`),
    );
    const fingerprint = createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 6);
    expect((await load(file)).period).toBe(`6 indicators (90366 to 93227, list ${fingerprint}), 2021`);
  });

  it('rejects the same area, indicator and period twice with different figures', async () => {
    const file = write('conflict.csv', [
      `93227,"${EA}",E12000003,Yorkshire and the Humber,E08000018,Rotherham,Counties & UAs (from Apr 2021),Persons,All ages,,,2016/17 - 20/21,112.7,,,,,88610,78592.6,,,,,20160000,,,5y`,
      `93227,"${EA}",E12000003,Yorkshire and the Humber,E08000018,Rotherham,Districts & UAs (from Apr 2021),Persons,All ages,,,2016/17 - 20/21,113.1,,,,,88610,78592.6,,,,,20160000,,,5y`,
    ]);
    const err = await rejects(file);
    expect(err.problems).toEqual([
      {
        row: 3,
        column: 'Value',
        message:
          'Rotherham (E08000018) already has different figures for indicator 93227, 2016/17 - 20/21, Persons, All ages on an earlier row',
      },
    ]);
  });

  it('rejects a header that is not a Fingertips download, naming the missing columns', async () => {
    const err = await rejects('wrong-header.csv');
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatchObject({ row: 1 });
    expect(err.problems[0].message).toMatch(
      /^the header lacks "Area Code", "Time period Sortable" \(found: "Indicator ID", "Indicator Name", /,
    );
    expect(FINGERTIPS_COLUMNS).toContain('Area Code');
  });

  it('rejects figures that are not numbers, naming every bad cell of the row', async () => {
    const err = await rejects('bad-number.csv');
    expect(err.problems).toEqual([
      { row: 11, column: 'Value', message: "'128.4290356*' is not a number" },
      { row: 11, column: 'Time period Sortable', message: "'2016/17' is not a number" },
    ]);
    expect(err.message).toBe(
      'bad-number.csv was not imported (nothing changed): 2 problems\n' +
        '  - row 11, column "Value": \'128.4290356*\' is not a number\n' +
        '  - row 11, column "Time period Sortable": \'2016/17\' is not a number',
    );
  });

  it('rejects a sex Fingertips does not use', async () => {
    const err = await rejects('unknown-category.csv');
    expect(err.problems).toEqual([
      { row: 9, column: 'Sex', message: "'All' is not a known sex (Fingertips uses Persons, Male, Female, Not applicable)" },
    ]);
  });

  it('rejects a row cut short', async () => {
    const err = await rejects('truncated-row.csv');
    expect(err.problems).toEqual([{ row: 13, message: 'expected 27 columns, found 8 (a truncated or broken row?)' }]);
  });
});
