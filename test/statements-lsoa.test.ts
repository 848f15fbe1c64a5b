import { addSyntheticWards } from '../seeds/scale';
import { LsoaDashboardDocument } from './generated/graphql';
import { useTestApp } from './support/app';
import { authHeader } from './support/auth';
import { statementsOf } from './support/statements';

// Every LSOA's crime in one request is priced far beyond a dashboard's budget; this test measures statements, not cost.
const hub = useTestApp({ MAX_QUERY_COST: '1000000' });

it("reads every ward's LSOAs, sorted, with population, deprivation and its domains, and crime, in the same number of statements at 25 and 250 wards", async () => {
  const auth = await authHeader();
  // The caller's account is cached for only a few seconds, which a large request on a busy machine can outlast:
  // its one statement is left out of both counts, which are of the figures.
  const read = async () => {
    const { result, statements } = await statementsOf(hub.app, (headers) =>
      hub.gql(LsoaDashboardDocument, { orderBy: { field: 'CRIME_COUNT', direction: 'DESC' } }, { ...auth, ...headers }),
    );
    return { result, statements: statements.filter((s) => !/\bfrom hub_user\b/.test(s)) };
  };
  const { result: small, statements: at25 } = await read();
  expect(small.body.errors).toBeUndefined();
  const smallLsoas = small.body.data!.localities.flatMap((l) => l.wards.flatMap((w) => w.lsoas));
  expect(smallLsoas.length).toBeGreaterThan(100);
  expect(smallLsoas.every((l) => l.population && l.deprivation?.domains.length === 9 && l.crime.byMonth.length === 12)).toBe(true);

  await addSyntheticWards(hub.app.orm.em.fork(), 225);
  const { result: large, statements: at250 } = await read();
  expect(large.body.errors).toBeUndefined();
  const wards = large.body.data!.localities.flatMap((l) => l.wards);
  expect(wards).toHaveLength(250);
  const grown = wards.find((w) => w.code === 'E05900001')!;
  expect(grown.lsoas).toHaveLength(4);
  expect(grown.lsoas.every((l) => l.deprivation?.imdScore === 20 && l.crime.total === 0)).toBe(true);

  // One each, whatever the number of wards and LSOAs: localities, wards, LSOAs; population; deprivation, its
  // domains and its source; the latest crime month, crime counts and residents. (Only one kind of figure asks for
  // its source: two would each load theirs when their own statement returns, one or two statements by timing.)
  expect(at250).toHaveLength(at25.length);
  expect(at25).toHaveLength(10);
});
