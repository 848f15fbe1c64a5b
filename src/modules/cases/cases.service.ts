import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { caseReference, caseReferencePrefix } from '../../codes';
import { paginate, type Page } from '../../pagination';
import { intArray } from '../../sql';
import { idOf, InputCheck, today } from '../../validation';
import { requireChair, requireInGroup, requireMember, signedIn } from '../access/access.rules';
import { HubUser } from '../access/hub-user.entity';
import { describeRole, groupIdsOf, type Viewer } from '../access/viewer';
import { AuditOperation } from '../audit/audit.enums';
import { recordAudit } from '../audit/audit.service';
import { Partner } from '../partners/partner.entity';
import { Lsoa } from '../places/lsoa.entity';
import { Ward } from '../places/ward.entity';
import { checkVersion, inScope, writeChanges } from '../live/live.transaction';
import type { ChangeLog } from '../live/live.outbox';
import type { WakeUpBus } from '../live/live.wakeups';
import { TaskingEventType, taskingEvent } from '../tasking/tasking.events';
import { TaskingGroup } from '../tasking/tasking-group.entity';
import { TaskingCase } from './case.entity';
import { CaseAddress, CaseNote, CasePerson } from './case-personal.entity';
import { CASE_TRANSITIONS, CaseStatus } from './cases.enums';
import {
  CASE_TEXT,
  type AddCaseNoteInput,
  type CasesArgs,
  type ChangeCaseStatusInput,
  type OpenCaseInput,
  type UpdateCaseInput,
} from './cases.inputs';
import type { CasePersonalData } from './cases.types';
import { placeKey } from './place-key';
import { col, selectOne, selectRows } from '../../rows';

/** The case, if the viewer may see it: NOT_FOUND when there is none, FORBIDDEN when it is another group's. */
export async function requireCase(tx: EntityManager, viewer: Viewer | null, id: number, what: string): Promise<TaskingCase> {
  return (await requireInGroup(tx, viewer, { entity: TaskingCase, view: 'case_fact', noun: 'case' }, id, what)).found;
}

/** A case the viewer can see, or the reason they cannot. */
export function findCase(em: EntityManager, viewer: Viewer | null, id: string): Promise<TaskingCase> {
  const caseId = idOf(id, 'id');
  return inScope(em, viewer, (tx) => requireCase(tx, viewer, caseId, `Case ${caseId}`));
}

/** A page of the cases of the viewer's groups (or of one of them), newest first. */
export function listCases(em: EntityManager, viewer: Viewer | null, args: CasesArgs, maxPageSize: number): Promise<Page<TaskingCase>> {
  const groups = groupIdsOf(signedIn(viewer));
  let scope = groups;
  if (args.groupId != null) {
    const groupId = idOf(args.groupId, 'groupId');
    requireMember(viewer, groupId, `Cases of group ${groupId}`);
    scope = [groupId];
  }
  const where: FilterQuery<TaskingCase>[] = [{ group: { $in: scope } }];
  if (args.status?.length) where.push({ status: { $in: args.status } });
  if (args.category) where.push({ category: args.category });
  if (args.wardCode) where.push({ ward: args.wardCode });
  return inScope(em, viewer, (tx) => paginate(tx, TaskingCase, { $and: where }, [{ openedAt: 'desc' }, { id: 'desc' }], args, maxPageSize));
}

/** Cases by id as the viewer may see them: others' cases are simply absent. */
export function casesByIds(em: EntityManager, viewer: Viewer | null, ids: readonly number[]): Promise<TaskingCase[]> {
  return inScope(em, viewer, (tx) => tx.find(TaskingCase, { id: { $in: [...ids] }, group: { $in: groupIdsOf(viewer) } }));
}

/**
 * For each case, the earlier cases at the same place (same place, or same LSOA and category) that
 * the viewer can see, newest first.
 */
export async function earlierCasesOf(
  em: EntityManager,
  viewer: Viewer | null,
  ids: readonly number[],
): Promise<Map<number, TaskingCase[]>> {
  return inScope(em, viewer, async (tx) => {
    const pairs = await selectRows(
      tx,
      { for_id: col.int, id: col.int },
      `select c.id as for_id, e.id
         from tasking_case c
         join tasking_case e on e.id <> c.id and e.opened_at < c.opened_at
                            and (e.place_key = c.place_key or (e.lsoa_code = c.lsoa_code and e.category = c.category))
        where c.id = any(?::int[]) and e.group_id = any(?::int[])
        order by e.opened_at desc, e.id desc`,
      [intArray(ids), intArray(groupIdsOf(viewer))],
    );
    const found = pairs.length ? await tx.find(TaskingCase, { id: { $in: [...new Set(pairs.map((p) => p.id))] } }) : [];
    const byId = new Map(found.map((c) => [c.id, c]));
    const result = new Map<number, TaskingCase[]>(ids.map((id) => [id, []]));
    for (const p of pairs) {
      const earlier = byId.get(p.id);
      if (earlier) entryOf(result, p.for_id).push(earlier);
    }
    return result;
  });
}

/** The entry every key was given up front; a missing one is a bug, not bad input. */
function entryOf<K, V>(map: Map<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`no entry for ${String(key)}`);
  return value;
}

/**
 * The personal data of the cases the viewer may see, with one audit row (who, organisation, role,
 * purpose, operation, case ids) written in the same transaction as the read: if the audit row
 * cannot be written, nothing is read.
 */
export async function readPersonalData(
  em: EntityManager,
  viewer: Viewer | null,
  ids: readonly number[],
  purpose: string,
  operation: AuditOperation,
): Promise<Map<number, CasePersonalData>> {
  const who = signedIn(viewer);
  new InputCheck().text('purpose', purpose, CASE_TEXT.purpose).done();
  return inScope(em, viewer, async (tx) => {
    const visible = await tx.find(
      TaskingCase,
      { id: { $in: [...ids] }, group: { $in: groupIdsOf(viewer) } },
      { fields: ['id', 'group'], orderBy: { id: 'asc' } },
    );
    if (!visible.length) return new Map<number, CasePersonalData>();
    const caseIds = visible.map((c) => c.id);
    await recordAudit(tx, {
      userId: who.userId,
      userName: who.name,
      organisation: who.organisation,
      role: describeRole(who, [...new Set(visible.map((c) => c.group.id))]),
      purpose: purpose.trim(),
      operation,
      caseIds,
    });
    // One after another: a transaction has one connection, which runs one statement at a time.
    const people = await tx.find(CasePerson, { case: { $in: caseIds } }, { orderBy: { id: 'asc' } });
    const addresses = await tx.find(CaseAddress, { case: { $in: caseIds } }, { orderBy: { id: 'asc' } });
    const notes = await tx.find(CaseNote, { case: { $in: caseIds } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    const result = new Map<number, CasePersonalData>(caseIds.map((id) => [id, { people: [], addresses: [], notes: [] }]));
    for (const p of people) entryOf(result, p.case.id).people.push(p);
    for (const a of addresses) entryOf(result, a.case.id).addresses.push(a);
    for (const n of notes) entryOf(result, n.case.id).notes.push(n);
    return result;
  });
}

/**
 * The next reference of a group for the year, e.g. "NJTG-2026-0005". The counter row starts from the
 * highest reference already there (seeded or imported cases), then counts up. The UPDATE locks the
 * row until commit, so concurrent openings in one group take numbers one after another; at READ
 * COMMITTED (see openCase) each waits for the one before and counts on from its committed value.
 */
async function nextReference(tx: EntityManager, group: TaskingGroup, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const prefix = caseReferencePrefix(group.code, year);
  const { last } = await selectOne(
    tx,
    { last: col.int },
    `insert into case_reference_counter (group_id, year, last)
     values (?, ?, (select coalesce(max(substring(reference from ?)::int), 0) + 1 from tasking_case where group_id = ? and reference like ?))
     on conflict (group_id, year) do update set last = case_reference_counter.last + 1
     returning last`,
    [group.id, year, `^${prefix}(\\d+)$`, group.id, `${prefix}%`],
  );
  return caseReference(group.code, year, last);
}

function checkOpenCase(input: OpenCaseInput): InputCheck {
  const check = new InputCheck()
    .text('title', input.title, CASE_TEXT.title)
    .text('location', input.location, CASE_TEXT.location)
    .text('note', input.note, CASE_TEXT.note, false);
  if (input.status && input.status !== CaseStatus.REFERRED && input.status !== CaseStatus.OPEN) {
    check.add('status', `A new case starts as REFERRED or OPEN, not ${input.status}.`);
  }
  input.people?.forEach((p, i) => {
    check.text(`people.${i}.name`, p.name, CASE_TEXT.name);
    if (p.dateOfBirth && p.dateOfBirth > today())
      check.add(`people.${i}.dateOfBirth`, `'people.${i}.dateOfBirth' (${p.dateOfBirth}) is in the future.`);
  });
  input.addresses?.forEach((a, i) => {
    check.text(`addresses.${i}.address`, a.address, CASE_TEXT.address);
    check.text(`addresses.${i}.postcode`, a.postcode, CASE_TEXT.postcode, false);
  });
  return check;
}

/** Checks the references of a case (ward, LSOA, lead agency) against the database; adds problems to `check`. */
export async function checkPlaces(
  tx: EntityManager,
  check: InputCheck,
  group: TaskingGroup,
  input: { wardCode?: string | null; lsoaCode?: string | null; leadAgencyId?: string | null },
): Promise<{ ward?: Ward; lsoa?: Lsoa | null; leadAgency?: Partner }> {
  const out: { ward?: Ward; lsoa?: Lsoa | null; leadAgency?: Partner } = {};
  if (input.wardCode != null) {
    const ward = await tx.findOne(Ward, input.wardCode);
    if (!ward) check.add('wardCode', `There is no ward with code "${input.wardCode}".`);
    else if (ward.locality.id !== group.locality.id) {
      check.add('wardCode', `Ward ${ward.name} (${ward.code}) is not in the locality of ${group.name}.`);
    } else out.ward = ward;
    if (input.lsoaCode) {
      const lsoa = await tx.findOne(Lsoa, input.lsoaCode);
      if (!lsoa) check.add('lsoaCode', `There is no LSOA with code "${input.lsoaCode}".`);
      else if (lsoa.ward.code !== input.wardCode) check.add('lsoaCode', `LSOA ${lsoa.code} is not in ward ${input.wardCode}.`);
      else out.lsoa = lsoa;
    } else out.lsoa = null;
  }
  if (input.leadAgencyId != null) {
    const id = check.id('leadAgencyId', input.leadAgencyId);
    const agency = id === undefined ? null : await tx.findOne(Partner, id);
    if (agency) out.leadAgency = agency;
    else if (id !== undefined) check.add('leadAgencyId', `There is no partner organisation with id ${id}.`);
  }
  return out;
}

/**
 * Opens a case in a group the viewer belongs to, with its people, addresses and first note. Runs at
 * READ COMMITTED: it only adds rows, and at REPEATABLE READ every opening that met another on the
 * group's reference counter failed with a serialization error, so a busy group's chairs kept
 * failing each other however often they retried.
 */
export async function openCase(em: EntityManager, viewer: Viewer | null, input: OpenCaseInput, bus: WakeUpBus): Promise<TaskingCase> {
  const groupId = idOf(input.groupId, 'groupId');
  requireMember(viewer, groupId, `Opening a case in group ${groupId}`);
  const check = checkOpenCase(input);
  return writeChanges(
    em,
    viewer,
    bus,
    async (tx, log) => {
      const group = await tx.findOneOrFail(TaskingGroup, groupId);
      const refs = await checkPlaces(tx, check, group, input);
      check.done();
      // check.done() throws unless the ward and lead agency were given and found.
      const { ward, leadAgency } = refs;
      if (!ward || !leadAgency) throw new Error('a case passed the input check without its ward or lead agency');
      const now = new Date();
      const created = tx.create(TaskingCase, {
        reference: await nextReference(tx, group, now),
        group,
        title: input.title.trim(),
        category: input.category,
        ward,
        lsoa: refs.lsoa ?? null,
        location: input.location.trim(),
        placeKey: placeKey(input.location),
        riskLevel: input.riskLevel,
        leadAgency,
        status: input.status ?? CaseStatus.REFERRED,
        openedAt: now,
        updatedAt: now,
        createdBy: tx.getReference(HubUser, signedIn(viewer).userId),
      });
      for (const p of input.people ?? [])
        tx.create(CasePerson, { case: created, name: p.name.trim(), dateOfBirth: p.dateOfBirth ?? null, role: p.role });
      for (const a of input.addresses ?? [])
        tx.create(CaseAddress, { case: created, address: a.address.trim(), postcode: a.postcode?.trim() || null });
      if (input.note?.trim())
        tx.create(CaseNote, { case: created, text: input.note, author: tx.getReference(HubUser, signedIn(viewer).userId), createdAt: now });
      await tx.flush();
      await log.record(taskingEvent(TaskingEventType.CASE_OPENED, { groupId, caseId: created.id }));
      return created;
    },
    { isolationLevel: IsolationLevel.READ_COMMITTED },
  );
}

/** Changes a case's details, if the viewer read its current version. */
export async function updateCase(em: EntityManager, viewer: Viewer | null, input: UpdateCaseInput, bus: WakeUpBus): Promise<TaskingCase> {
  const id = idOf(input.id, 'id');
  const check = new InputCheck()
    .text('title', input.title, CASE_TEXT.title, false)
    .text('location', input.location, CASE_TEXT.location, false);
  if (input.title !== undefined && input.title !== null && !input.title.trim()) check.add('title', "'title' must not be blank.");
  if (input.location !== undefined && input.location !== null && !input.location.trim())
    check.add('location', "'location' must not be blank.");
  return writeChanges(em, viewer, bus, async (tx, log) => {
    const found = await requireCase(tx, viewer, id, `Updating case ${id}`);
    checkVersion(found, input.version, 'Case');
    const group = await tx.findOneOrFail(TaskingGroup, found.group.id);
    const refs = await checkPlaces(tx, check, group, { leadAgencyId: input.leadAgencyId });
    check.done();
    if (input.title != null) found.title = input.title.trim();
    if (input.location != null) {
      found.location = input.location.trim();
      found.placeKey = placeKey(input.location);
    }
    if (input.riskLevel != null) found.riskLevel = input.riskLevel;
    if (input.category != null) found.category = input.category;
    if (refs.leadAgency) found.leadAgency = refs.leadAgency;
    found.updatedAt = new Date();
    await tx.flush();
    await log.record(taskingEvent(TaskingEventType.CASE_UPDATED, { groupId: group.id, caseId: id }));
    return found;
  });
}

const STATUS_EVENT: Partial<Record<CaseStatus, TaskingEventType>> = {
  [CaseStatus.ESCALATED]: TaskingEventType.CASE_ESCALATED,
  [CaseStatus.CLOSED]: TaskingEventType.CASE_CLOSED,
};

async function addNote(tx: EntityManager, viewer: Viewer, found: TaskingCase, text: string, log: ChangeLog): Promise<void> {
  tx.create(CaseNote, { case: found, text, author: tx.getReference(HubUser, viewer.userId), createdAt: new Date() });
  found.updatedAt = new Date();
  await tx.flush();
  await log.record(taskingEvent(TaskingEventType.CASE_UPDATED, { groupId: found.group.id, caseId: found.id }));
}

/** Moves a case to another status, if the move is allowed; closing needs the group's chair. */
export async function changeCaseStatus(
  em: EntityManager,
  viewer: Viewer | null,
  input: ChangeCaseStatusInput,
  bus: WakeUpBus,
): Promise<TaskingCase> {
  const id = idOf(input.id, 'id');
  new InputCheck().text('reason', input.reason, CASE_TEXT.note, false).done();
  return writeChanges(em, viewer, bus, async (tx, log) => {
    const found = await requireCase(tx, viewer, id, `Changing the status of case ${id}`);
    checkVersion(found, input.version, 'Case');
    if (input.status === CaseStatus.CLOSED) requireChair(viewer, found.group.id, `Closing case ${found.reference}`);
    const allowed = CASE_TRANSITIONS[found.status];
    if (!allowed.includes(input.status)) {
      new InputCheck()
        .add('status', `Case ${found.reference} is ${found.status}; it cannot move to ${input.status}. Allowed: ${allowed.join(', ')}.`)
        .done();
    }
    const now = new Date();
    found.status = input.status;
    found.closedAt = input.status === CaseStatus.CLOSED ? now : null;
    found.updatedAt = now;
    if (input.reason?.trim())
      tx.create(CaseNote, { case: found, text: input.reason, author: tx.getReference(HubUser, signedIn(viewer).userId), createdAt: now });
    await tx.flush();
    await log.record(taskingEvent(STATUS_EVENT[input.status] ?? TaskingEventType.CASE_UPDATED, { groupId: found.group.id, caseId: id }));
    return found;
  });
}

/** Adds a free-text note to a case. Notes are personal data: they are read back only through `personal`. */
export async function addCaseNote(em: EntityManager, viewer: Viewer | null, input: AddCaseNoteInput, bus: WakeUpBus): Promise<TaskingCase> {
  const id = idOf(input.caseId, 'caseId');
  new InputCheck().text('text', input.text, CASE_TEXT.note).done();
  return writeChanges(em, viewer, bus, async (tx, log) => {
    const found = await requireCase(tx, viewer, id, `Adding a note to case ${id}`);
    await addNote(tx, signedIn(viewer), found, input.text, log);
    return found;
  });
}

/** The personal data of cases, table by table, written out rather than built from table names. */
const ERASE_PERSONAL_SQL = [
  'delete from case_person where case_id = any(?::int[])',
  'delete from case_address where case_id = any(?::int[])',
  'delete from case_note where case_id = any(?::int[])',
] as const;

/**
 * Erases the personal data (people, addresses, notes) of cases closed more than `retentionDays`
 * ago, keeping the case and its aggregates; records the erasure in the audit trail. Runs as a
 * system job, once across all hub processes.
 */
export async function erasePersonalData(tx: EntityManager, retentionDays: number, now = new Date()): Promise<number[]> {
  const rows = await selectRows(
    tx,
    { id: col.int },
    `update tasking_case set personal_erased_at = ?
      where status = 'CLOSED' and personal_erased_at is null and closed_at < ?::timestamptz - make_interval(days => ?)
      returning id`,
    [now, now, retentionDays],
  );
  const ids = rows.map((r) => r.id).sort((a, b) => a - b);
  if (!ids.length) return ids;
  for (const erase of ERASE_PERSONAL_SQL) await tx.execute(erase, [intArray(ids)]);
  await recordAudit(tx, {
    userId: 0,
    userName: 'Retention job',
    organisation: 'Partnership Data Hub',
    role: 'system',
    purpose: `Personal data erased ${retentionDays} days after the case closed`,
    operation: AuditOperation.ERASE,
    caseIds: ids,
  });
  return ids;
}
