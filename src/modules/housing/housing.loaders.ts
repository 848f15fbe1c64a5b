import type { EntityManager } from '@mikro-orm/postgresql';
import { once, withArgs } from '../../batch';
import { resolveMonths } from '../../periods';
import { housingSummaries, latestHousingMonth, type HousingPeriod } from './housing.service';
import type { HousingArgs, HousingSummary } from './housing.types';

export function housingLoaders(em: EntityManager) {
  return {
    latestHousingMonth: once(() => latestHousingMonth(em)),
    wardHousing: withArgs((codes: readonly string[], period: HousingPeriod) => housingSummaries(em, codes, period)),
  };
}

/** A ward's housing summary through the request's loaders, so that sibling wards batch. */
export async function loadHousing(loaders: ReturnType<typeof housingLoaders>, code: string, args: HousingArgs): Promise<HousingSummary> {
  const period = resolveMonths(args, await loaders.latestHousingMonth.load('once'));
  return (await loaders.wardHousing.load({ key: code, args: period }))!;
}
