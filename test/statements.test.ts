import { addSyntheticWards } from '../seeds/scale';
import { REQUEST_ID_HEADER } from '../src/request-context';
import { print } from 'graphql';
import { DashboardDocument, LocalityNamesDocument, WardsByFigureDocument } from './generated/graphql';
import { authHeader } from './support/auth';
import { useTestApp } from './support/app';
import { statementsOf } from './support/statements';

const hub = useTestApp();

it('reads localities → wards → councillors, profile, plan → priorities in the same number of statements at 25 and 250 wards', async () => {
  const auth = await authHeader();
  // A credential the hub has not seen costs one statement to authenticate the caller (account,
  // organisation and memberships together); the same credential moments later costs none.
  const { statements: first } = await statementsOf(hub.app, (headers) => hub.gql(DashboardDocument, {}, { ...auth, ...headers }));
  const { result: small, statements: at25 } = await statementsOf(hub.app, (headers) =>
    hub.gql(DashboardDocument, {}, { ...auth, ...headers }),
  );
  expect(small.body.errors).toBeUndefined();
  const wards25 = small.body.data!.localities.flatMap((l) => l.wards);
  expect(wards25).toHaveLength(25);
  expect(wards25.every((w) => w.councillors.length >= 2 && w.profile.population && w.plan!.priorities.length > 0)).toBe(true);

  await addSyntheticWards(hub.app.orm.em.fork(), 225);

  const { result: large, statements: at250 } = await statementsOf(hub.app, (headers) =>
    hub.gql(DashboardDocument, {}, { ...auth, ...headers }),
  );
  expect(large.body.errors).toBeUndefined();
  const wards250 = large.body.data!.localities.flatMap((l) => l.wards);
  expect(wards250).toHaveLength(250);
  const grown = wards250.find((w) => w.code === 'E05900001')!;
  expect(grown.councillors).toHaveLength(2);
  expect(grown.profile.population!.total).toBe(4 * 4 * 100);
  expect(grown.plan!.priorities).toHaveLength(3);

  // One each: localities, wards by locality, councillors, population, deprivation, plans, priorities.
  expect(first).toHaveLength(8);
  expect(at25).toHaveLength(7);
  expect(at250).toHaveLength(at25.length);
});

it('reads a page of wards ranked by a figure, with the figures and case counts, in the same number of statements for 5 wards as for 25', async () => {
  const auth = await authHeader();
  await hub.gql(WardsByFigureDocument, { first: 1 }, auth);
  const [indicator] = await hub.app.orm.em.getConnection().execute<{ id: number }[]>('select id from indicator order by id limit 1');
  const measure = async (first: number, field: 'POPULATION' | 'IMD_SCORE' | 'CRIME_RATE' | 'INDICATOR_VALUE') => {
    const indicatorId = field === 'INDICATOR_VALUE' ? indicator.id : null;
    const { result, statements } = await statementsOf(hub.app, (headers) =>
      hub.gql(
        WardsByFigureDocument,
        { first, orderBy: { field, direction: 'DESC', indicatorId }, indicatorIds: [indicator.id] },
        { ...auth, ...headers },
      ),
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!.wards.edges).toHaveLength(first);
    return statements;
  };
  for (const field of ['POPULATION', 'IMD_SCORE', 'CRIME_RATE', 'INDICATOR_VALUE'] as const) {
    const few = await measure(5, field);
    const many = await measure(25, field);
    expect(many).toHaveLength(few.length);
    // The page is one statement: nothing is read per ward.
    expect(many.filter((s) => s.includes('with figure as'))).toHaveLength(1);
  }
});

it("counts only the measured request's statements while the hub's own jobs and other requests run", async () => {
  // The same credential for both, so both find the caller in the hub's cache.
  const auth = await authHeader();
  await hub.gql(DashboardDocument, {}, auth);
  const quiet = await statementsOf(hub.app, (headers) => hub.gql(DashboardDocument, {}, { ...auth, ...headers }));
  expect(quiet.statements.length).toBeGreaterThan(0);
  const busy = await statementsOf(hub.app, (headers) =>
    Promise.all([
      hub.gql(DashboardDocument, {}, { ...auth, ...headers }),
      hub.gql(DashboardDocument),
      hub.app.scheduler.runNow('overdue-actions'),
      hub.app.scheduler.runNow('case-retention'),
    ]),
  );
  expect(busy.result[0].body.errors).toBeUndefined();
  expect(busy.statements).toEqual(quiet.statements);
});

it('echoes the X-Request-Id a caller sends, and gives one to a request that sent none', async () => {
  const post = (headers: Record<string, string>) =>
    fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: print(LocalityNamesDocument) }),
    });
  const auth = await authHeader();
  expect((await post({ ...auth, [REQUEST_ID_HEADER]: 'dashboard-42.a' })).headers.get(REQUEST_ID_HEADER)).toBe('dashboard-42.a');
  const made = (await post(auth)).headers.get(REQUEST_ID_HEADER);
  expect(made).toMatch(/^[0-9a-f-]{36}$/);
  // An id that would make a mess of the logs is replaced, not echoed.
  const replaced = (await post({ ...auth, [REQUEST_ID_HEADER]: 'x'.repeat(101) })).headers.get(REQUEST_ID_HEADER);
  expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
});
