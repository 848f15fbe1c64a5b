import type { EntityManager } from '@mikro-orm/postgresql';
import { fromMap } from '../../batch';
import * as profiles from './profiles.service';

/** Per-request loaders for ward and LSOA profiles and the localities' and borough's figures: `ctx.loaders.profiles`. */
export function profilesLoaders(em: EntityManager) {
  return {
    profiles: {
      populationByWard: fromMap((codes: readonly string[]) => profiles.populationByWards(em, codes)),
      deprivationByWard: fromMap((codes: readonly string[]) => profiles.deprivationByWards(em, codes)),
      deprivationDomainsByWard: fromMap((codes: readonly string[]) => profiles.deprivationDomainsByWards(em, codes)),
      populationByLocality: fromMap((ids: readonly string[]) => profiles.populationByAreas(em, 'locality', ids)),
      populationOfBorough: fromMap((keys: readonly string[]) => profiles.populationByAreas(em, 'borough', keys)),
      deprivationByLocality: fromMap((ids: readonly string[]) => profiles.deprivationByAreas(em, 'locality', ids)),
      deprivationOfBorough: fromMap((keys: readonly string[]) => profiles.deprivationByAreas(em, 'borough', keys)),
      populationByLsoa: fromMap((codes: readonly string[]) => profiles.populationByLsoas(em, codes)),
      deprivationByLsoa: fromMap((codes: readonly string[]) => profiles.deprivationByLsoas(em, codes)),
      deprivationDomainsByLsoa: fromMap((codes: readonly string[]) => profiles.deprivationDomainsByLsoas(em, codes)),
    },
  };
}

/** The loaders a resolver's context needs to load profiles: `Context<ProfilesLoaders>`. */
export type ProfilesLoaders = ReturnType<typeof profilesLoaders>;
