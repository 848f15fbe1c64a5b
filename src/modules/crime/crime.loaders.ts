import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { withArgs } from '../../batch';
import { crimeSummaries, latestCrimeMonth, resolvePeriod, type AreaLevel } from './crime.service';
import type { CrimeArgs, CrimePeriod, CrimeSummary } from './crime.types';

export function crimeLoaders(em: EntityManager) {
  const summaries = (level: AreaLevel) =>
    withArgs((keys: readonly string[], period: CrimePeriod) => crimeSummaries(em, level, keys, period));
  return {
    /** One key ('latest'): the latest crime month, asked once per request however many areas ask. */
    latestCrimeMonth: new DataLoader<'latest', string | null>(async (keys) => {
      const month = await latestCrimeMonth(em);
      return keys.map(() => month);
    }),
    wardCrime: summaries('ward'),
    localityCrime: summaries('locality'),
    boroughCrime: summaries('borough'),
  };
}

export type CrimeLoaders = ReturnType<typeof crimeLoaders>;

const LOADER: Record<AreaLevel, 'wardCrime' | 'localityCrime' | 'boroughCrime'> = {
  ward: 'wardCrime',
  locality: 'localityCrime',
  borough: 'boroughCrime',
};

/** The crime summary for one area, through the request's loaders so that sibling areas batch. */
export async function loadCrime(loaders: CrimeLoaders, level: AreaLevel, key: string, args: CrimeArgs): Promise<CrimeSummary> {
  const period = resolvePeriod(args, await loaders.latestCrimeMonth.load('latest'));
  return (await loaders[LOADER[level]].load({ key, args: period }))!;
}
