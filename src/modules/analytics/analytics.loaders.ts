import type { EntityManager } from '@mikro-orm/postgresql';
import { withArgs } from '../../batch';
import type { Viewer } from '../access/viewer';
import type { CaseStatus } from '../cases/cases.enums';
import { wardCaseSummaries } from './analytics.service';

/** Per-request loaders for aggregates of case data: `ctx.loaders.analytics`. */
export function analyticsLoaders(em: EntityManager, viewer: Viewer | null) {
  return {
    analytics: {
      wardCaseSummary: withArgs((codes: readonly string[], status: CaseStatus[] | null) => wardCaseSummaries(em, viewer, codes, status)),
    },
  };
}

/** The loaders a resolver's context needs to load case aggregates: `Context<AnalyticsLoaders>`. */
export type AnalyticsLoaders = ReturnType<typeof analyticsLoaders>;
