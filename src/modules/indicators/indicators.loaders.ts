import type { EntityManager } from '@mikro-orm/postgresql';
import { withArgs } from '../../batch';
import type { IndicatorArgs } from './indicators.types';
import { indicatorResults } from './indicators.service';

export function indicatorsLoaders(em: EntityManager) {
  return {
    wardIndicators: withArgs((codes: readonly string[], args: IndicatorArgs) => indicatorResults(em, codes, args)),
  };
}
