import type { EntityManager } from '@mikro-orm/postgresql';
import { loadRequired, oneByKey } from '../../batch';
import type { DataSource } from './data-source.entity';
import { sourcesByIds } from './sources.service';

/** Per-request loaders for data sources: `ctx.loaders.sources`. */
export function sourcesLoaders(em: EntityManager) {
  return {
    sources: {
      source: oneByKey(
        (ids: readonly number[]) => sourcesByIds(em, ids),
        (s) => s.id,
      ),
    },
  };
}

/** The loaders a resolver's context needs to load data sources: `Context<SourcesLoaders>`. */
export type SourcesLoaders = ReturnType<typeof sourcesLoaders>;

/** The data sources with these ids, in order, through the request's loader. */
export function loadSources(loaders: SourcesLoaders, ids: readonly number[]): Promise<DataSource[]> {
  return Promise.all(ids.map((id) => loadRequired(loaders.sources.source, id)));
}

/**
 * The data sources with these ids that the hub still holds, in order. A load announced earlier (and
 * replayed from a cursor) may name a source that a newer import has since replaced entirely and removed.
 */
export async function loadSourcesStillHeld(loaders: SourcesLoaders, ids: readonly number[]): Promise<DataSource[]> {
  const found = await Promise.all(ids.map((id) => loaders.sources.source.load(id)));
  return found.filter((s): s is DataSource => s !== undefined);
}
