import type { EntityManager } from '@mikro-orm/postgresql';
import type { Transport } from '../../module';
import { fromMap, oneByKey, withArgs } from '../../batch';
import type { Viewer } from '../access/viewer';
import { AuditOperation } from '../audit/audit.enums';
import { casesByIds, earlierCasesOf, readPersonalData } from './cases.service';

/**
 * Per-request loaders for case data (`ctx.loaders.cases`), bound to the viewer: every batch runs in
 * the viewer's group scope, so a loader can never hand one group's rows to another's member.
 */
export function casesLoaders(em: EntityManager, viewer: Viewer | null, transport: Transport) {
  const operation = transport === 'socket' ? AuditOperation.PUSH : AuditOperation.READ;
  return {
    cases: {
      taskingCase: oneByKey(
        (ids: readonly number[]) => casesByIds(em, viewer, ids),
        (c) => c.id,
      ),
      earlierCases: fromMap((ids: readonly number[]) => earlierCasesOf(em, viewer, ids)),
      /** One audit row per batch: all the cases whose personal data one response carries, for one purpose. */
      casePersonal: withArgs((ids: readonly number[], purpose: string) => readPersonalData(em, viewer, ids, purpose, operation)),
    },
  };
}

/** The loaders a resolver's context needs to load cases: `Context<CasesLoaders>`. */
export type CasesLoaders = ReturnType<typeof casesLoaders>;
