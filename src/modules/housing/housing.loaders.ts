import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { withArgs } from '../../batch';
import { housingSummaries, latestHousingMonth, resolveHousingPeriod, type HousingPeriod } from './housing.service';
import type { HousingArgs, HousingSummary } from './housing.types';

export function housingLoaders(em: EntityManager) {
  return {
    latestHousingMonth: new DataLoader<'latest', string | null>(async (keys) => {
      const month = await latestHousingMonth(em);
      return keys.map(() => month);
    }),
    wardHousing: withArgs((codes: readonly string[], period: HousingPeriod) => housingSummaries(em, codes, period)),
  };
}

/** A ward's housing summary through the request's loaders, so that sibling wards batch. */
export async function loadHousing(loaders: ReturnType<typeof housingLoaders>, code: string, args: HousingArgs): Promise<HousingSummary> {
  const period = resolveHousingPeriod(args, await loaders.latestHousingMonth.load('latest'));
  return (await loaders.wardHousing.load({ key: code, args: period }))!;
}
