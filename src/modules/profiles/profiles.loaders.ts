import type { EntityManager } from '@mikro-orm/postgresql';
import { fromMap } from '../../batch';
import * as profiles from './profiles.service';

export function profilesLoaders(em: EntityManager) {
  return {
    populationByWard: fromMap((codes: readonly string[]) => profiles.populationByWards(em, codes)),
    deprivationByWard: fromMap((codes: readonly string[]) => profiles.deprivationByWards(em, codes)),
  };
}
