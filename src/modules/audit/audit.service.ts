import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { writeCsv } from '../../csv';
import { paginate, type Page } from '../../pagination';
import { intArray } from '../../sql';
import { idOf, InputCheck } from '../../validation';
import { AuditEntry } from './audit-entry.entity';
import type { AuditOperation } from './audit.enums';

export interface AuditFilter {
  from?: Date | null;
  to?: Date | null;
  userId?: string | null;
  caseId?: string | null;
}

function where(filter: AuditFilter): FilterQuery<AuditEntry> {
  const check = new InputCheck();
  if (filter.from && filter.to && filter.from > filter.to) check.add('from', "'from' is after 'to'.");
  check.done();
  const and: FilterQuery<AuditEntry>[] = [];
  if (filter.from) and.push({ at: { $gte: filter.from } });
  if (filter.to) and.push({ at: { $lt: filter.to } });
  if (filter.userId) and.push({ userId: idOf(filter.userId, 'userId') });
  if (filter.caseId) and.push({ caseIds: { $contains: [idOf(filter.caseId, 'caseId')] } });
  return and.length ? { $and: and } : {};
}

/** A page of audit entries, newest first. */
export function listAuditEntries(
  em: EntityManager,
  filter: AuditFilter,
  args: { first?: number | null; after?: string | null; last?: number | null; before?: string | null },
  maxPageSize: number,
): Promise<Page<AuditEntry>> {
  return paginate(em, AuditEntry, where(filter), [{ id: 'desc' }], args, maxPageSize);
}

/** The matching entries as CSV, oldest first: the whole trail for a period, for an information governance request. */
export async function exportAuditEntries(em: EntityManager, filter: AuditFilter): Promise<string> {
  const rows = await em.find(AuditEntry, where(filter), { orderBy: { id: 'asc' } });
  // Purposes, names and organisations are typed by people: writeCsv keeps them from running as formulas.
  return writeCsv(
    ['id', 'at', 'user_id', 'user_name', 'organisation', 'role', 'purpose', 'operation', 'case_ids'],
    rows.map((r) => [r.id, r.at.toISOString(), r.userId, r.userName, r.organisation, r.role, r.purpose, r.operation, r.caseIds.join(' ')]),
  );
}

/** One entry of the audit trail: who touched which cases' personal data, how, and why. Names are copied as they are now. */
export interface AuditRecord {
  userId: number;
  userName: string;
  organisation: string;
  role: string;
  purpose: string;
  operation: AuditOperation;
  caseIds: readonly number[];
}

/**
 * Appends an entry to the audit trail in the caller's transaction, so that if it cannot be written,
 * what it records does not happen either. The one way the hub writes to audit_entry. Plain SQL, not
 * a flush: a flush would also write whatever else the transaction's EntityManager holds.
 */
export async function recordAudit(tx: EntityManager, entry: AuditRecord): Promise<void> {
  await tx.execute(
    'insert into audit_entry (user_id, user_name, organisation, role, purpose, operation, case_ids) values (?, ?, ?, ?, ?, ?, ?::int[])',
    [entry.userId, entry.userName, entry.organisation, entry.role, entry.purpose, entry.operation, intArray(entry.caseIds)],
  );
}
