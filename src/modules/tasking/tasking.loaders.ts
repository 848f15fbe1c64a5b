import type { EntityManager } from '@mikro-orm/postgresql';
import { manyByKey, oneByKey } from '../../batch';
import { groupsByIds, membersOfGroups, membershipsOfUsers } from './tasking.service';

/** Per-request loaders for tasking groups and their members: `ctx.loaders.tasking`. */
export function taskingLoaders(em: EntityManager) {
  return {
    tasking: {
      taskingGroup: oneByKey(
        (ids: readonly number[]) => groupsByIds(em, ids),
        (g) => g.id,
      ),
      membersByGroup: manyByKey(
        (ids: readonly number[]) => membersOfGroups(em, ids),
        (m) => m.group.id,
      ),
      membershipsByUser: manyByKey(
        (ids: readonly number[]) => membershipsOfUsers(em, ids),
        (m) => m.user.id,
      ),
    },
  };
}

/** The loaders a resolver's context needs to load groups and memberships: `Context<TaskingLoaders>`. */
export type TaskingLoaders = ReturnType<typeof taskingLoaders>;
