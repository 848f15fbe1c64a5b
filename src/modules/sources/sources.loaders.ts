import type { EntityManager } from '@mikro-orm/postgresql';
import { oneByKey } from '../../batch';
import { sourcesByIds } from './sources.service';

export function sourcesLoaders(em: EntityManager) {
  return {
    source: oneByKey((ids: readonly number[]) => sourcesByIds(em, ids), (s) => s.id),
  };
}
