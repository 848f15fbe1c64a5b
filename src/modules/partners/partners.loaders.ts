import type { EntityManager } from '@mikro-orm/postgresql';
import { oneByKey } from '../../batch';
import { partnersByIds } from './partners.service';

/** Per-request loaders for partner organisations: `ctx.loaders.partners`. */
export function partnersLoaders(em: EntityManager) {
  return {
    partners: {
      partner: oneByKey(
        (ids: readonly number[]) => partnersByIds(em, ids),
        (p) => p.id,
      ),
    },
  };
}

/** The loaders a resolver's context needs to load partners: `Context<PartnersLoaders>`. */
export type PartnersLoaders = ReturnType<typeof partnersLoaders>;
