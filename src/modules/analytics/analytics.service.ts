/**
 * Aggregates of case data for every signed-in account, members of the groups or not (partner
 * dashboards, analysts). Every figure is computed in SQL from the `*_fact` views, which expose the
 * non-personal columns of every group's rows (no titles, locations, notes or people), so these
 * functions need no group scope: row-level security does not restrict the views, and nothing but
 * counts ever leaves them.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { isIsoDate } from '../../periods';
import { col, selectRows } from '../../rows';
import { idOf, InputCheck, today } from '../../validation';
import { signedIn } from '../access/access.rules';
import type { Viewer } from '../access/viewer';
import { CaseCategory, CaseStatus } from '../cases/cases.enums';
import { Locality } from '../places/locality.entity';
import { Ward } from '../places/ward.entity';
import {
  REPEAT_WINDOW,
  type CaseSummaryArgs,
  type IssueResponseArgs,
  type OverdueActionsArgs,
  type RepeatCasesArgs,
} from './analytics.inputs';
import {
  AGE_BANDS,
  CaseAgeBand,
  type AgencyOverdueActions,
  type CaseSummary,
  type IssueResponseFigures,
  type IssueResponsePerformance,
  type LocalityIssueResponse,
  type WardRepeatCases,
} from './analytics.types';

/** Every status but CLOSED: the cases still being worked. */
const OPEN_STATUSES = Object.values(CaseStatus).filter((s) => s !== CaseStatus.CLOSED);

/** Checks a period given as two optional dates; adds problems to `check`. */
function checkPeriod(check: InputCheck, from: string | null | undefined, to: string | null | undefined): void {
  if (from != null && !isIsoDate(from)) check.add('from', `'from' is not a date (YYYY-MM-DD): ${JSON.stringify(from)}.`);
  if (to != null && !isIsoDate(to)) check.add('to', `'to' is not a date (YYYY-MM-DD): ${JSON.stringify(to)}.`);
  if (from && to && isIsoDate(from) && isIsoDate(to) && from > to) {
    check.add('from', `'from' (${from}) is after 'to' (${to}); the period would be empty.`);
  }
}

/** The locality id an argument names; BAD_USER_INPUT when it is not an id, NOT_FOUND when there is no such locality. */
async function localityOf(em: EntityManager, value: string | null | undefined): Promise<number | undefined> {
  if (value == null) return undefined;
  const id = idOf(value, 'localityId');
  await em.findOneOrFail(Locality, id, { fields: ['id'] });
  return id;
}

/** Adds `column = ?` conditions for the filters that are set. */
class Where {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];

  add(sql: string, ...params: unknown[]): this {
    this.parts.push(sql);
    this.params.push(...params);
    return this;
  }

  get sql(): string {
    return this.parts.length ? `where ${this.parts.join(' and ')}` : '';
  }
}

const share = (part: number, whole: number): number => (whole ? part / whole : 0);
const byCountThenName =
  <T extends { count: number }>(key: (row: T) => string) =>
  (a: T, b: T) =>
    b.count - a.count || key(a).localeCompare(key(b));

/**
 * Counts of cases by category, status, ward and age. By default only cases still being worked
 * (every status but CLOSED); pass `status` to choose, e.g. [CLOSED] for closed cases, whose age
 * runs to the day they closed. `on` is today (UTC), for ages.
 */
export async function caseSummary(em: EntityManager, viewer: Viewer | null, args: CaseSummaryArgs, on = today()): Promise<CaseSummary> {
  signedIn(viewer);
  const localityId = await localityOf(em, args.localityId);
  if (args.wardCode != null) {
    const ward = await em.findOneOrFail(Ward, args.wardCode);
    if (localityId !== undefined && ward.locality.id !== localityId) {
      new InputCheck().add('wardCode', `Ward ${ward.name} (${ward.code}) is not in locality ${localityId}.`).done();
    }
  }
  const where = new Where().add('status in (?)', statusesOf(args.status));
  if (localityId !== undefined) where.add('locality_id = ?', localityId);
  if (args.wardCode != null) where.add('ward_code = ?', args.wardCode);
  return (await summarise(em, `'all'`, where, on)).get('all') ?? emptySummary();
}

/**
 * The case summary of each ward, as caseSummary(wardCode:) gives it, for many wards in one statement:
 * the same access (every signed-in account) and the same counts, grouped by ward.
 */
export async function wardCaseSummaries(
  em: EntityManager,
  viewer: Viewer | null,
  codes: readonly string[],
  status: readonly CaseStatus[] | null | undefined,
  on = today(),
): Promise<Map<string, CaseSummary>> {
  signedIn(viewer);
  const where = new Where().add('status in (?)', statusesOf(status)).add('ward_code in (?)', [...codes]);
  const byWard = await summarise(em, 'ward_code', where, on);
  return new Map(codes.map((code) => [code, byWard.get(code) ?? emptySummary()]));
}

/** The statuses asked for; absent or empty means the cases still being worked. */
const statusesOf = (status: readonly CaseStatus[] | null | undefined) => (status?.length ? [...new Set(status)] : OPEN_STATUSES);

const emptySummary = (): CaseSummary => ({
  total: 0,
  byCategory: [],
  byStatus: [],
  byWard: [],
  byAge: AGE_BANDS.map((band) => ({ band, count: 0 })),
});

/**
 * Case counts by category, status, ward and age of the cases `where` picks, one summary per value of
 * `part` (SQL over case_fact: 'all' for one summary, ward_code for one per ward), in one statement.
 */
async function summarise(em: EntityManager, part: string, where: Where, on: string): Promise<Map<string, CaseSummary>> {
  const rows = await selectRows(
    em.getConnection(),
    {
      part: col.text,
      g_category: col.int,
      g_status: col.int,
      g_ward: col.int,
      g_band: col.int,
      category: z.enum(CaseCategory).nullable(),
      status: z.enum(CaseStatus).nullable(),
      ward_code: col.text.nullable(),
      band: z.enum(CaseAgeBand).nullable(),
      n: col.int,
    },
    `with f as (
       select ${part}::text as part, category, status, ward_code,
              coalesce((closed_at at time zone 'UTC')::date, ?::date) - (opened_at at time zone 'UTC')::date as age
         from case_fact ${where.sql}
     ), b as (
       select part, category, status, ward_code,
              case when age <= 30 then 'AGE_0_30_DAYS' when age <= 90 then 'AGE_31_90_DAYS'
                   when age <= 180 then 'AGE_91_180_DAYS' else 'AGE_OVER_180_DAYS' end as band
         from f
     )
     select part, grouping(category) as g_category, grouping(status) as g_status, grouping(ward_code) as g_ward, grouping(band) as g_band,
            category, status, ward_code, band, count(*)::int as n
       from b
      group by grouping sets ((part, category), (part, status), (part, ward_code), (part, band), (part))`,
    [on, ...where.params],
  );
  const summaries = new Map<string, CaseSummary>();
  for (const r of rows) {
    let summary = summaries.get(r.part);
    if (!summary) {
      summary = emptySummary();
      summaries.set(r.part, summary);
    }
    // grouping() = 0 marks the column a row is grouped by, which is never null in case_fact.
    if (!r.g_category) summary.byCategory.push({ category: groupedBy(r.category), count: r.n });
    else if (!r.g_status) summary.byStatus.push({ status: groupedBy(r.status), count: r.n });
    else if (!r.g_ward) summary.byWard.push({ wardCode: groupedBy(r.ward_code), count: r.n });
    else if (!r.g_band) groupedBy(summary.byAge.find((a) => a.band === r.band)).count = r.n;
    else summary.total = r.n;
  }
  for (const summary of summaries.values()) {
    summary.byCategory.sort(byCountThenName((r) => r.category));
    summary.byStatus.sort(byCountThenName((r) => r.status));
    summary.byWard.sort(byCountThenName((r) => r.wardCode));
  }
  return summaries;
}

/** The value a grouping-sets row is grouped by, which case_fact never leaves null. */
function groupedBy<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('a grouping-sets row lacks the value it is grouped by');
  return value;
}

/**
 * Cases opened in the period by ward, and how many were repeats: cases with an earlier case (of any
 * group, anywhere in the borough) with the same place key, or in the same LSOA and of the same
 * category, opened within `windowDays` before them. Wards with cases only; most repeats first.
 */
export async function repeatCases(em: EntityManager, viewer: Viewer | null, args: RepeatCasesArgs): Promise<WardRepeatCases[]> {
  signedIn(viewer);
  const windowDays = args.windowDays;
  const check = new InputCheck();
  if (!Number.isInteger(windowDays) || windowDays < REPEAT_WINDOW.min || windowDays > REPEAT_WINDOW.max) {
    check.add('windowDays', `'windowDays' must be a whole number from ${REPEAT_WINDOW.min} to ${REPEAT_WINDOW.max}; it was ${windowDays}.`);
  }
  checkPeriod(check, args.from, args.to);
  check.done();
  const localityId = await localityOf(em, args.localityId);
  const where = new Where();
  if (localityId !== undefined) where.add('c.locality_id = ?', localityId);
  if (args.from) where.add(`(c.opened_at at time zone 'UTC')::date >= ?::date`, args.from);
  if (args.to) where.add(`(c.opened_at at time zone 'UTC')::date <= ?::date`, args.to);
  const rows = await selectRows(
    em.getConnection(),
    { ward_code: col.text, cases: col.int, repeats: col.int },
    `select c.ward_code, count(*)::int as cases,
            (count(*) filter (where exists (
               select 1 from case_fact e
                where (e.opened_at, e.id) < (c.opened_at, c.id)
                  and e.opened_at >= c.opened_at - make_interval(days => ?)
                  and (e.place_hash = c.place_hash or (e.lsoa_code = c.lsoa_code and e.category = c.category))
            )))::int as repeats
       from case_fact c
       ${where.sql}
      group by c.ward_code
      order by repeats desc, cases desc, c.ward_code`,
    [windowDays, ...where.params],
  );
  return rows.map((r) => ({ wardCode: r.ward_code, cases: r.cases, repeats: r.repeats, repeatShare: share(r.repeats, r.cases) }));
}

/**
 * Actions not done yet by the agency they are assigned to, and how many are overdue: marked OVERDUE,
 * or due before `on` (today, UTC) and not done, so the figure is right even before the overdue job
 * has run. Agencies with open actions only; most overdue first.
 */
export async function overdueActions(
  em: EntityManager,
  viewer: Viewer | null,
  args: OverdueActionsArgs,
  on = today(),
): Promise<AgencyOverdueActions[]> {
  signedIn(viewer);
  const localityId = await localityOf(em, args.localityId);
  const where = new Where().add(`status <> 'DONE'`);
  if (localityId !== undefined) where.add('locality_id = ?', localityId);
  const rows = await selectRows(
    em.getConnection(),
    { agency_id: col.int, open: col.int, overdue: col.int },
    `select assigned_agency_id as agency_id, count(*)::int as open,
            (count(*) filter (where status = 'OVERDUE' or due_on < ?::date))::int as overdue
       from action_fact
       ${where.sql}
      group by assigned_agency_id
      order by overdue desc, open desc, assigned_agency_id`,
    [on, ...where.params],
  );
  return rows.map((r) => ({ agencyId: r.agency_id, open: r.open, overdue: r.overdue, overdueShare: share(r.overdue, r.open) }));
}

function figures(r: { raised: number; responded: number; within: number; open_past_due: number }): IssueResponseFigures {
  const due = r.responded + r.open_past_due;
  return {
    raised: r.raised,
    responded: r.responded,
    respondedWithinTarget: r.within,
    shareWithinTarget: due ? r.within / due : null,
    stillOpenPastDue: r.open_past_due,
  };
}

/**
 * How issues raised at neighbourhood meetings in the period were responded to, for every locality
 * (by the locality of the group they were raised with) and for the borough. `on` is today (UTC),
 * for what is past due.
 */
export async function issueResponsePerformance(
  em: EntityManager,
  viewer: Viewer | null,
  args: IssueResponseArgs,
  on = today(),
): Promise<IssueResponsePerformance> {
  signedIn(viewer);
  const check = new InputCheck();
  checkPeriod(check, args.from, args.to);
  check.done();
  const join = new Where();
  if (args.from) join.add('i.raised_on >= ?::date', args.from);
  if (args.to) join.add('i.raised_on <= ?::date', args.to);
  const rows = await selectRows(
    em.getConnection(),
    { locality_id: col.int.nullable(), raised: col.int, responded: col.int, within: col.int, open_past_due: col.int },
    `select l.id as locality_id, count(i.id)::int as raised, count(i.responded_on)::int as responded,
            (count(*) filter (where i.responded_on <= i.response_due_on))::int as within,
            (count(*) filter (where i.responded_on is null and i.response_due_on < ?::date))::int as open_past_due
       from locality l
       left join issue_fact i on i.locality_id = l.id ${join.parts.map((p) => `and ${p}`).join(' ')}
      group by grouping sets ((l.id), ())
      order by l.id nulls last`,
    [on, ...join.params],
  );
  const byLocality: LocalityIssueResponse[] = [];
  let borough: IssueResponseFigures = figures({ raised: 0, responded: 0, within: 0, open_past_due: 0 });
  for (const r of rows) {
    if (r.locality_id === null) borough = figures(r);
    else byLocality.push(Object.assign(figures(r), { localityId: r.locality_id }));
  }
  return { byLocality, borough };
}
