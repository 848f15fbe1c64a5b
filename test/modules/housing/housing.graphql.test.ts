import { WardHousingDocument } from '../../generated/graphql';
import { useTestApp } from '../../support/app';

const hub = useTestApp();
// Months after the seed's housing figures (2022-11 to 2024-10), so these are only this test's.

beforeAll(async () => {
  const conn = hub.app.orm.em.getConnection();
  const [source] = await conn.execute<{ id: number }[]>(
    `insert into data_source (key, kind, title, publisher, licence, period, illustrative, file_name)
     values ('housing:test', 'housing', 'Test housing', 'RMBC', 'OGL', 'test', true, 'h.csv') returning id`,
  );
  await conn.execute(
    `insert into housing_month (source_id, ward_code, month, stock, voids, repairs_completed, repairs_in_target, tenancy_asb_cases, homelessness_presentations)
     values (?, 'E05013010', '2030-01-01', 1000, 20, 100, 90, 3, 5),
            (?, 'E05013010', '2030-02-01', 1002, 30, 50, 40, 2, 4),
            (?, 'E05013017', '2030-02-01', 500, 5, 10, 10, 0, 1)`,
    [source.id, source.id, source.id],
  );
});

it('gives council housing by month and the period totals', async () => {
  const { body } = await hub.gql(WardHousingDocument, { code: 'E05013010', from: '2030-01', to: '2030-02' });
  expect(body.errors).toBeUndefined();
  expect(body.data!.ward.housing).toEqual({
    from: '2030-01',
    to: '2030-02',
    latestStock: 1002,
    averageVoidRate: Math.round(((20 / 1000 + 30 / 1002) / 2) * 10000) / 10000,
    repairsInTargetShare: Math.round((130 / 150) * 10000) / 10000,
    tenancyAsbCases: 5,
    homelessnessPresentations: 9,
    byMonth: [
      { month: '2030-01', stock: 1000, voids: 20, voidRate: 0.02, repairsCompleted: 100, repairsInTarget: 90, repairsInTargetShare: 0.9 },
      { month: '2030-02', stock: 1002, voids: 30, voidRate: 0.0299, repairsCompleted: 50, repairsInTarget: 40, repairsInTargetShare: 0.8 },
    ],
    sources: [{ key: 'housing:test' }],
  });
});

it('defaults to the twelve months up to the latest loaded', async () => {
  const { body } = await hub.gql(WardHousingDocument, { code: 'E05013017' });
  expect(body.data!.ward.housing).toMatchObject({ from: '2029-03', to: '2030-02', latestStock: 500 });
});
