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

/**
 * The data sources with these ids that the hub still holds, in order. A load announced earlier (and
 * replayed from a cursor) may name a source that a newer import has since replaced entirely and removed.
 */
export async function loadSourcesStillHeld(loaders: ReturnType<typeof sourcesLoaders>, ids: readonly number[]): Promise<DataSource[]> {
  const found = await Promise.all(ids.map((id) => loaders.source.load(id)));
  return found.filter((s): s is DataSource => s !== undefined);
}
