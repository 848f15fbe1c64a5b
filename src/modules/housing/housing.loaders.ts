import type { EntityManager } from '@mikro-orm/postgresql';
import { once, withArgs } from '../../batch';
import { resolveMonths } from '../../periods';
import { housingSummaries, latestHousingMonth, type HousingPeriod } from './housing.service';
import type { HousingArgs, HousingSummary } from './housing.types';

/** Per-request loaders for housing summaries: `ctx.loaders.housing`. */
export function housingLoaders(em: EntityManager) {
  return {
    housing: {
      latestHousingMonth: once(() => latestHousingMonth(em)),
      wardHousing: withArgs((codes: readonly string[], period: HousingPeriod) => housingSummaries(em, codes, period)),
    },
  };
}

/** The loaders a resolver's context needs to load housing: `Context<HousingLoaders>`. */
export type HousingLoaders = ReturnType<typeof housingLoaders>;

/** A ward's housing summary through the request's loaders, so that sibling wards batch. */
export async function loadHousing(loaders: HousingLoaders, code: string, args: HousingArgs): Promise<HousingSummary> {
  const period = resolveMonths(args, await loaders.housing.latestHousingMonth.load('once'));
  const summary = await loaders.housing.wardHousing.load({ key: code, args: period });
  if (!summary) throw new Error(`no housing summary for ward ${code}`);
  return summary;
}
