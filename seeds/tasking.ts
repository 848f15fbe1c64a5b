/**
 * The joint tasking part of the seed data (`seeds/data/tasking.json`, all illustrative): tasking groups,
 * accounts, memberships, cases with their people, addresses, notes and actions, meetings and the issues
 * raised at neighbourhood meetings. `readTaskingSeed` checks the file against itself and the other seed
 * files; `loadTaskingSeed` writes it inside the seed loader's transaction.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { codeSchemas } from '../src/codes';
import { isIsoDate, periodSchemas } from '../src/periods';
import { GroupRole, SystemRole, UserKind } from '../src/modules/access/access.enums';
import { HubUser } from '../src/modules/access/hub-user.entity';
import { ActionStatus } from '../src/modules/actions/actions.enums';
import { CaseAction } from '../src/modules/actions/case-action.entity';
import { TaskingCase } from '../src/modules/cases/case.entity';
import { CaseAddress, CaseNote, CasePerson } from '../src/modules/cases/case-personal.entity';
import { CaseCategory, CasePersonRole, CaseStatus, RiskLevel } from '../src/modules/cases/cases.enums';
import { placeKey } from '../src/modules/cases/place-key';
import { Meeting, MeetingAgendaItem, MeetingAttendee, MeetingDecision } from '../src/modules/meetings/meeting.entity';
import { NeighbourhoodIssue } from '../src/modules/meetings/neighbourhood-issue.entity';
import { Partner } from '../src/modules/partners/partner.entity';
import { GroupMember } from '../src/modules/tasking/group-member.entity';
import { TaskingGroup } from '../src/modules/tasking/tasking-group.entity';
import { TaskingGroupKind } from '../src/modules/tasking/tasking.enums';
import { projectRoot } from '../src/paths';
import { readSeedData, SeedError, type SeedData } from './read';

export const TASKING_FILE = 'tasking.json';

/** Seeded accounts have the subject `seed:<slug>`; no identity provider issues such a subject. */
export const SEED_SUBJECT_PREFIX = 'seed:';
export const seedSubject = (slug: string): string => `${SEED_SUBJECT_PREFIX}${slug}`;

const text = z.string().trim().min(1, 'is empty');
const { isoDate } = periodSchemas;
const isoDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'is not an ISO date-time in UTC (YYYY-MM-DDTHH:MM:SSZ)')
  .refine((v) => isIsoDate(v.slice(0, 10)) && !Number.isNaN(Date.parse(v)), 'is not a real date-time');
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'is not a slug (lower-case letters and digits, joined by hyphens)');
const { groupCode, caseReference: caseRef, wardCode, lsoaCode } = codeSchemas;
const postcode = z.string().regex(/^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/, 'is not a postcode (e.g. "S60 1XX")');

const item = {
  groups: z.strictObject({
    code: groupCode,
    name: text,
    kind: z.enum(TaskingGroupKind),
    locality: text,
  }),
  users: z.strictObject({
    slug,
    name: text,
    email: z.email('is not an email address').nullable(),
    kind: z.enum(UserKind),
    partner: text,
    roles: z.array(z.enum(SystemRole)),
  }),
  memberships: z.strictObject({
    group: groupCode,
    user: slug,
    role: z.enum(GroupRole),
    granted_at: isoDateTime,
  }),
  cases: z.strictObject({
    reference: caseRef,
    group: groupCode,
    title: text,
    category: z.enum(CaseCategory),
    ward_code: wardCode,
    lsoa_code: lsoaCode.nullable(),
    location: text,
    risk: z.enum(RiskLevel),
    lead_agency: text,
    status: z.enum(CaseStatus),
    opened_at: isoDateTime,
    closed_at: isoDateTime.nullable(),
    created_by: slug,
    people: z.array(z.strictObject({ name: text, date_of_birth: isoDate.nullable(), role: z.enum(CasePersonRole) })),
    addresses: z.array(z.strictObject({ address: text, postcode: postcode.nullable() })),
    notes: z.array(z.strictObject({ text, author: slug, created_at: isoDateTime })),
    actions: z
      .array(
        z.strictObject({
          title: text,
          assigned_agency: text,
          assigned_to: slug.nullable(),
          due_on: isoDate,
          status: z.enum(ActionStatus),
          outcome: text.nullable(),
          completed_at: isoDateTime.nullable(),
          created_at: isoDateTime,
        }),
      )
      .max(3, 'has more than 3 actions'),
  }),
  meetings: z.strictObject({
    group: groupCode,
    starts_at: isoDateTime,
    venue: text.nullable(),
    agenda: z.array(caseRef),
    attendees: z.array(z.strictObject({ agency: text, people: z.number().int('is not a whole number').min(1).max(50) })),
    decisions: z.array(z.strictObject({ case: caseRef.nullable(), text, recorded_by: slug, recorded_at: isoDateTime })),
  }),
  issues: z.strictObject({
    group: groupCode,
    meeting: z.number().int('is not a whole number').min(0).nullable(),
    ward_code: wardCode,
    lsoa_code: lsoaCode.nullable(),
    category: z.enum(CaseCategory),
    summary: text,
    raised_on: isoDate,
    response_due_on: isoDate,
    responded_on: isoDate.nullable(),
    response: text.nullable(),
  }),
};

type Lists = typeof item;
type ListKey = keyof Lists;

const fileShape = z.strictObject({
  about: z.string().optional(),
  as_at: isoDate,
  ...(Object.fromEntries(Object.keys(item).map((k) => [k, z.array(z.unknown())])) as Record<ListKey, z.ZodArray<z.ZodUnknown>>),
});

export type TaskingGroupSeed = z.infer<Lists['groups']>;
export type TaskingUserSeed = z.infer<Lists['users']>;
export type TaskingMembershipSeed = z.infer<Lists['memberships']>;
export type TaskingCaseSeed = z.infer<Lists['cases']>;
export type TaskingMeetingSeed = z.infer<Lists['meetings']>;
export type TaskingIssueSeed = z.infer<Lists['issues']>;

export interface TaskingSeed {
  /**
   * The day the file was written as if it were today: its past and future are relative to it, and
   * `shiftTaskingSeed` moves every date so that this day falls in the week of the load.
   */
  asAt: string;
  groups: TaskingGroupSeed[];
  users: TaskingUserSeed[];
  memberships: TaskingMembershipSeed[];
  cases: TaskingCaseSeed[];
  meetings: TaskingMeetingSeed[];
  issues: TaskingIssueSeed[];
}

/** Enum types as the string values JSON holds. */
type Json<T> = T extends string
  ? `${T}`
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** The file as written (the generator's output type). */
export type TaskingSeedFile = Json<Omit<TaskingSeed, 'asAt'>> & { about?: string; as_at: string };

/** `['cases', 3, 'people', 0, 'role']` → `cases[3].people[0].role`. */
function where(pathParts: readonly PropertyKey[]): string {
  return pathParts.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

const time = (iso: string) => Date.parse(iso);

/**
 * Reads `tasking.json` from `dir` and checks it: each item's fields, then every reference, against the file
 * itself and the other seed files (`seed`, read from the same folder unless given). Lists every problem at
 * once, each with its path in the file, e.g. `tasking.json cases[3].ward_code: unknown ward "E05099999"`.
 */
export function readTaskingSeed(dir = path.join(projectRoot(), 'seeds/data'), seed: SeedData = readSeedData(dir)): TaskingSeed {
  const problems: string[] = [];
  const report = (at: string, message: string) => problems.push(`${TASKING_FILE}${at ? ` ${at}` : ''}: ${message}`);

  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.join(dir, TASKING_FILE), 'utf8'));
  } catch (err) {
    throw new SeedError([`${TASKING_FILE}: ${err instanceof Error ? err.message : String(err)}`]);
  }
  const top = fileShape.safeParse(raw);
  if (!top.success) {
    for (const issue of top.error.issues) report(where(issue.path), issue.message);
    throw new SeedError(problems);
  }

  // Each item is checked on its own, so that one bad item does not hide the others' problems. An item
  // that fails is left out of the cross-checks, so the items naming it are reported too.
  const valid = <K extends ListKey>(key: K): Array<{ i: number; v: z.infer<Lists[K]> }> => {
    const out: Array<{ i: number; v: z.infer<Lists[K]> }> = [];
    top.data[key].forEach((value, i) => {
      const parsed = item[key].safeParse(value);
      if (parsed.success) out.push({ i, v: parsed.data as z.infer<Lists[K]> });
      else for (const issue of parsed.error.issues) report(where([key, i, ...issue.path]), issue.message);
    });
    return out;
  };
  const groups = valid('groups');
  const users = valid('users');
  const memberships = valid('memberships');
  const cases = valid('cases');
  const meetings = valid('meetings');
  const issues = valid('issues');

  const partners = new Set(seed.partners.map((p) => p.name));
  const localities = new Set(seed.localities.map((l) => l.name));
  const wardLocality = new Map(seed.wards.map((w) => [w.code, w.locality]));
  const lsoaWard = new Map(seed.lsoas.map((l) => [l.code, l.ward_code]));

  const unique = <T>(key: string, list: Array<{ i: number; v: T }>, field: string, value: (v: T) => string) => {
    const first = new Map<string, number>();
    for (const { i, v } of list) {
      const k = value(v);
      const seen = first.get(k);
      if (seen !== undefined) report(`${key}[${i}].${field}`, `"${k}" repeats ${key}[${seen}]`);
      else first.set(k, i);
    }
  };
  unique('groups', groups, 'code', (g) => g.code);
  unique('groups', groups, 'name', (g) => g.name);
  unique('users', users, 'slug', (u) => u.slug);
  unique('memberships', memberships, 'user', (m) => `${m.group} / ${m.user}`);
  unique('cases', cases, 'reference', (c) => c.reference);
  unique('meetings', meetings, 'starts_at', (m) => `${m.group} at ${new Date(m.starts_at).toISOString()}`);

  const checkPartner = (at: string, name: string) => {
    if (!partners.has(name)) report(at, `unknown partner "${name}" (partners.csv lists the partners)`);
  };
  const checkPlace = (at: string, locality: string | undefined, ward: string, lsoa: string | null, group: string) => {
    const wardIn = wardLocality.get(ward);
    if (wardIn === undefined) report(`${at}.ward_code`, `unknown ward "${ward}"`);
    else if (locality !== undefined && wardIn !== locality)
      report(`${at}.ward_code`, `ward "${ward}" is in the ${wardIn} locality, not ${locality} like group ${group}`);
    if (lsoa === null) return;
    const lsoaIn = lsoaWard.get(lsoa);
    if (lsoaIn === undefined) report(`${at}.lsoa_code`, `unknown LSOA "${lsoa}"`);
    else if (lsoaIn !== ward) report(`${at}.lsoa_code`, `LSOA "${lsoa}" is in ward "${lsoaIn}", not "${ward}"`);
  };

  const groupByCode = new Map(groups.map(({ v }) => [v.code, v]));
  for (const { i, v } of groups) {
    if (!localities.has(v.locality)) report(`groups[${i}].locality`, `unknown locality "${v.locality}"`);
  }
  const userBySlug = new Map(users.map(({ v }) => [v.slug, v]));
  for (const { i, v } of users) checkPartner(`users[${i}].partner`, v.partner);

  const members = new Map<string, Set<string>>();
  for (const { i, v } of memberships) {
    if (!groupByCode.has(v.group)) report(`memberships[${i}].group`, `unknown group "${v.group}"`);
    if (!userBySlug.has(v.user)) report(`memberships[${i}].user`, `unknown user "${v.user}"`);
    if (!members.has(v.group)) members.set(v.group, new Set());
    members.get(v.group)!.add(v.user);
  }
  const checkMember = (at: string, user: string, group: string) => {
    if (!userBySlug.has(user)) report(at, `unknown user "${user}"`);
    else if (groupByCode.has(group) && !members.get(group)?.has(user)) report(at, `user "${user}" is not a member of group ${group}`);
  };

  const caseByRef = new Map(cases.map(({ v }) => [v.reference, v]));
  for (const { i, v: c } of cases) {
    const at = `cases[${i}]`;
    const group = groupByCode.get(c.group);
    if (!group) report(`${at}.group`, `unknown group "${c.group}"`);
    const year = c.opened_at.slice(0, 4);
    if (!c.reference.startsWith(`${c.group}-${year}-`))
      report(`${at}.reference`, `"${c.reference}" does not start with its group and the year it was opened ("${c.group}-${year}-")`);
    checkPlace(at, group?.locality, c.ward_code, c.lsoa_code, c.group);
    checkPartner(`${at}.lead_agency`, c.lead_agency);
    checkMember(`${at}.created_by`, c.created_by, c.group);
    if (c.status === CaseStatus.CLOSED && c.closed_at === null) report(`${at}.closed_at`, 'is required when the status is CLOSED');
    if (c.status !== CaseStatus.CLOSED && c.closed_at !== null) report(`${at}.closed_at`, `must be null when the status is ${c.status}`);
    if (c.closed_at !== null && time(c.closed_at) < time(c.opened_at)) report(`${at}.closed_at`, 'is before opened_at');
    c.notes.forEach((n, j) => {
      checkMember(`${at}.notes[${j}].author`, n.author, c.group);
      if (time(n.created_at) < time(c.opened_at)) report(`${at}.notes[${j}].created_at`, 'is before the case was opened');
    });
    c.actions.forEach((a, j) => {
      const aat = `${at}.actions[${j}]`;
      checkPartner(`${aat}.assigned_agency`, a.assigned_agency);
      if (a.assigned_to !== null) {
        checkMember(`${aat}.assigned_to`, a.assigned_to, c.group);
        const who = userBySlug.get(a.assigned_to);
        if (who && who.partner !== a.assigned_agency)
          report(`${aat}.assigned_to`, `user "${a.assigned_to}" works for "${who.partner}", not "${a.assigned_agency}"`);
      }
      if (time(a.created_at) < time(c.opened_at)) report(`${aat}.created_at`, 'is before the case was opened');
      if (a.due_on < a.created_at.slice(0, 10)) report(`${aat}.due_on`, 'is before the action was created');
      const done = a.status === ActionStatus.DONE;
      if (done && a.completed_at === null) report(`${aat}.completed_at`, 'is required when the status is DONE');
      if (done && a.outcome === null) report(`${aat}.outcome`, 'is required when the status is DONE');
      if (!done && a.completed_at !== null) report(`${aat}.completed_at`, `must be null when the status is ${a.status}`);
      if (a.completed_at !== null && time(a.completed_at) < time(a.created_at)) report(`${aat}.completed_at`, 'is before created_at');
    });
  }

  const meetingsOf = new Map<string, number>();
  for (const { i, v: m } of meetings) {
    const at = `meetings[${i}]`;
    if (!groupByCode.has(m.group)) report(`${at}.group`, `unknown group "${m.group}"`);
    meetingsOf.set(m.group, (meetingsOf.get(m.group) ?? 0) + 1);
    const caseOfGroup = (cat: string, ref: string) => {
      const c = caseByRef.get(ref);
      if (!c) report(cat, `unknown case "${ref}"`);
      else if (c.group !== m.group) report(cat, `case "${ref}" belongs to group ${c.group}, not ${m.group}`);
    };
    const onAgenda = new Set<string>();
    m.agenda.forEach((ref, j) => {
      caseOfGroup(`${at}.agenda[${j}]`, ref);
      if (onAgenda.has(ref)) report(`${at}.agenda[${j}]`, `"${ref}" is on the agenda twice`);
      onAgenda.add(ref);
    });
    const agencies = new Set<string>();
    m.attendees.forEach((a, j) => {
      checkPartner(`${at}.attendees[${j}].agency`, a.agency);
      if (agencies.has(a.agency)) report(`${at}.attendees[${j}].agency`, `"${a.agency}" is listed twice`);
      agencies.add(a.agency);
    });
    m.decisions.forEach((d, j) => {
      if (d.case !== null) caseOfGroup(`${at}.decisions[${j}].case`, d.case);
      checkMember(`${at}.decisions[${j}].recorded_by`, d.recorded_by, m.group);
    });
  }

  for (const { i, v } of issues) {
    const at = `issues[${i}]`;
    const group = groupByCode.get(v.group);
    if (!group) report(`${at}.group`, `unknown group "${v.group}"`);
    else if (group.kind !== TaskingGroupKind.NEIGHBOURHOOD_MEETING)
      report(`${at}.group`, `group ${v.group} is not a neighbourhood meeting`);
    if (v.meeting !== null && v.meeting >= (meetingsOf.get(v.group) ?? 0))
      report(`${at}.meeting`, `group ${v.group} has ${meetingsOf.get(v.group) ?? 0} meetings (counted from 0)`);
    checkPlace(at, group?.locality, v.ward_code, v.lsoa_code, v.group);
    if (v.response_due_on < v.raised_on) report(`${at}.response_due_on`, 'is before raised_on');
    if (v.responded_on !== null && v.responded_on < v.raised_on) report(`${at}.responded_on`, 'is before raised_on');
    if ((v.responded_on === null) !== (v.response === null))
      report(`${at}.response`, 'needs responded_on, and responded_on needs a response');
  }

  if (problems.length) throw new SeedError(problems);
  const values = <T>(list: Array<{ v: T }>) => list.map(({ v }) => v);
  return {
    asAt: top.data.as_at,
    groups: values(groups),
    users: values(users),
    memberships: values(memberships),
    cases: values(cases),
    meetings: values(meetings),
    issues: values(issues),
  };
}

const DAY_MS = 86_400_000;

/** Minutes a UTC instant is ahead in London (0 in winter, 60 in summer). */
function londonOffsetMinutes(at: Date): number {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')!.value;
  const m = /GMT([+-]\d+)?(?::(\d+))?/.exec(name);
  const hours = Number(m?.[1] ?? 0);
  return hours * 60 + Math.sign(hours) * Number(m?.[2] ?? 0);
}

/**
 * Whole weeks from the file's "as at" day to the week of `today`: the file's as-at day moves to the
 * same weekday in the six days up to `today` (or stays put when it is that week). Whole weeks keep
 * meetings on their weekdays; rounding down keeps the file's past in the past.
 */
export function taskingShiftDays(asAt: string, today: string): number {
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${asAt}T00:00:00Z`)) / DAY_MS);
  return Math.floor(days / 7) * 7;
}

/**
 * The tasking seed with every date and time moved by whole weeks so that what the file has in the
 * future (meetings not yet held, actions not yet due, issues not yet answered) is still in the future
 * on `today` (YYYY-MM-DD), however long after the file was written it is loaded. Times keep their
 * London wall-clock time across summer time. Case references keep the year they were written with:
 * they are identifiers, not dates.
 */
export function shiftTaskingSeed(seed: TaskingSeed, today: string): TaskingSeed {
  const days = taskingShiftDays(seed.asAt, today);
  if (days === 0) return seed;
  const moveDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
  const moveTime = (t: string) => {
    const from = new Date(t);
    const naive = new Date(from.getTime() + days * DAY_MS);
    const to = new Date(naive.getTime() + (londonOffsetMinutes(from) - londonOffsetMinutes(naive)) * 60_000);
    return to.toISOString().replace(/\.\d{3}Z$/, 'Z');
  };
  const maybe = <T>(v: T | null, f: (x: T) => T) => (v === null ? null : f(v));
  return {
    ...seed,
    asAt: moveDay(seed.asAt),
    memberships: seed.memberships.map((m) => ({ ...m, granted_at: moveTime(m.granted_at) })),
    cases: seed.cases.map((c) => ({
      ...c,
      opened_at: moveTime(c.opened_at),
      closed_at: maybe(c.closed_at, moveTime),
      people: c.people.map((p) => ({ ...p, date_of_birth: maybe(p.date_of_birth, moveDay) })),
      notes: c.notes.map((n) => ({ ...n, created_at: moveTime(n.created_at) })),
      actions: c.actions.map((a) => ({
        ...a,
        due_on: moveDay(a.due_on),
        completed_at: maybe(a.completed_at, moveTime),
        created_at: moveTime(a.created_at),
      })),
    })),
    meetings: seed.meetings.map((m) => ({
      ...m,
      starts_at: moveTime(m.starts_at),
      decisions: m.decisions.map((d) => ({ ...d, recorded_at: moveTime(d.recorded_at) })),
    })),
    issues: seed.issues.map((i) => ({
      ...i,
      raised_on: moveDay(i.raised_on),
      response_due_on: moveDay(i.response_due_on),
      responded_on: maybe(i.responded_on, moveDay),
    })),
  };
}

/** Ids the seed loader already holds. */
export interface TaskingIds {
  /** Locality id by name. */
  localityId: ReadonlyMap<string, number>;
}

/** The latest moment the seed records for a case: it becomes the case's `updated_at`. */
function lastChange(c: TaskingCaseSeed): Date {
  const moments = [
    c.opened_at,
    c.closed_at,
    ...c.notes.map((n) => n.created_at),
    ...c.actions.flatMap((a) => [a.created_at, a.completed_at]),
  ].filter((m): m is string => m !== null);
  return new Date(Math.max(...moments.map(time)));
}

/**
 * Writes the tasking seed inside the seed loader's transaction. Groups are matched on their code and
 * accounts on their subject (`seed:<slug>`) and updated in place (an account is made active again). The
 * memberships of every `seed:` account, and every case (with its people, addresses, notes and actions),
 * meeting (with its agenda, attendance and decisions) and issue of the seeded groups, are deleted and
 * written again: the seeded groups belong to the seed, so work recorded in them by hand is lost on
 * reloading. Nothing reads the clock, so loading twice gives the same rows (only the surrogate ids of
 * the replaced rows change). Partners are found by name; wards and LSOAs are referenced by code.
 */
export async function loadTaskingSeed(tx: EntityManager, data: TaskingSeed, ids: TaskingIds): Promise<Record<string, number>> {
  const partnerNames = [
    ...new Set([
      ...data.users.map((u) => u.partner),
      ...data.cases.flatMap((c) => [c.lead_agency, ...c.actions.map((a) => a.assigned_agency)]),
      ...data.meetings.flatMap((m) => m.attendees.map((a) => a.agency)),
    ]),
  ];
  const partnerRows = await tx.find(Partner, { name: { $in: partnerNames } }, { fields: ['id', 'name'] });
  const partnerId = new Map(partnerRows.map((p) => [p.name, p.id]));
  const partner = (name: string) => {
    const id = partnerId.get(name);
    if (id === undefined) throw new Error(`${TASKING_FILE}: partner "${name}" is not in the database`);
    return id;
  };
  const locality = (name: string) => {
    const id = ids.localityId.get(name);
    if (id === undefined) throw new Error(`${TASKING_FILE}: locality "${name}" is not in the database`);
    return id;
  };

  const groups = await tx.upsertMany(
    TaskingGroup,
    data.groups.map((g) => ({ code: g.code, name: g.name, kind: g.kind, locality: locality(g.locality) })),
    { onConflictFields: ['code'], onConflictAction: 'merge' },
  );
  const groupId = new Map(groups.map((g) => [g.code, g.id]));
  const users = await tx.upsertMany(
    HubUser,
    data.users.map((u) => ({
      subject: seedSubject(u.slug),
      name: u.name,
      email: u.email,
      kind: u.kind,
      partner: partner(u.partner),
      roles: u.roles,
      active: true,
    })),
    { onConflictFields: ['subject'], onConflictAction: 'merge' },
  );
  const userId = new Map(users.map((u) => [u.subject.slice(SEED_SUBJECT_PREFIX.length), u.id]));
  const user = (slugValue: string) => userId.get(slugValue)!;

  // Issues first: they hold meetings (on delete restrict). Cases take their children with them (cascade).
  const seededGroups = { $in: groups.map((g) => g.id) };
  await tx.nativeDelete(NeighbourhoodIssue, { group: seededGroups });
  await tx.nativeDelete(Meeting, { group: seededGroups });
  await tx.nativeDelete(TaskingCase, { group: seededGroups });
  // Every seeded account's memberships, including those of accounts since dropped from the file.
  const seeded = await tx.find(HubUser, { subject: { $like: `${SEED_SUBJECT_PREFIX}%` } }, { fields: ['id'] });
  await tx.nativeDelete(GroupMember, { user: { $in: seeded.map((u) => u.id) } });

  // insertMany returns only the first id on PostgreSQL, so new rows are found again by their natural keys.
  const insert = async (entity: new () => object, rows: object[]): Promise<void> => {
    if (rows.length) await tx.insertMany(entity, rows as never[]);
  };

  await insert(
    GroupMember,
    data.memberships.map((m) => ({
      group: groupId.get(m.group)!,
      user: user(m.user),
      role: m.role,
      grantedAt: new Date(m.granted_at),
      revokedAt: null,
    })),
  );

  await insert(
    TaskingCase,
    data.cases.map((c) => ({
      reference: c.reference,
      group: groupId.get(c.group)!,
      title: c.title,
      category: c.category,
      ward: c.ward_code,
      lsoa: c.lsoa_code,
      location: c.location,
      placeKey: placeKey(c.location),
      riskLevel: c.risk,
      leadAgency: partner(c.lead_agency),
      status: c.status,
      version: 1,
      openedAt: new Date(c.opened_at),
      updatedAt: lastChange(c),
      closedAt: c.closed_at === null ? null : new Date(c.closed_at),
      personalErasedAt: null,
      createdBy: user(c.created_by),
    })),
  );
  const insertedCases = await tx.find(
    TaskingCase,
    { reference: { $in: data.cases.map((c) => c.reference) } },
    { fields: ['id', 'reference'] },
  );
  const caseId = new Map(insertedCases.map((c) => [c.reference, c.id]));
  const children = <T>(pick: (c: TaskingCaseSeed) => T[], row: (child: T, id: number) => object) =>
    data.cases.flatMap((c) => pick(c).map((child) => row(child, caseId.get(c.reference)!)));
  await insert(
    CasePerson,
    children(
      (c) => c.people,
      (p, id) => ({ case: id, name: p.name, dateOfBirth: p.date_of_birth, role: p.role }),
    ),
  );
  await insert(
    CaseAddress,
    children(
      (c) => c.addresses,
      (a, id) => ({ case: id, address: a.address, postcode: a.postcode }),
    ),
  );
  await insert(
    CaseNote,
    children(
      (c) => c.notes,
      (n, id) => ({ case: id, text: n.text, author: user(n.author), createdAt: new Date(n.created_at) }),
    ),
  );
  const actions = children(
    (c) => c.actions,
    (a, id) => ({
      case: id,
      title: a.title,
      assignedAgency: partner(a.assigned_agency),
      assignedTo: a.assigned_to === null ? null : user(a.assigned_to),
      dueOn: a.due_on,
      status: a.status,
      outcome: a.outcome,
      completedAt: a.completed_at === null ? null : new Date(a.completed_at),
      version: 1,
      createdAt: new Date(a.created_at),
    }),
  );
  await insert(CaseAction, actions);

  await insert(
    Meeting,
    data.meetings.map((m) => ({ group: groupId.get(m.group)!, startsAt: new Date(m.starts_at), venue: m.venue, version: 1 })),
  );
  // A group meets once at a time (readTaskingSeed checks it), and the seeded groups' meetings are all new.
  const insertedMeetings = await tx.find(Meeting, { group: { $in: groups.map((g) => g.id) } }, { fields: ['id', 'group', 'startsAt'] });
  const meetingKey = (group: number, startsAt: Date) => `${group}|${startsAt.toISOString()}`;
  const meetingId = new Map(insertedMeetings.map((m) => [meetingKey(m.group.id, m.startsAt), m.id]));
  const meetingIds = data.meetings.map((m) => meetingId.get(meetingKey(groupId.get(m.group)!, new Date(m.starts_at)))!);
  const meetingsOfGroup = new Map<string, number[]>();
  data.meetings.forEach((m, i) => {
    if (!meetingsOfGroup.has(m.group)) meetingsOfGroup.set(m.group, []);
    meetingsOfGroup.get(m.group)!.push(meetingIds[i]);
  });
  await insert(
    MeetingAgendaItem,
    data.meetings.flatMap((m, i) => m.agenda.map((ref) => ({ meeting: meetingIds[i], case: caseId.get(ref)! }))),
  );
  await insert(
    MeetingAttendee,
    data.meetings.flatMap((m, i) => m.attendees.map((a) => ({ meeting: meetingIds[i], agency: partner(a.agency), people: a.people }))),
  );
  await insert(
    MeetingDecision,
    data.meetings.flatMap((m, i) =>
      m.decisions.map((d) => ({
        meeting: meetingIds[i],
        case: d.case === null ? null : caseId.get(d.case)!,
        text: d.text,
        recordedBy: user(d.recorded_by),
        recordedAt: new Date(d.recorded_at),
      })),
    ),
  );

  await insert(
    NeighbourhoodIssue,
    data.issues.map((s) => ({
      group: groupId.get(s.group)!,
      meeting: s.meeting === null ? null : meetingsOfGroup.get(s.group)![s.meeting],
      ward: s.ward_code,
      lsoa: s.lsoa_code,
      category: s.category,
      summary: s.summary,
      raisedOn: s.raised_on,
      responseDueOn: s.response_due_on,
      respondedOn: s.responded_on,
      response: s.response,
      version: 1,
    })),
  );

  return {
    taskingGroups: data.groups.length,
    users: data.users.length,
    memberships: data.memberships.length,
    cases: data.cases.length,
    actions: actions.length,
    meetings: data.meetings.length,
    issues: data.issues.length,
  };
}
