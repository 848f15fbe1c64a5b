import type { EntityManager } from '@mikro-orm/postgresql';
import { loadRequired, oneByKey } from '../../batch';
import type { DataSource } from './data-source.entity';
import { sourcesByIds } from './sources.service';

export function sourcesLoaders(em: EntityManager) {
  return {
    source: oneByKey(
      (ids: readonly number[]) => sourcesByIds(em, ids),
      (s) => s.id,
    ),
  };
}

/** The data sources with these ids, in order, through the request's loader. */
export function loadSources(loaders: ReturnType<typeof sourcesLoaders>, ids: readonly number[]): Promise<DataSource[]> {
  return Promise.all(ids.map((id) => loadRequired(loaders.source, id)));
}
