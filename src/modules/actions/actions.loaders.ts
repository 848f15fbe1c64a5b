import type { EntityManager } from '@mikro-orm/postgresql';
import { manyByKey } from '../../batch';
import type { Viewer } from '../access/viewer';
import { actionsOfCases } from './actions.service';

/** Per-request loaders for case actions (`ctx.loaders.actions`), bound to the viewer's group scope. */
export function actionsLoaders(em: EntityManager, viewer: Viewer | null) {
  return {
    actions: {
      actionsByCase: manyByKey(
        (ids: readonly number[]) => actionsOfCases(em, viewer, ids),
        (a) => a.case.id,
      ),
    },
  };
}

/** The loaders a resolver's context needs to load actions: `Context<ActionsLoaders>`. */
export type ActionsLoaders = ReturnType<typeof actionsLoaders>;
