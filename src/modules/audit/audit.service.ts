import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { writeCsv } from '../../csv';
import { paginate, type Page } from '../../pagination';
import { idOf, InputCheck } from '../../validation';
import { AuditEntry } from './audit-entry.entity';

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
