import { stringify } from 'csv-stringify/sync';
import { Client } from 'pg';
import { budgetsImporter, BUDGET_COLUMNS } from '../../../src/modules/budgets/budgets.importer';
import { OUTCOME_COLUMNS, policeOutcomesImporter, policeStreetImporter, STREET_COLUMNS } from '../../../src/modules/crime/police.importer';
import { HOUSING_COLUMNS, housingImporter } from '../../../src/modules/housing/housing.importer';
import type { Importer } from '../../../src/modules/imports/import.types';
import { FINGERTIPS_COLUMNS, fingertipsImporter } from '../../../src/modules/indicators/fingertips.importer';
import { onsLookupImporter } from '../../../src/modules/places/ons-lookup.importer';
import {
  IMD_COLUMNS,
  IMD_DOMAINS,
  IMD_LA_CODE,
  IMD_LA_NAME,
  IMD_LSOA_CODE,
  IMD_LSOA_NAME,
  IMD_POPULATION,
  imdImporter,
} from '../../../src/modules/profiles/imd.importer';
import { createLogger } from '../../../src/logger';
import { DATA_CHANNEL } from '../../../src/modules/live/live.channels';
import { createWakeUpBus, WAKE_UP_PG_CHANNEL } from '../../../src/modules/live/live.wakeups';
import { databaseUrl } from '../../support/db';
import { fileSha256, importWith, tableSnapshot, useImportDatabase, useTempDir } from '../../support/imports';

/*
 * An import replaces exactly what its file covers and nothing else. Each kind is tried with a small
 * file covering a few of the seed's units: every row of the table outside those units must be the
 * same afterwards (same values, same source), and the units in the file hold the file's figures.
 */

const { client } = useImportDatabase({ per: 'test' });
const tmp = useTempDir('replacement-');

type Row = Record<string, unknown>;
/** A ward or LSOA: its code and name. */
type Named = { code: string; name: string };

function csv(columns: readonly string[], rows: Row[]): string {
  return stringify(rows, { header: true, columns: [...columns] });
}

/** Imports the same file twice: the second time must leave every row as the first left it. */
async function importTwice<R extends Row>(importer: Importer, file: string, table: () => Promise<R[]>) {
  const first = await importWith(client, importer, file);
  const afterFirst = await table();
  const second = await importWith(client, importer, file);
  expect(await table()).toEqual(afterFirst);
  return { first, second, after: afterFirst };
}

/** The rows outside `covered`, before and after, must be equal; returns the covered rows after. */
function expectOnlyCoveredChanged<R extends Row>(before: R[], after: R[], covered: (r: R) => boolean): R[] {
  const outside = (rows: R[]) => rows.filter((r) => !covered(r));
  expect(outside(before).length).toBeGreaterThan(0);
  expect(outside(after)).toEqual(outside(before));
  return after.filter(covered);
}

describe('an import replaces exactly what its file covers', () => {
  it('housing: the ward-months in the file, not those months for other wards', async () => {
    const table = () =>
      tableSnapshot<{ ward_code: string; month: string } & Row>(
        client,
        `select h.ward_code, to_char(h.month, 'YYYY-MM') as month, h.stock, h.voids, h.repairs_completed,
                h.repairs_in_target, h.tenancy_asb_cases, h.homelessness_presentations, s.key as source
           from housing_month h join data_source s on s.id = h.source_id order by 1, 2`,
      );
    const before = await table();
    const months = [...new Set(before.map((r) => r.month))].slice(-2);
    const wards = [...new Set(before.map((r) => r.ward_code))].slice(0, 3);
    expect(months).toHaveLength(2);
    const rows = wards.flatMap((ward_code) =>
      months.map((month) => ({
        ward_code,
        month,
        stock: 1000,
        voids: 10,
        repairs_completed: 100,
        repairs_in_target: 90,
        tenancy_asb_cases: 3,
        homelessness_presentations: 2,
      })),
    );
    const file = tmp.write('partial.csv', csv(HOUSING_COLUMNS, rows));
    const covered = (r: (typeof before)[number]) => wards.includes(r.ward_code) && months.includes(r.month);

    const { first, second, after } = await importTwice(housingImporter, file, table);

    expect(expectOnlyCoveredChanged(before, after, covered)).toEqual(
      rows.map((r) => ({ ...r, source: `housing:${months[0]} to ${months[1]}` })),
    );
    expect(first.replaced).toEqual({ unit: 'ward-month', covered: 6, replaced: 6, rows: 6 });
    expect(second.replaced).toEqual({ unit: 'ward-month', covered: 6, replaced: 6, rows: 6 });
    expect(first.wardCodes).toEqual([...wards].sort());
  });

  it('ward-budgets: the funds of the wards and financial years in the file', async () => {
    const table = () =>
      tableSnapshot<{ financial_year: string; ward_code: string; fund: string } & Row>(
        client,
        `select b.financial_year, b.ward_code, b.fund, b.organisation, b.priority, b.allocated_on::text as allocated_on,
                b.amount::text as amount, b.description, s.key as source
           from budget_allocation b join data_source s on s.id = b.source_id order by 1, 2, 3, 4, 6, 7`,
      );
    const before = await table();
    const year = before[0].financial_year;
    const wards = [...new Set(before.filter((r) => r.fund === 'WARD_BUDGET').map((r) => r.ward_code))].slice(0, 2);
    const rows = wards.map((ward_code) => ({
      financial_year: year,
      ward_code,
      fund: 'WARD_BUDGET',
      organisation: `Friends of ${ward_code}`,
      priority: 'CLEAN_STREETS',
      allocated_on: `${year.slice(0, 4)}-06-01`,
      amount_gbp: '500.00',
      description: 'Litter pickers',
    }));
    const file = tmp.write('budgets.csv', csv(BUDGET_COLUMNS, rows));
    const covered = (r: (typeof before)[number]) => r.financial_year === year && wards.includes(r.ward_code) && r.fund === 'WARD_BUDGET';
    const removed = before.filter(covered).length;
    expect(before.some((r) => wards.includes(r.ward_code) && r.fund !== 'WARD_BUDGET')).toBe(true);

    const { first, after } = await importTwice(budgetsImporter, file, table);

    expect(expectOnlyCoveredChanged(before, after, covered)).toEqual(
      // The seed's source keeps its key ("ward-budgets:2020/21") for the rows it still holds; the file's is told apart.
      rows.map(({ amount_gbp, ...r }) => ({
        ...r,
        amount: amount_gbp,
        source: `ward-budgets:${year} (file ${fileSha256(file).slice(0, 12)})`,
      })),
    );
    expect(first.replaced).toEqual({ unit: 'ward-fund-year', covered: 2, replaced: 2, rows: removed });
  });

  it('fingertips: the figures (indicator, area, period, breakdown) in the file, not the other areas', async () => {
    const table = () =>
      tableSnapshot<{ area_code: string } & Row>(
        client,
        `select v.indicator_id, v.area_code, v.sex, v.age, v.category_type, v.category, v.period, v.period_sortable,
                v.value, v.count, v.denominator, s.key as source
           from indicator_value v join data_source s on s.id = v.source_id order by 1, 2, 3, 4, 5, 6, 8`,
      );
    const before = await table();
    const wards = (await tableSnapshot<{ code: string }>(client, 'select code from ward order by code')).map((w) => w.code);
    const target = before.filter((r) => wards.includes(r.area_code));
    const { indicator_id, period_sortable } = target[0];
    const picked = target.filter((r) => r.indicator_id === indicator_id && r.period_sortable === period_sortable).slice(0, 2);
    expect(picked).toHaveLength(2);
    const full = await tableSnapshot(
      client,
      `select * from indicator_value where indicator_id = $1 and period_sortable = $2 and area_code = any($3::text[])`,
      [indicator_id, period_sortable, picked.map((r) => r.area_code)],
    );
    const rows = full.map((v) => ({
      'Indicator ID': v.indicator_id,
      'Indicator Name': 'Some indicator',
      'Parent Code': v.parent_code ?? '',
      'Parent Name': '',
      'Area Code': v.area_code,
      'Area Name': v.area_name,
      'Area Type': v.area_type,
      Sex: v.sex,
      Age: v.age,
      'Category Type': v.category_type,
      Category: v.category,
      'Time period': v.period,
      Value: 12.5,
      'Lower CI 95.0 limit': 10,
      'Upper CI 95.0 limit': 15,
      'Lower CI 99.8 limit': 9,
      'Upper CI 99.8 limit': 16,
      Count: 25,
      Denominator: 200,
      'Value note': '',
      'Recent Trend': '',
      'Compared to England value or percentiles': 'Similar',
      'Time period Sortable': v.period_sortable,
    }));
    const file = tmp.write('fingertips.csv', csv(FINGERTIPS_COLUMNS, rows));
    const key = (r: Row) => [r.indicator_id, r.area_code, r.sex, r.age, r.category_type, r.category, r.period_sortable].join('|');
    const keys = new Set(full.map(key));
    const covered = (r: Row) => keys.has(key(r));

    const { first, after } = await importTwice(fingertipsImporter, file, table);

    const mine = expectOnlyCoveredChanged(before, after, covered);
    expect(mine).toHaveLength(full.length);
    expect(mine.map((r) => [r.value, r.count, r.denominator])).toEqual(full.map(() => [12.5, 25, 200]));
    expect(first.replaced).toEqual({ unit: 'figure', covered: full.length, replaced: full.length, rows: full.length });
  });

  it('imd2019: the LSOAs in the file, not the LSOAs an earlier file of the same edition loaded', async () => {
    const table = () =>
      tableSnapshot<{ lsoa_code: string; source: string } & Row>(
        client,
        `select d.lsoa_code, d.imd_score, d.imd_rank, d.imd_decile, d.population, d.domains, s.key as source
           from lsoa_deprivation d join data_source s on s.id = d.source_id order by 1, 7`,
      );
    const before = await table();
    const imported = before.filter((r) => r.source.startsWith('imd2019:'));
    expect(imported.length).toBeGreaterThan(2);
    const lsoas = imported.slice(0, 2).map((r) => r.lsoa_code);
    const names = await tableSnapshot<Named>(client, 'select code, name from lsoa where code = any($1::text[]) order by code', [lsoas]);
    const rows = names.map((l) => {
      const row: Row = {
        [IMD_LSOA_CODE]: l.code,
        [IMD_LSOA_NAME]: l.name,
        [IMD_LA_CODE]: 'E08000018',
        [IMD_LA_NAME]: 'Rotherham',
        [IMD_POPULATION]: 1500,
      };
      for (const d of IMD_DOMAINS) Object.assign(row, { [d.score]: 0.25, [d.rank]: 1000, [d.decile]: 1 });
      return row;
    });
    const file = tmp.write('imd.csv', csv(IMD_COLUMNS, rows));
    const covered = (r: (typeof before)[number]) => lsoas.includes(r.lsoa_code);

    const { first, after } = await importTwice(imdImporter, file, table);

    const mine = expectOnlyCoveredChanged(before, after, covered);
    expect(mine.map((r) => [r.lsoa_code, r.imd_score, r.population, r.source])).toEqual(
      lsoas.map((code) => [code, 0.25, 1500, `imd2019:2019 (file ${fileSha256(file).slice(0, 12)})`]),
    );
    expect(first.replaced).toEqual({ unit: 'LSOA', covered: 2, replaced: 2, rows: 2 });
  });

  // The two police.uk files share their unit: the months of the LSOAs the file has rows for.
  const POLICE_KINDS = [
    {
      kind: 'police-street',
      importer: policeStreetImporter,
      columns: STREET_COLUMNS,
      sql: `select c.lsoa_code, to_char(c.month, 'YYYY-MM') as month, c.crime_ref, c.category, c.last_outcome, c.location,
                   s.key as source
              from crime c join data_source s on s.id = c.source_id order by 1, 2, 3, 4, 6`,
      cells: { 'Crime type': 'Burglary', 'Last outcome category': 'Under investigation', Context: '' },
    },
    {
      kind: 'police-outcomes',
      importer: policeOutcomesImporter,
      columns: OUTCOME_COLUMNS,
      sql: `select o.lsoa_code, to_char(o.month, 'YYYY-MM') as month, o.crime_ref, o.outcome, s.key as source
              from crime_outcome o join data_source s on s.id = o.source_id order by 1, 2, 3, 4`,
      cells: { 'Outcome type': 'Investigation complete; no suspect identified' },
    },
  ];

  it.each(POLICE_KINDS)(
    '$kind: the months of the LSOAs in the file, not that month elsewhere',
    async ({ kind, importer, columns, sql, cells }) => {
      const table = () => tableSnapshot<{ lsoa_code: string; month: string } & Row>(client, sql);
      const before = await table();
      const month = before[before.length - 1].month;
      const lsoas = [...new Set(before.filter((r) => r.month === month).map((r) => r.lsoa_code))].slice(0, 2);
      const names = await tableSnapshot<Named>(client, 'select code, name from lsoa where code = any($1::text[]) order by code', [lsoas]);
      const rows = names.map((l, i) => ({
        'Crime ID': `test-crime-${i}`,
        Month: month,
        'Reported by': 'South Yorkshire Police',
        'Falls within': 'South Yorkshire Police',
        Longitude: '-1.35',
        Latitude: '53.43',
        Location: 'On or near Test Street',
        'LSOA code': l.code,
        'LSOA name': l.name,
        ...cells,
      }));
      const file = tmp.write(`${kind}.csv`, csv(columns, rows));
      const covered = (r: (typeof before)[number]) => r.month === month && lsoas.includes(r.lsoa_code);
      const removed = before.filter(covered).length;

      const { first, after } = await importTwice(importer, file, table);

      expect(expectOnlyCoveredChanged(before, after, covered).map((r) => [r.lsoa_code, r.crime_ref])).toEqual(
        names.map((l, i) => [l.code, `test-crime-${i}`]),
      );
      expect(first.replaced).toEqual({ unit: 'LSOA-month', covered: 2, replaced: 2, rows: removed });
    },
  );

  it('ons-lookup: the LSOAs in the file, saying which wards gained and lost LSOAs', async () => {
    const table = () =>
      tableSnapshot<Named & { ward_code: string; source: string }>(
        client,
        'select l.code, l.name, l.ward_code, s.key as source from lsoa l join data_source s on s.id = l.source_id order by 1',
      );
    const before = await table();
    const wards = await tableSnapshot<Named>(client, 'select code, name from ward order by code');
    const [from, to] = wards;
    const moving = before.find((r) => r.ward_code === from.code)!;
    const staying = before.find((r) => r.ward_code === to.code)!;
    const file = tmp.write(
      'lookup.csv',
      'LSOA21CD,LSOA21NM,WD23CD,WD23NM,LAD23CD,LAD23NM\n' +
        `${moving.code},${moving.name},${to.code},${to.name},E08000018,Rotherham\n` +
        `${staying.code},${staying.name},${to.code},${to.name},E08000018,Rotherham\n`,
    );
    const covered = (r: (typeof before)[number]) => r.code === moving.code || r.code === staying.code;

    const { first, second, after } = await importTwice(onsLookupImporter, file, table);

    expect(expectOnlyCoveredChanged(before, after, covered).map((r) => [r.code, r.ward_code])).toEqual(
      [
        [moving.code, to.code],
        [staying.code, to.code],
      ].sort(),
    );
    expect(first.replaced).toEqual({ unit: 'LSOA', covered: 2, replaced: 2, rows: 2 });
    const count = (ward: string) => before.filter((r) => r.ward_code === ward).length;
    expect(first.wardChanges).toEqual([
      { wardCode: from.code, wardName: from.name, gained: 0, lost: 1, lsoas: count(from.code) - 1 },
      { wardCode: to.code, wardName: to.name, gained: 1, lost: 0, lsoas: count(to.code) + 1 },
    ]);
    expect(first.warnings).toEqual([]);
    // The same file again moves nothing.
    expect(second.wardChanges).toEqual([]);
  });

  it('ons-lookup: warns when a ward is left with no LSOA', async () => {
    const wards = await tableSnapshot<Named>(client, 'select code, name from ward order by code');
    const [emptied, to] = wards;
    const lsoas = await tableSnapshot<Named>(client, 'select code, name from lsoa where ward_code = $1 order by code', [emptied.code]);
    const file = tmp.write(
      'emptying.csv',
      'LSOA21CD,LSOA21NM,WD23CD,WD23NM,LAD23CD,LAD23NM\n' +
        lsoas.map((l) => `${l.code},${l.name},${to.code},${to.name},E08000018,Rotherham\n`).join(''),
    );
    const summary = await importWith(client, onsLookupImporter, file);
    expect(summary.wardChanges).toContainEqual({ wardCode: emptied.code, wardName: emptied.name, gained: 0, lost: lsoas.length, lsoas: 0 });
    expect(summary.warnings).toEqual([
      `ward ${emptied.code} (${emptied.name}) has no LSOA left: its population, deprivation and crime figures will be empty until an LSOA is assigned to it`,
    ]);
  });
});

describe('an import announces itself', () => {
  it('notifies dataRefreshed listeners with its source once it commits, and not when it fails', async () => {
    const url = databaseUrl(
      process.env.HUB_TEST_ADMIN_URL!,
      (await client.query<{ d: string }>('select current_database() as d')).rows[0].d,
    );
    const listener = new Client({ connectionString: url });
    await listener.connect();
    // Sending needs no LISTEN connection of the bus's own, so it is never started.
    const bus = createWakeUpBus({ databaseUrl: url, log: createLogger({ level: 'silent', format: 'json' }) });
    try {
      const heard: string[] = [];
      listener.on('notification', (n) => heard.push(n.payload ?? ''));
      await listener.query(`listen ${WAKE_UP_PG_CHANNEL}`);
      const outbox = () =>
        client.query<{ cursor: string; payload: unknown }>(
          `select txid::text || '.' || id::text as cursor, payload from outbox_event where channel = $1 order by txid, id`,
          [DATA_CHANNEL],
        );
      const before = (await outbox()).rows.length;
      const header = HOUSING_COLUMNS.join(',');
      const bad = tmp.write('bad.csv', `${header}\nE05013010,2024-01,10,11,0,0,0,0\n`);
      await expect(importWith(client, housingImporter, bad, { who: 'test', bus })).rejects.toThrow(/voids is more than the stock/);
      const good = tmp.write('good.csv', `${header}\nE05013010,2024-01,10,1,0,0,0,0\n`);
      const summary = await importWith(client, housingImporter, good, { who: 'test', bus });
      // The announcement is an event on the outbox's data channel, written in the import's transaction.
      const added = (await outbox()).rows.slice(before);
      expect(added.map((r) => r.payload)).toEqual([{ sourceIds: [summary.sourceId], kinds: ['housing'] }]);
      // A round trip on the listening connection delivers any notification already sent to it.
      await listener.query('select 1');
      expect(heard).toEqual([`${DATA_CHANNEL} ${added[0].cursor}`]);
    } finally {
      await listener.end();
    }
  });
});
