import type { EntityManager } from '@mikro-orm/postgresql';
import { fromMap, withArgs } from '../../batch';
import type { IndicatorArgs } from './indicators.types';
import { indicatorCoverage, indicatorResults } from './indicators.service';

/** Per-request loaders for indicator figures: `ctx.loaders.indicators`. */
export function indicatorsLoaders(em: EntityManager) {
  return {
    indicators: {
      wardIndicators: withArgs((codes: readonly string[], args: IndicatorArgs) => indicatorResults(em, codes, args)),
      coverage: fromMap((ids: readonly number[]) => indicatorCoverage(em, ids)),
    },
  };
}

/** The loaders a resolver's context needs to load indicators: `Context<IndicatorsLoaders>`. */
export type IndicatorsLoaders = ReturnType<typeof indicatorsLoaders>;
