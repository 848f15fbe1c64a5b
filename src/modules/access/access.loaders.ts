import type { EntityManager } from '@mikro-orm/postgresql';
import { oneByKey } from '../../batch';
import { usersByIds } from './api-keys.service';

/** Per-request loaders for accounts: `ctx.loaders.access`. */
export function accessLoaders(em: EntityManager) {
  return {
    access: {
      user: oneByKey(
        (ids: readonly number[]) => usersByIds(em, ids),
        (u) => u.id,
      ),
    },
  };
}

/** The loaders a resolver's context needs to load accounts: `Context<AccessLoaders>`. */
export type AccessLoaders = ReturnType<typeof accessLoaders>;
