import type { EntityManager } from '@mikro-orm/postgresql';
import { paginate, type Page, type PageArgs } from '../../pagination';
import { DataSource } from './data-source.entity';

export function sourcesByIds(em: EntityManager, ids: readonly number[]): Promise<DataSource[]> {
  return em.find(DataSource, { id: { $in: [...ids] } });
}

/** Every data source loaded into the hub, newest first. */
export function listSources(
  em: EntityManager,
  kind: string | null | undefined,
  page: PageArgs,
  maxPageSize: number,
): Promise<Page<DataSource>> {
  return paginate(em, DataSource, kind ? { kind } : {}, [{ id: 'desc' }], page, maxPageSize);
}

/** The wards a set of sources touch, each once, in code order. */
export function wardCodesOf(sources: DataSource[]): string[] {
  return [...new Set(sources.flatMap((s) => s.wardCodes))].sort();
}

/**
 * SQL for the sources of the newest edition (period) of deprivation figures. An edition can come from
 * several sources (seed data, then an import replacing some LSOAs), so it selects every source of
 * that period. Use it as `source_id in <this>`. (Population has a view of its own, ward_residents.)
 */
export const LATEST_DEPRIVATION_EDITION =
  "(select id from data_source where kind = 'deprivation' and period = (select max(period) from data_source where kind = 'deprivation'))";
