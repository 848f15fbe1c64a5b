import { TargetingDocument, WardBudgetDocument } from '../../generated/graphql';
import { useTestApp } from '../../support/app';
import { seedFiles } from '../../support/seed-files';

const hub = useTestApp();
// A year the seed has no allocations for (it has 2020/21), so these totals are only this test's.

beforeAll(async () => {
  const conn = hub.app.orm.em.getConnection();
  const [source] = await conn.execute<{ id: number }[]>(
    `insert into data_source (key, kind, title, publisher, licence, period, illustrative, file_name)
     values ('ward-budgets:2031/32', 'ward-budgets', 'Test budgets', 'RMBC', 'OGL', '2031/32', true, 'b.csv') returning id`,
  );
  const add = (ward: string, fund: string, org: string, priority: string | null, amount: number) =>
    conn.execute(
      `insert into budget_allocation (source_id, financial_year, ward_code, fund, organisation, priority, allocated_on, amount)
       values (?, '2031/32', ?, ?, ?, ?, '2031-10-01', ?)`,
      [source.id, ward, fund, org, priority, amount],
    );
  await add('E05013010', 'WARD_BUDGET', 'Eastwood Youth Club', 'COMMUNITY_SAFETY', 1500);
  await add('E05013010', 'WARD_BUDGET', 'Eastwood Youth Club', 'HEALTH_AND_WELLBEING', 500.5);
  await add('E05013010', 'WARD_HOUSING_HUB', 'Tenants Garden Group', 'ENVIRONMENT_AND_GREEN_SPACES', 2000);
  await add('E05013010', 'PARTNER_CONTRIBUTION', 'South Yorkshire Police', null, 1000);
  await add('E05013017', 'WARD_BUDGET', 'Wickersley Lunch Club', 'HEALTH_AND_WELLBEING', 700);
});

function residentsOf(ward: string): number {
  const lsoas = new Set(
    seedFiles()
      .lsoas.filter((l) => l.ward_code === ward)
      .map((l) => l.code),
  );
  return seedFiles()
    .population.filter((p) => lsoas.has(p.lsoa_code))
    .reduce((n, p) => n + p.count, 0);
}

describe('Ward.budget', () => {
  it('sums allocations by fund, priority and organisation, per resident, beside the borough totals', async () => {
    const { body } = await hub.gql(WardBudgetDocument, { code: 'E05013010', financialYear: '2031/32' });
    expect(body.errors).toBeUndefined();
    expect(body.data!.ward.budget).toEqual({
      financialYear: '2031/32',
      total: 5000.5,
      byFund: [
        { fund: 'WARD_BUDGET', amount: 2000.5, allocations: 2, organisationsSupported: 1, contributors: null },
        { fund: 'WARD_HOUSING_HUB', amount: 2000, allocations: 1, organisationsSupported: 1, contributors: null },
        { fund: 'PARTNER_CONTRIBUTION', amount: 1000, allocations: 1, organisationsSupported: null, contributors: 1 },
      ],
      byPriority: [
        { priority: 'ENVIRONMENT_AND_GREEN_SPACES', amount: 2000 },
        { priority: 'COMMUNITY_SAFETY', amount: 1500 },
        { priority: null, amount: 1000 },
        { priority: 'HEALTH_AND_WELLBEING', amount: 500.5 },
      ],
      // The police gave money: a contributing partner, not an organisation the ward supported.
      organisations: [
        { name: 'Eastwood Youth Club', amount: 2000.5, allocations: 2 },
        { name: 'Tenants Garden Group', amount: 2000, allocations: 1 },
      ],
      contributingPartners: [{ name: 'South Yorkshire Police', amount: 1000, allocations: 1 }],
      organisationsSupported: 2,
      perResident: Math.round((5000.5 / residentsOf('E05013010')) * 100) / 100,
      boroughTotal: 5700.5,
      boroughByFund: [
        { fund: 'WARD_BUDGET', amount: 2700.5, allocations: 3, organisationsSupported: 2, contributors: null },
        { fund: 'WARD_HOUSING_HUB', amount: 2000, allocations: 1, organisationsSupported: 1, contributors: null },
        { fund: 'PARTNER_CONTRIBUTION', amount: 1000, allocations: 1, organisationsSupported: null, contributors: 1 },
      ],
      boroughOrganisationsSupported: 3,
      sources: [{ key: 'ward-budgets:2031/32' }],
    });
  });

  it('rejects a badly written financial year', async () => {
    const { body } = await hub.gql(WardBudgetDocument, { code: 'E05013010', financialYear: '2031-32' });
    expect(body.errors![0]).toMatchObject({
      message: "'financialYear' must be written like 2020/21; it was '2031-32'.",
      extensions: { code: 'BAD_USER_INPUT', field: 'financialYear' },
    });
  });
});

describe('targeting', () => {
  it('ranks every ward by deprivation beside its spend per resident', async () => {
    const { body } = await hub.gql(TargetingDocument, { financialYear: '2031/32' });
    expect(body.errors).toBeUndefined();
    const rows = body.data!.targeting;
    expect(rows).toHaveLength(25);
    expect(rows.map((r) => r.deprivationRank)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const east = rows.find((r) => r.ward.code === 'E05013010')!;
    expect(east).toMatchObject({ wardSpend: 4000.5, partnerContributions: 1000, population: residentsOf('E05013010') });
    expect(east.spendPerResident).toBeCloseTo(5000.5 / residentsOf('E05013010'), 2);
    // The year is loaded and the ward got nothing in it: £0 is then the answer, not unknown.
    expect(rows.find((r) => r.ward.code === 'E05013002')).toMatchObject({
      wardSpend: 0,
      partnerContributions: 0,
      spendPerResident: 0,
      spendNote: null,
    });
    expect(east.sources.map((s) => s.key)).toContain('ward-budgets:2031/32');
    expect(rows.every((r) => r.indicators.length === 0)).toBe(true);
  });
});
