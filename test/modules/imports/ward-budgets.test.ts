import { budgetsImporter } from '../../../src/modules/budgets/budgets.importer';
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

const fixture = (name: string) => fixtureOf('ward-budgets', name);
const HEADER = 'financial_year,ward_code,fund,organisation,priority,allocated_on,amount_gbp,description\n';

const { client } = useImportDatabase({ per: 'test' });
const tmp = useTempDir('ward-budgets-');

const load = (file: string) => importWith(client, budgetsImporter, file);

function allocations() {
  // The columns a test picks rows by, the rest compared whole.
  return tableSnapshot<{ financial_year: string; ward_code: string; fund: string } & Record<string, unknown>>(
    client,
    `select financial_year, ward_code, fund, organisation, priority, allocated_on::text, amount::text, description
       from budget_allocation order by financial_year, ward_code, allocated_on, fund, organisation, amount, description`,
  );
}

function sources() {
  return dataSources(client, 'ward-budgets', {
    columns: ['key', 'kind', 'title', 'period', 'file_name', 'sha256', 'rows_read', 'rows_skipped', 'row_count', 'loaded_by', 'ward_codes'],
  });
}

/** Everything the import could touch, to show a failed import changed nothing. */
const snapshot = () => importState(client, 'budget_allocation');

async function rejects(file: string): Promise<ImportError> {
  await load(fixture('good.csv'));
  return expectRejectedUnchanged(() => load(fixture(file)), snapshot);
}

const GOOD = [
  {
    financial_year: '2020/21',
    ward_code: 'E05013010',
    fund: 'WARD_BUDGET',
    organisation: 'Eastwood Community Garden Group',
    priority: 'ENVIRONMENT_AND_GREEN_SPACES',
    allocated_on: '2020-06-15',
    amount: '1250.00',
    description: 'Raised beds and tools for the community garden',
  },
  {
    financial_year: '2020/21',
    ward_code: 'E05013010',
    fund: 'WARD_HOUSING_HUB',
    organisation: "Rotherham East Tenants' Association",
    priority: 'COMMUNITY_SAFETY',
    allocated_on: '2020-09-01',
    amount: '2400.00',
    description: 'Door entry upgrades, "Eastwood" flats',
  },
  {
    financial_year: '2020/21',
    ward_code: 'E05013011',
    fund: 'PARTNER_CONTRIBUTION',
    organisation: 'South Yorkshire Police',
    priority: null,
    allocated_on: '2020-04-01',
    amount: '5000.00',
    description: 'Match funding for a Safer Streets bid',
  },
  {
    financial_year: '2020/21',
    ward_code: 'E05013011',
    fund: 'WARD_BUDGET',
    organisation: 'Ferham Youth Club',
    priority: 'HEALTH_AND_WELLBEING',
    allocated_on: '2021-03-31',
    amount: '750.50',
    description: null,
  },
  {
    financial_year: '2021/22',
    ward_code: 'E05012996',
    fund: 'WARD_BUDGET',
    organisation: 'Clifton Park Friends',
    priority: 'CLEAN_STREETS',
    allocated_on: '2021-05-20',
    amount: '300.00',
    description: 'Litter picking kit',
  },
];

/** Rows in the ward-fund-years good.csv covers. */
const inFile = (r: { financial_year: string; ward_code: string; fund: string }) =>
  GOOD.some((g) => g.financial_year === r.financial_year && g.ward_code === r.ward_code && g.fund === r.fund);

describe('ward-budgets importer (the hub format)', () => {
  it("loads every allocation of a good file with its provenance, replacing its wards' funds for those years only", async () => {
    const before = await allocations();
    const wardCodes = ['E05012996', 'E05013010', 'E05013011'];
    const summary = await load(fixture('good.csv'));
    expect(summary).toMatchObject({
      kind: 'ward-budgets',
      file: 'good.csv',
      period: '2020/21, 2021/22',
      read: 5,
      loaded: 5,
      skipped: {},
      wardCodes,
    });
    const held = new Set(before.filter(inFile).map((r) => `${r.financial_year} ${r.ward_code} ${r.fund}`));
    expect(summary.replaced).toEqual({ unit: 'ward-fund-year', covered: 5, replaced: held.size, rows: before.filter(inFile).length });
    expect(held.size).toBeGreaterThan(0);
    const after = await allocations();
    expect(after.filter(inFile)).toEqual(GOOD);
    // Everything else (other wards, other funds of these wards, other years) is left alone.
    expect(after.filter((r) => !inFile(r))).toEqual(before.filter((r) => !inFile(r)));
    expect((await sources()).filter((s) => s.file_name === 'good.csv')).toEqual([
      {
        key: 'ward-budgets:2020/21, 2021/22',
        kind: 'ward-budgets',
        title: 'Ward budget allocations, 2020/21, 2021/22',
        period: '2020/21, 2021/22',
        file_name: 'good.csv',
        sha256: sha256(fixture('good.csv')),
        rows_read: 5,
        rows_skipped: {},
        row_count: 5,
        loaded_by: 'test',
        ward_codes: wardCodes,
      },
    ]);
  });

  it('imports the same file twice to the same rows and one data source', async () => {
    await load(fixture('good.csv'));
    const first = await allocations();
    await load(fixture('good.csv'));
    expect(await allocations()).toEqual(first);
    expect((await sources()).filter((s) => s.file_name === 'good.csv').map((s) => [s.key, s.row_count])).toEqual([
      ['ward-budgets:2020/21, 2021/22', 5],
    ]);
  });

  it('replaces only the ward-fund-years a later file covers', async () => {
    await load(fixture('good.csv'));
    const before = await allocations();
    const file = tmp.write('2021-22.csv', `${HEADER}2021/22,E05013004,WARD_BUDGET,Keppel Allotments,,2022-03-01,99.99,\n`);
    const summary = await load(file);
    expect(summary).toMatchObject({
      period: '2021/22',
      loaded: 1,
      wardCodes: ['E05013004'],
      replaced: { unit: 'ward-fund-year', covered: 1, replaced: 0, rows: 0 },
    });
    const keppel = {
      financial_year: '2021/22',
      ward_code: 'E05013004',
      fund: 'WARD_BUDGET',
      organisation: 'Keppel Allotments',
      priority: null,
      allocated_on: '2022-03-01',
      amount: '99.99',
      description: null,
    };
    const isKeppel = (r: { ward_code: string; financial_year: string }) => r.ward_code === 'E05013004' && r.financial_year === '2021/22';
    expect((await allocations()).filter(isKeppel)).toEqual([keppel]);
    expect((await allocations()).filter((r) => !isKeppel(r))).toEqual(before);
    expect(
      (await sources()).filter((s) => ['good.csv', '2021-22.csv'].includes(s.file_name ?? '')).map((s) => [s.key, s.row_count]),
    ).toEqual([
      ['ward-budgets:2020/21, 2021/22', 5],
      ['ward-budgets:2021/22', 1],
    ]);
  });

  it('rejects a header that is not the format', async () => {
    const err = await rejects('wrong-header.csv');
    expect(err.problems).toEqual([
      {
        row: 1,
        message:
          'the header lacks "priority", "amount_gbp" and has "theme", "amount", which this format does not ' +
          '(expected exactly: financial_year,ward_code,fund,organisation,priority,allocated_on,amount_gbp,description)',
      },
    ]);
  });

  it('rejects amounts with more than 2 decimals, a £ sign, or of 0', async () => {
    const err = await rejects('bad-number.csv');
    expect(err.problems).toEqual([
      { row: 2, column: 'amount_gbp', message: "'12.345' has more than 2 decimal places (pence)" },
      {
        row: 4,
        column: 'amount_gbp',
        message: "'£750' is not an amount in pounds (write it like 1250 or 1250.50, without a £ sign)",
      },
      { row: 6, column: 'amount_gbp', message: '0 is not a positive amount' },
    ]);
    expect(err.message).toBe(
      'bad-number.csv was not imported (nothing changed): 3 problems\n' +
        '  - row 2, column "amount_gbp": \'12.345\' has more than 2 decimal places (pence)\n' +
        '  - row 4, column "amount_gbp": \'£750\' is not an amount in pounds (write it like 1250 or 1250.50, without a £ sign)\n' +
        '  - row 6, column "amount_gbp": 0 is not a positive amount',
    );
  });

  it('rejects an unknown fund and an unknown priority, both on the same row', async () => {
    const err = await rejects('unknown-category.csv');
    expect(err.problems).toEqual([
      {
        row: 3,
        column: 'fund',
        message: "'COMMUNITY_LEADERSHIP_FUND' is not a known fund (use WARD_BUDGET, WARD_HOUSING_HUB, PARTNER_CONTRIBUTION)",
      },
      {
        row: 3,
        column: 'priority',
        message:
          "'PARKS' is not a known ward plan theme (use COMMUNITY_SAFETY, ENVIRONMENT_AND_GREEN_SPACES, CLEAN_STREETS, " +
          'HEALTH_AND_WELLBEING, COST_OF_LIVING, TRANSPORT_AND_ROAD_SAFETY, COMMUNITY_EMPOWERMENT, or leave it empty)',
      },
    ]);
  });

  it('rejects a financial year that does not run on, a date outside its year, an impossible date and no organisation', async () => {
    const err = await rejects('bad-dates.csv');
    expect(err.problems).toEqual([
      { row: 4, column: 'financial_year', message: "'2020/22' is not a financial year: the year after 2020 is 21 (2020/21)" },
      { row: 5, column: 'organisation', message: 'is empty' },
      {
        row: 5,
        column: 'allocated_on',
        message: '2021-04-01 is outside the financial year 2020/21 (1 April 2020 to 31 March 2021)',
      },
      { row: 6, column: 'allocated_on', message: "'2021-02-30' is not a date (YYYY-MM-DD)" },
    ]);
  });

  it('rejects a ward the hub does not know and a financial year written another way', async () => {
    const file = tmp.write('other.csv', `${HEADER}2020-21,E05099999,WARD_BUDGET,Someone,,2020-05-01,10,\n`);
    const err = await rejects(file);
    expect(err.problems).toEqual([
      { row: 2, column: 'financial_year', message: "'2020-21' is not a financial year (write it like 2020/21)" },
      { row: 2, column: 'ward_code', message: 'ward E05099999 is not in the hub (seeds/data/wards.csv lists the wards it knows)' },
    ]);
  });

  it('rejects a row cut short', async () => {
    const err = await rejects('truncated-row.csv');
    expect(err.problems).toEqual([{ row: 6, message: 'expected 8 columns, found 4 (a truncated or broken row?)' }]);
  });
});
