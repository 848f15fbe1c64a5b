import type { EntityManager } from '@mikro-orm/postgresql';
import { addSyntheticWards } from '../seeds/scale';
import { DashboardDocument, type DashboardQuery } from './generated/graphql';
import { useTestApp, type GraphQLResponse } from './support/app';
import { statementsDuring } from './support/statements';

const hub = useTestApp();

it('reads localities → wards → councillors, profile, plan → priorities in the same number of statements at 25 and 250 wards', async () => {
  let small: GraphQLResponse<DashboardQuery> | undefined;
  const at25 = await statementsDuring(hub.app, async () => {
    small = await hub.gql(DashboardDocument);
  });
  expect(small!.body.errors).toBeUndefined();
  const wards25 = small!.body.data!.localities.flatMap((l) => l.wards);
  expect(wards25).toHaveLength(25);
  expect(wards25.every((w) => w.councillors.length >= 2 && w.profile.population && w.plan!.priorities.length > 0)).toBe(true);

  await addSyntheticWards(hub.app.orm.em.fork() as EntityManager, 225);

  let large: GraphQLResponse<DashboardQuery> | undefined;
  const at250 = await statementsDuring(hub.app, async () => {
    large = await hub.gql(DashboardDocument);
  });
  expect(large!.body.errors).toBeUndefined();
  const wards250 = large!.body.data!.localities.flatMap((l) => l.wards);
  expect(wards250).toHaveLength(250);
  const grown = wards250.find((w) => w.code === 'E05900001')!;
  expect(grown.councillors).toHaveLength(2);
  expect(grown.profile.population!.total).toBe(4 * 4 * 100);
  expect(grown.plan!.priorities).toHaveLength(3);

  // One statement to authenticate the caller (account, organisation and memberships together), then
  // one each: localities, wards by locality, councillors, population, deprivation, plans, priorities.
  expect(at25).toHaveLength(8);
  expect(at250).toHaveLength(at25.length);
});
