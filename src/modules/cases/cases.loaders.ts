import type { EntityManager } from '@mikro-orm/postgresql';
import { fromMap, manyByKey, oneByKey, withArgs } from '../../batch';
import { actionsOfCases } from '../actions/actions.service';
import type { Viewer } from '../access/viewer';
import { AuditOperation } from '../audit/audit.enums';
import { casesByIds, earlierCasesOf, readPersonalData } from './cases.service';

/**
 * Per-request loaders for case data, bound to the viewer: every batch runs in the viewer's group
 * scope, so a loader can never hand one group's rows to another's member.
 */
export function casesLoaders(em: EntityManager, viewer: Viewer | null, transport: 'http' | 'socket') {
  const operation = transport === 'socket' ? AuditOperation.PUSH : AuditOperation.READ;
  return {
    taskingCase: oneByKey(
      (ids: readonly number[]) => casesByIds(em, viewer, ids),
      (c) => c.id,
    ),
    earlierCases: fromMap((ids: readonly number[]) => earlierCasesOf(em, viewer, ids)),
    actionsByCase: manyByKey(
      (ids: readonly number[]) => actionsOfCases(em, viewer, ids),
      (a) => a.case.id,
    ),
    /** One audit row per batch: all the cases whose personal data one response carries, for one purpose. */
    casePersonal: withArgs((ids: readonly number[], purpose: string) => readPersonalData(em, viewer, ids, purpose, operation)),
  };
}
