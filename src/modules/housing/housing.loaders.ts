import type { EntityManager } from '@mikro-orm/postgresql';
import { once, withArgs } from '../../batch';
import { resolveMonths } from '../../periods';
import type { AreaLevel } from '../places/areas';
import { housingSummaries, latestHousingMonth, type HousingPeriod } from './housing.service';
import type { HousingArgs, HousingSummary } from './housing.types';

/** Per-request loaders for housing summaries: `ctx.loaders.housing`. */
export function housingLoaders(em: EntityManager) {
  const summaries = (level: AreaLevel) =>
    withArgs((keys: readonly string[], period: HousingPeriod) => housingSummaries(em, level, keys, period));
  return {
    housing: {
      latestHousingMonth: once(() => latestHousingMonth(em)),
      wardHousing: summaries('ward'),
      localityHousing: summaries('locality'),
      boroughHousing: summaries('borough'),
    },
  };
}

/** The loaders a resolver's context needs to load housing: `Context<HousingLoaders>`. */
export type HousingLoaders = ReturnType<typeof housingLoaders>;

const LOADER = { ward: 'wardHousing', locality: 'localityHousing', borough: 'boroughHousing' } as const satisfies Record<AreaLevel, string>;

/** An area's housing summary through the request's loaders, so that sibling areas batch. */
export async function loadHousing(loaders: HousingLoaders, level: AreaLevel, key: string, args: HousingArgs): Promise<HousingSummary> {
  const period = resolveMonths(args, await loaders.housing.latestHousingMonth.load('once'));
  const summary = await loaders.housing[LOADER[level]].load({ key, args: period });
  if (!summary) throw new Error(`no housing summary for ${level} ${key}`);
  return summary;
}
