import { BadUserInputError, NotFoundError } from '../../../src/errors';
import { loadViewer } from '../../../src/modules/access/access.service';
import type { Viewer } from '../../../src/modules/access/viewer';
import { caseSummary, issueResponsePerformance, overdueActions, repeatCases } from '../../../src/modules/analytics/analytics.service';
import { CaseAgeBand } from '../../../src/modules/analytics/analytics.types';
import { CaseStatus } from '../../../src/modules/cases/cases.enums';
import { openOrm, type Orm } from '../../../src/orm';
import { useCleanup } from '../../support/cleanup';
import { createTestDatabase, type TestDatabase } from '../../support/db';

/**
 * Every figure here is worked out by hand from the fixtures below. The fixtures live in localities
 * and wards of their own and in 2031, so the seed data (2024 to 2026, the real localities) never
 * enters a figure that is checked exactly.
 */
let db: TestDatabase;
let owner: Orm;
let app: Orm;

const appEm = () => app.em.fork();
const ownerSql = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  owner.em.fork().getConnection().execute<T[]>(sql, params);

const fx = {
  summary: { locality: 0, other: 0, w1: 'E05900001', w2: 'E05900002', w3: 'E05900003' },
  repeats: { locality: 0, r1: 'E05900011', r2: 'E05900012', lsoa: 'E01900011' },
  overdue: { locality: 0, ward: 'E05900021' },
  partners: [] as number[],
  user: 0,
};
const v = {} as Record<'member' | 'outsider' | 'dashboard', Viewer>;

async function insertLocality(name: string, wards: string[]): Promise<number> {
  const [{ id }] = await ownerSql<{ id: number }>(`insert into locality (name, description) values (?, 'Test locality') returning id`, [
    name,
  ]);
  for (const code of wards) {
    await ownerSql(
      `insert into ward (code, name, locality_id, boundary_set_code, seats, source_id)
       select ?, ?, ?, code, 2, source_id from boundary_set limit 1`,
      [code, `Test ward ${code}`, id],
    );
  }
  return id;
}

async function insertGroup(code: string, localityId: number): Promise<number> {
  const [{ id }] = await ownerSql<{ id: number }>(
    `insert into tasking_group (name, kind, code, locality_id) values (?, 'JOINT_TASKING_GROUP', ?, ?) returning id`,
    [`Analytics test group ${code}`, code, localityId],
  );
  return id;
}

let caseSeq = 0;
interface CaseFixture {
  ward: string;
  category?: string;
  status?: string;
  place?: string;
  lsoa?: string | null;
  openedAt: string;
  closedAt?: string | null;
}
async function insertCase(groupId: number, c: CaseFixture): Promise<number> {
  caseSeq += 1;
  const [{ id }] = await ownerSql<{ id: number }>(
    `insert into tasking_case (reference, group_id, title, category, ward_code, lsoa_code, location, place_key, risk_level, lead_agency_id,
                               status, opened_at, updated_at, closed_at, created_by_id)
     values (?, ?, 'A title nobody outside the group may read', ?, ?, ?, ?, ?, 'LOW', ?, ?, ?, ?, ?, ?) returning id`,
    [
      `ANLT-2031-${String(caseSeq).padStart(4, '0')}`,
      groupId,
      c.category ?? 'ANTI_SOCIAL_BEHAVIOUR',
      c.ward,
      c.lsoa ?? null,
      c.place ?? `place ${caseSeq}`,
      c.place ?? `place ${caseSeq}`,
      fx.partners[0],
      c.status ?? 'OPEN',
      c.openedAt,
      c.openedAt,
      c.closedAt ?? null,
      fx.user,
    ],
  );
  return id;
}

async function insertAction(caseId: number, agencyId: number, status: string, dueOn: string): Promise<void> {
  await ownerSql(`insert into case_action (case_id, title, assigned_agency_id, due_on, status) values (?, 'Visit', ?, ?, ?)`, [
    caseId,
    agencyId,
    dueOn,
    status,
  ]);
}

async function insertIssue(groupId: number, ward: string, raisedOn: string, dueOn: string, respondedOn: string | null): Promise<void> {
  await ownerSql(
    `insert into neighbourhood_issue (group_id, ward_code, category, summary, raised_on, response_due_on, responded_on, response)
     values (?, ?, 'FLY_TIPPING', 'Rubbish in the alley', ?, ?, ?, ?)`,
    [groupId, ward, raisedOn, dueOn, respondedOn, respondedOn ? 'Cleared.' : null],
  );
}

async function insertUser(slug: string, kind: 'PERSON' | 'SERVICE', roles: string[]): Promise<number> {
  const [{ id }] = await ownerSql<{ id: number }>(
    `insert into hub_user (subject, name, kind, partner_id, roles) values (?, ?, ?, ?, ?::text[]) returning id`,
    [`test:analytics-${slug}`, slug, kind, fx.partners[0], `{${roles.join(',')}}`],
  );
  return id;
}

const cleanup = useCleanup();

beforeAll(async () => {
  db = await createTestDatabase();
  cleanup(() => db.drop());
  owner = await openOrm({ clientUrl: db.url });
  cleanup(() => owner.close());
  app = await openOrm({ clientUrl: db.url, role: 'hub_app' });
  cleanup(() => app.close());
  fx.partners = (await ownerSql<{ id: number }>(`select id from partner order by id limit 3`)).map((r) => r.id);
  fx.user = await insertUser('member', 'PERSON', []);
  const outsider = await insertUser('outsider', 'PERSON', []);
  const dashboard = await insertUser('dashboard', 'SERVICE', ['PARTNER_DASHBOARD']);

  // Case summary: six cases still being worked and one closed in Summaryshire, one elsewhere.
  fx.summary.locality = await insertLocality('Summaryshire', [fx.summary.w1, fx.summary.w2]);
  fx.summary.other = await insertLocality('Elsewhereshire', [fx.summary.w3]);
  const gs = await insertGroup('ANLS', fx.summary.locality);
  const go = await insertGroup('ANLE', fx.summary.other);
  await ownerSql(`insert into group_member (group_id, user_id, role) values (?, ?, 'MEMBER')`, [gs, fx.user]);
  for (const c of [
    { ward: fx.summary.w1, status: 'OPEN', openedAt: '2031-06-20T10:00:00Z' }, // 10 days
    { ward: fx.summary.w1, status: 'REFERRED', openedAt: '2031-05-31T23:30:00Z' }, // 30 days
    { ward: fx.summary.w1, status: 'ESCALATED', category: 'FLY_TIPPING', openedAt: '2031-05-30T08:00:00Z' }, // 31 days
    { ward: fx.summary.w2, status: 'UNDER_REVIEW', category: 'DRUG_DEALING', openedAt: '2031-04-01T12:00:00Z' }, // 90 days
    { ward: fx.summary.w2, status: 'OPEN', openedAt: '2031-03-01T12:00:00Z' }, // 121 days
    { ward: fx.summary.w2, status: 'OPEN', openedAt: '2030-12-01T12:00:00Z' }, // 211 days
    { ward: fx.summary.w1, status: 'CLOSED', openedAt: '2031-01-01T12:00:00Z', closedAt: '2031-01-11T09:00:00Z' }, // closed after 10 days
  ]) {
    await insertCase(gs, c);
  }
  await insertCase(go, { ward: fx.summary.w3, openedAt: '2031-06-01T12:00:00Z' });

  // Repeats: a window of 90 days unless said otherwise.
  fx.repeats.locality = await insertLocality('Repeatshire', [fx.repeats.r1, fx.repeats.r2]);
  await ownerSql(`insert into lsoa (code, name, ward_code, source_id) select ?, 'Test LSOA', ?, source_id from boundary_set limit 1`, [
    fx.repeats.lsoa,
    fx.repeats.r1,
  ]);
  const gr = await insertGroup('ANLR', fx.repeats.locality);
  const { r1, r2, lsoa } = fx.repeats;
  await insertCase(gr, { ward: r1, place: 'park lane', openedAt: '2031-01-10T10:00:00Z' }); // before the period
  await insertCase(gr, { ward: r1, place: 'park lane', openedAt: '2031-03-01T10:00:00Z' }); // repeat: same place, 50 days
  await insertCase(gr, { ward: r1, place: 'other street', lsoa, category: 'FLY_TIPPING', openedAt: '2031-03-05T10:00:00Z' });
  await insertCase(gr, { ward: r1, place: 'another street', lsoa, category: 'FLY_TIPPING', openedAt: '2031-04-01T10:00:00Z' }); // repeat: LSOA and category
  await insertCase(gr, { ward: r1, place: 'x road', lsoa, category: 'ANTI_SOCIAL_BEHAVIOUR', openedAt: '2031-04-02T10:00:00Z' }); // same LSOA, other category
  await insertCase(gr, { ward: r2, place: 'park lane', openedAt: '2031-09-01T10:00:00Z' }); // 184 days after the last park lane case
  await insertCase(gr, { ward: r2, place: 'mill', openedAt: '2031-09-02T10:00:00Z' });
  await insertCase(gr, { ward: r2, place: 'mill', openedAt: '2031-09-20T10:00:00Z' }); // repeat: 18 days

  // Actions, judged on 2031-06-30.
  fx.overdue.locality = await insertLocality('Overdueshire', [fx.overdue.ward]);
  const gd = await insertGroup('ANLO', fx.overdue.locality);
  const od = await insertCase(gd, { ward: fx.overdue.ward, openedAt: '2031-05-01T10:00:00Z' });
  const [pa, pb, pc] = fx.partners;
  await insertAction(od, pa, 'OPEN', '2031-07-10'); // open
  await insertAction(od, pa, 'OPEN', '2031-06-01'); // open, overdue by date
  await insertAction(od, pa, 'OVERDUE', '2031-05-01'); // open, overdue
  await insertAction(od, pa, 'DONE', '2031-05-01'); // done
  await insertAction(od, pb, 'IN_PROGRESS', '2031-08-01'); // open
  await insertAction(od, pb, 'OVERDUE', '2031-06-29'); // open, overdue
  await insertAction(od, pc, 'DONE', '2031-06-01'); // done: the agency has nothing open

  // Issues raised in 2031, judged on 2031-07-15.
  await insertIssue(gs, fx.summary.w1, '2031-03-01', '2031-03-15', '2031-03-10'); // on time
  await insertIssue(gs, fx.summary.w1, '2031-03-01', '2031-03-15', '2031-03-20'); // late
  await insertIssue(gs, fx.summary.w2, '2031-06-01', '2031-06-15', null); // open, past due
  await insertIssue(gs, fx.summary.w2, '2031-07-10', '2031-07-24', null); // open, not yet due
  await insertIssue(gs, fx.summary.w2, '2030-12-31', '2031-01-14', '2031-01-02'); // before the period
  await insertIssue(gr, r1, '2031-02-01', '2031-02-10', '2031-02-10'); // on time, on the day
  await insertIssue(gr, r2, '2031-07-01', '2031-07-20', '2031-07-05'); // on time

  const load = async (id: number) => (await loadViewer(owner.em.fork(), id, 'jwt', null))!;
  v.member = await load(fx.user);
  v.outsider = await load(outsider);
  v.dashboard = { ...(await load(dashboard)), credential: 'api-key' };
});

async function refusedWith<E extends Error>(type: new (...args: never[]) => E, p: Promise<unknown>): Promise<E> {
  const err = await p.then(
    () => {
      throw new Error(`expected ${type.name}`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  return err as E;
}

const badInput = async (field: string, p: Promise<unknown>) => {
  expect((await refusedWith(BadUserInputError, p)).extensions.field).toBe(field);
};

/** The same figures for a member of the group, an account in no group and a partner dashboard. */
async function sameForEveryone<T>(fn: (viewer: Viewer) => Promise<T>): Promise<T> {
  const [member, outsider, dashboard] = [await fn(v.member), await fn(v.outsider), await fn(v.dashboard)];
  expect(outsider).toEqual(member);
  expect(dashboard).toEqual(member);
  return member;
}

describe('caseSummary', () => {
  const on = '2031-06-30';

  it('counts the cases still being worked by category, status, ward and age', async () => {
    const summary = await sameForEveryone((viewer) => caseSummary(appEm(), viewer, { localityId: String(fx.summary.locality) }, on));
    expect(summary).toEqual({
      total: 6,
      byCategory: [
        { category: 'ANTI_SOCIAL_BEHAVIOUR', count: 4 },
        { category: 'DRUG_DEALING', count: 1 },
        { category: 'FLY_TIPPING', count: 1 },
      ],
      byStatus: [
        { status: 'OPEN', count: 3 },
        { status: 'ESCALATED', count: 1 },
        { status: 'REFERRED', count: 1 },
        { status: 'UNDER_REVIEW', count: 1 },
      ],
      byWard: [
        { wardCode: fx.summary.w1, count: 3 },
        { wardCode: fx.summary.w2, count: 3 },
      ],
      byAge: [
        { band: 'AGE_0_30_DAYS', count: 2 },
        { band: 'AGE_31_90_DAYS', count: 2 },
        { band: 'AGE_91_180_DAYS', count: 1 },
        { band: 'AGE_OVER_180_DAYS', count: 1 },
      ],
    });
  });

  it('filters by ward and by status; a closed case is as old as it was when it closed', async () => {
    const ward = await caseSummary(appEm(), v.outsider, { wardCode: fx.summary.w2 }, on);
    expect(ward.total).toBe(3);
    expect(ward.byWard).toEqual([{ wardCode: fx.summary.w2, count: 3 }]);
    const closed = await caseSummary(appEm(), v.outsider, { localityId: String(fx.summary.locality), status: [CaseStatus.CLOSED] }, on);
    expect(closed.total).toBe(1);
    expect(closed.byStatus).toEqual([{ status: 'CLOSED', count: 1 }]);
    expect(closed.byAge.find((a) => a.band === CaseAgeBand.AGE_0_30_DAYS)!.count).toBe(1);
    const all = await caseSummary(appEm(), v.outsider, { localityId: String(fx.summary.locality), status: Object.values(CaseStatus) }, on);
    expect(all.total).toBe(7);
  });

  it('covers the whole borough by default', async () => {
    const borough = await caseSummary(appEm(), v.outsider, {}, on);
    const [{ n }] = await ownerSql<{ n: number }>(`select count(*)::int as n from tasking_case where status <> 'CLOSED'`);
    expect(borough.total).toBe(n);
    for (const part of [borough.byAge, borough.byCategory, borough.byStatus, borough.byWard]) {
      expect(part.reduce((sum: number, r: { count: number }) => sum + r.count, 0)).toBe(n);
    }
  });

  it('refuses unknown places and a ward outside the locality', async () => {
    await refusedWith(NotFoundError, caseSummary(appEm(), v.member, { localityId: '999999' }, on));
    await refusedWith(NotFoundError, caseSummary(appEm(), v.member, { wardCode: 'E05999999' }, on));
    await badInput('localityId', caseSummary(appEm(), v.member, { localityId: 'north' }, on));
    await badInput('wardCode', caseSummary(appEm(), v.member, { localityId: String(fx.summary.locality), wardCode: fx.summary.w3 }, on));
  });
});

describe('repeatCases', () => {
  const period = () => ({ localityId: String(fx.repeats.locality), from: '2031-02-01', to: '2031-12-31' });

  it('counts repeats by ward within the window, most repeats first', async () => {
    const rows = await sameForEveryone((viewer) => repeatCases(appEm(), viewer, { ...period(), windowDays: 90 }));
    expect(rows).toEqual([
      { wardCode: fx.repeats.r1, cases: 4, repeats: 2, repeatShare: 0.5 },
      { wardCode: fx.repeats.r2, cases: 3, repeats: 1, repeatShare: 1 / 3 },
    ]);
  });

  it('widens with the window and the period', async () => {
    expect(await repeatCases(appEm(), v.outsider, { ...period(), windowDays: 200 })).toEqual([
      { wardCode: fx.repeats.r1, cases: 4, repeats: 2, repeatShare: 0.5 },
      { wardCode: fx.repeats.r2, cases: 3, repeats: 2, repeatShare: 2 / 3 },
    ]);
    // The first park lane case counts once the period includes it; it has no earlier case itself.
    const all = await repeatCases(appEm(), v.outsider, { localityId: String(fx.repeats.locality), windowDays: 90 });
    expect(all.find((r) => r.wardCode === fx.repeats.r1)).toEqual({ wardCode: fx.repeats.r1, cases: 5, repeats: 2, repeatShare: 0.4 });
    // Ten days: every earlier case is further back (mill 18 days, the LSOA repeat 27, park lane 50).
    expect(await repeatCases(appEm(), v.outsider, { ...period(), windowDays: 10 })).toEqual([
      { wardCode: fx.repeats.r1, cases: 4, repeats: 0, repeatShare: 0 },
      { wardCode: fx.repeats.r2, cases: 3, repeats: 0, repeatShare: 0 },
    ]);
  });

  it('refuses a bad window, a period that ends before it starts, and an unknown locality', async () => {
    await badInput('windowDays', repeatCases(appEm(), v.member, { ...period(), windowDays: 0 }));
    await badInput('windowDays', repeatCases(appEm(), v.member, { ...period(), windowDays: 731 }));
    await badInput('from', repeatCases(appEm(), v.member, { windowDays: 90, from: '2031-05-01', to: '2031-04-30' }));
    await refusedWith(NotFoundError, repeatCases(appEm(), v.member, { windowDays: 90, localityId: '999999' }));
  });
});

describe('overdueActions', () => {
  it('counts open and overdue actions by agency, most overdue first', async () => {
    const rows = await sameForEveryone((viewer) =>
      overdueActions(appEm(), viewer, { localityId: String(fx.overdue.locality) }, '2031-06-30'),
    );
    expect(rows).toEqual([
      { agencyId: fx.partners[0], open: 3, overdue: 2, overdueShare: 2 / 3 },
      { agencyId: fx.partners[1], open: 2, overdue: 1, overdueShare: 0.5 },
    ]);
  });

  it('judges due dates against the day asked about', async () => {
    const later = await overdueActions(appEm(), v.outsider, { localityId: String(fx.overdue.locality) }, '2031-08-02');
    expect(later).toEqual([
      { agencyId: fx.partners[0], open: 3, overdue: 3, overdueShare: 1 },
      { agencyId: fx.partners[1], open: 2, overdue: 2, overdueShare: 1 },
    ]);
  });

  it('refuses an unknown locality', async () => {
    await refusedWith(NotFoundError, overdueActions(appEm(), v.member, { localityId: '999999' }));
  });
});

describe('issueResponsePerformance', () => {
  const period = { from: '2031-01-01', to: '2031-12-31' };

  it('gives each locality and the borough the share answered on time among those answered or past due', async () => {
    const result = await sameForEveryone((viewer) => issueResponsePerformance(appEm(), viewer, period, '2031-07-15'));
    const of = (id: number) => result.byLocality.find((r) => r.localityId === id);
    expect(of(fx.summary.locality)).toEqual({
      localityId: fx.summary.locality,
      raised: 4,
      responded: 2,
      respondedWithinTarget: 1,
      shareWithinTarget: 1 / 3,
      stillOpenPastDue: 1,
    });
    expect(of(fx.repeats.locality)).toEqual({
      localityId: fx.repeats.locality,
      raised: 2,
      responded: 2,
      respondedWithinTarget: 2,
      shareWithinTarget: 1,
      stillOpenPastDue: 0,
    });
    expect(of(fx.overdue.locality)).toEqual({
      localityId: fx.overdue.locality,
      raised: 0,
      responded: 0,
      respondedWithinTarget: 0,
      shareWithinTarget: null,
      stillOpenPastDue: 0,
    });
    const [{ n }] = await ownerSql<{ n: number }>(`select count(*)::int as n from locality`);
    expect(result.byLocality).toHaveLength(n);
    expect(result.borough).toEqual({ raised: 6, responded: 4, respondedWithinTarget: 3, shareWithinTarget: 3 / 5, stillOpenPastDue: 1 });
  });

  it('counts an issue past due only once its due date has gone by', async () => {
    const early = await issueResponsePerformance(appEm(), v.outsider, period, '2031-06-15');
    expect(early.borough).toEqual({ raised: 6, responded: 4, respondedWithinTarget: 3, shareWithinTarget: 3 / 4, stillOpenPastDue: 0 });
  });

  it('refuses a period that ends before it starts', async () => {
    await badInput('from', issueResponsePerformance(appEm(), v.member, { from: '2031-02-01', to: '2031-01-31' }));
  });
});
