import type { EntityManager } from '@mikro-orm/postgresql';
import { fromMap } from '../../batch';
import * as profiles from './profiles.service';

/** Per-request loaders for ward profiles: `ctx.loaders.profiles`. */
export function profilesLoaders(em: EntityManager) {
  return {
    profiles: {
      populationByWard: fromMap((codes: readonly string[]) => profiles.populationByWards(em, codes)),
      deprivationByWard: fromMap((codes: readonly string[]) => profiles.deprivationByWards(em, codes)),
      deprivationDomainsByWard: fromMap((codes: readonly string[]) => profiles.deprivationDomainsByWards(em, codes)),
      populationByLsoa: fromMap((codes: readonly string[]) => profiles.populationByLsoas(em, codes)),
      deprivationByLsoa: fromMap((codes: readonly string[]) => profiles.deprivationByLsoas(em, codes)),
      deprivationDomainsByLsoa: fromMap((codes: readonly string[]) => profiles.deprivationDomainsByLsoas(em, codes)),
    },
  };
}

/** The loaders a resolver's context needs to load profiles: `Context<ProfilesLoaders>`. */
export type ProfilesLoaders = ReturnType<typeof profilesLoaders>;
