import { AreaFiguresDocument, type AreaFiguresQuery } from '../../generated/graphql';
import { authHeader } from '../../support/auth';
import { useTestApp } from '../../support/app';
import { statementsOf } from '../../support/statements';

const hub = useTestApp();

let data: AreaFiguresQuery;
let statements: string[];

beforeAll(async () => {
  const auth = await authHeader();
  const measured = await statementsOf(hub.app, (headers) => hub.gql(AreaFiguresDocument, {}, { ...auth, ...headers }));
  expect(measured.result.body.errors).toBeUndefined();
  data = measured.result.body.data!;
  statements = measured.statements;
});

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const wards = () => data.localities.flatMap((l) => l.wards);

describe('Locality and Borough population', () => {
  it('adds up: the localities to the borough, the wards to their locality', () => {
    const borough = data.borough.population!;
    expect(borough.total).toBeGreaterThan(200000);
    expect(sum(data.localities.map((l) => l.population!.total))).toBe(borough.total);
    expect(sum(wards().map((w) => w.profile.population!.total))).toBe(borough.total);
    for (const l of data.localities) {
      expect(sum(l.wards.map((w) => w.profile.population!.total))).toBe(l.population!.total);
      expect(l.population!.female + l.population!.male).toBe(l.population!.total);
    }
    expect(sum(data.localities.map((l) => l.population!.female))).toBe(borough.female);
    for (const band of borough.byAgeBand) {
      const inLocalities = data.localities.map((l) => l.population!.byAgeBand.find((b) => b.ageBand === band.ageBand)?.total ?? 0);
      expect(sum(inLocalities)).toBe(band.total);
    }
  });

  it('matches the residents counted from the LSOAs in SQL', async () => {
    const [row] = await hub.ownerSql<{ n: string }>(
      `select sum(p.count) as n from lsoa_population p
        where p.source_id in (select id from data_source where kind = 'population'
                                and period = (select max(period) from data_source where kind = 'population'))`,
    );
    expect(data.borough.population!.total).toBe(Number(row.n));
  });
});

describe('Locality and Borough deprivation', () => {
  it('weights the LSOAs of the area by population, as SQL over the LSOAs does', async () => {
    const rows = await hub.ownerSql<{ area: string; score: number; lsoas: number; decile1: number }>(
      `select coalesce(w.locality_id::text, 'borough') as area,
              round((sum(d.imd_score * d.population) / sum(d.population))::numeric, 3)::float8 as score,
              count(*)::int as lsoas, (count(*) filter (where d.imd_decile = 1))::int as decile1
         from lsoa_deprivation d join lsoa l on l.code = d.lsoa_code join ward w on w.code = l.ward_code
        where d.source_id in (select id from data_source where kind = 'deprivation'
                                and period = (select max(period) from data_source where kind = 'deprivation'))
        group by grouping sets ((w.locality_id), ())`,
    );
    const byArea = new Map(rows.map((r) => [r.area, r]));
    const check = (area: string, figures: NonNullable<AreaFiguresQuery['borough']['deprivation']>) => {
      const expected = byArea.get(area)!;
      expect(figures.imdScore).toBe(expected.score);
      expect(figures.lsoaCount).toBe(expected.lsoas);
      expect(figures.lsoasInMostDeprivedDecile).toBe(expected.decile1);
      expect(figures.shareInMostDeprivedDecile).toBeCloseTo(expected.decile1 / expected.lsoas, 4);
      expect(figures.source.key).toBeTruthy();
    };
    check('borough', data.borough.deprivation!);
    for (const l of data.localities) check(l.id, l.deprivation!);
    expect(sum(data.localities.map((l) => l.deprivation!.lsoaCount))).toBe(data.borough.deprivation!.lsoaCount);
    expect(sum(data.localities.map((l) => l.deprivation!.lsoasInMostDeprivedDecile))).toBe(
      data.borough.deprivation!.lsoasInMostDeprivedDecile,
    );
  });
});

describe('Locality and Borough housing', () => {
  it('sums each month over the wards: the localities add up to the borough', () => {
    const borough = data.borough.housing;
    expect(borough.byMonth.length).toBeGreaterThan(0);
    for (const key of ['tenancyAsbCases', 'homelessnessPresentations', 'latestStock'] as const) {
      expect(sum(data.localities.map((l) => l.housing[key] ?? 0))).toBe(borough[key]);
      expect(sum(wards().map((w) => w.housing[key] ?? 0))).toBe(borough[key]);
    }
    for (const month of borough.byMonth) {
      for (const key of ['stock', 'voids', 'repairsCompleted', 'repairsInTarget'] as const) {
        const inLocalities = data.localities.map((l) => l.housing.byMonth.find((m) => m.month === month.month)?.[key] ?? 0);
        expect(sum(inLocalities)).toBe(month[key]);
      }
    }
    for (const l of data.localities) {
      expect(l.housing.from).toBe(borough.from);
      expect(sum(l.wards.map((w) => w.housing.tenancyAsbCases))).toBe(l.housing.tenancyAsbCases);
    }
  });
});

describe('Locality and Borough budget', () => {
  it('sums the allocations over the wards: the localities add up to the borough total', () => {
    const borough = data.borough.budget!;
    expect(borough.total).toBeGreaterThan(0);
    expect(borough.total).toBe(borough.boroughTotal);
    expect(sum(data.localities.map((l) => l.budget!.total))).toBeCloseTo(borough.total, 2);
    expect(sum(wards().map((w) => w.budget!.total))).toBeCloseTo(borough.total, 2);
    for (const l of data.localities) {
      expect(sum(l.wards.map((w) => w.budget!.total))).toBeCloseTo(l.budget!.total, 2);
      expect(l.budget!.perResident).toBeCloseTo(l.budget!.total / l.population!.total, 2);
      expect(l.budget!.financialYear).toBe(borough.financialYear);
    }
    for (const fund of borough.byFund) {
      const inLocalities = data.localities.map((l) => l.budget!.byFund.find((f) => f.fund === fund.fund)?.allocations ?? 0);
      expect(sum(inLocalities)).toBe(fund.allocations);
    }
  });
});

it('reads each figure for all three localities in one statement, and for the borough in one', () => {
  const count = (text: string) => statements.filter((s) => s.includes(text)).length;
  // Ward, locality and borough: one each.
  expect(count('from housing_month h join ward w')).toBe(3);
  expect(count('from budget_allocation b join ward w')).toBe(3);
  // Population: wards, localities, borough; and per-resident budgets at each level.
  expect(count('ward_residents r join ward w')).toBe(6);
  // Deprivation of the localities and of the borough (the query asks no ward for it).
  expect(count('lsoa_deprivation')).toBe(2);
});
