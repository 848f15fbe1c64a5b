import {
  WardPlansDocument,
  WardPrioritiesDocument,
  type HealthAndWellbeingAim,
  type WardPrioritiesQuery,
  type WardPrioritiesQueryVariables,
} from '../../generated/graphql';
import { PriorityTheme } from '../../../src/modules/plans/plan.enums';
import { useTestApp, type GraphQLResponse } from '../../support/app';
import { seedFiles } from '../../support/seed-files';

const hub = useTestApp();

describe('ward plans', () => {
  it('gives the newest plan by default and a named year on request, with priorities in order', async () => {
    const latest = (await hub.gql(WardPlansDocument, { code: 'E05013003' })).body.data!.ward;
    expect(latest.plans.map((p) => p.year)).toEqual([2024, 2023]);
    expect(latest.plan!.year).toBe(2024);

    const { body } = await hub.gql(WardPlansDocument, { code: 'E05013003', year: 2023 });
    const plan = body.data!.ward.plan!;
    const seeded = seedFiles().plans.find((p) => p.ward_code === 'E05013003' && p.year === 2023)!;
    expect(plan).toMatchObject({ year: 2023, title: seeded.title, publishedOn: seeded.published_on, summary: seeded.summary });
    expect(plan.source).toEqual({ key: 'seed-ward-plans-2023', illustrative: true });
    expect(plan.priorities.map((p) => p.position)).toEqual(seeded.priorities.map((_, i) => i + 1));
    expect(plan.priorities.map((p) => [p.theme, p.title, p.healthAndWellbeingAims, p.plannedActions])).toEqual(
      seeded.priorities.map((p) => [p.theme, p.title, p.hwb_aims, p.planned_actions]),
    );
  });

  it('answers null for a year with no plan', async () => {
    const { body } = await hub.gql(WardPlansDocument, { code: 'E05013003', year: 2019 });
    expect(body.errors).toBeUndefined();
    expect(body.data!.ward.plan).toBeNull();
  });
});

describe('wardPriorities(theme, year)', () => {
  async function all(variables: WardPrioritiesQueryVariables) {
    const nodes: WardPrioritiesQuery['wardPriorities']['nodes'] = [];
    let after: string | null | undefined = null;
    let total: number;
    do {
      const response: GraphQLResponse<WardPrioritiesQuery> = await hub.gql(WardPrioritiesDocument, {
        ...variables,
        first: 50,
        after,
      });
      const page: WardPrioritiesQuery['wardPriorities'] = response.body.data!.wardPriorities;
      total = page.totalCount;
      nodes.push(...page.nodes);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
    } while (after);
    expect(nodes).toHaveLength(total);
    return nodes;
  }

  it('finds every community safety priority in the 2024 plans, across pages', async () => {
    const nodes = await all({ theme: 'COMMUNITY_SAFETY', year: 2024 });
    const expected = seedFiles()
      .plans.filter((p) => p.year === 2024)
      .flatMap((p) => p.priorities.filter((q) => q.theme === PriorityTheme.COMMUNITY_SAFETY).map((q) => `${p.ward_code}|${q.title}`));
    expect(expected.length).toBeGreaterThan(0);
    expect(nodes.map((n) => `${n.ward.code}|${n.title}`).sort()).toEqual(expected.sort());
    expect(nodes.every((n) => n.plan.year === 2024 && n.theme === 'COMMUNITY_SAFETY')).toBe(true);
  });

  it('matches the 2023 paper: 13 wards link a priority to the best start in life, 9 to mental health, 3 to living well for longer, 25 to the wider determinants', async () => {
    const wardsFor = async (aim: HealthAndWellbeingAim) => new Set((await all({ year: 2023, aim })).map((n) => n.ward.code)).size;
    expect(await wardsFor('BEST_START_IN_LIFE')).toBe(13);
    expect(await wardsFor('MENTAL_HEALTH_AND_WELLBEING')).toBe(9);
    expect(await wardsFor('LIVE_WELL_FOR_LONGER')).toBe(3);
    expect(await wardsFor('HEALTHY_SAFE_RESILIENT_COMMUNITIES')).toBe(25);
  });

  it('filters by locality', async () => {
    const nodes = await all({ year: 2024, locality: 'North' });
    const north = new Set(
      seedFiles()
        .wards.filter((w) => w.locality === 'North')
        .map((w) => w.code),
    );
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => north.has(n.ward.code))).toBe(true);
  });

  it('rejects an impossible year, naming the argument', async () => {
    const { body } = await hub.gql(WardPrioritiesDocument, { year: 24 });
    expect(body.errors![0]).toMatchObject({
      message: "'year' must be a four-digit year such as 2024; it was 24.",
      extensions: { code: 'BAD_USER_INPUT', field: 'year' },
    });
  });

  it('rejects a theme that is not one of the seven, before running anything', async () => {
    const { status, body } = await hub.post({ query: '{ wardPriorities(theme: PARKING) { totalCount } }' });
    expect(status).toBe(400);
    expect(body.errors![0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors![0].message).toMatch(/PARKING/);
  });
});
