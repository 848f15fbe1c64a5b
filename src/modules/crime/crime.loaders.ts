import type { EntityManager } from '@mikro-orm/postgresql';
import { once, withArgs } from '../../batch';
import { crimeSummaries, latestCrimeMonth, resolvePeriod, type AreaLevel } from './crime.service';
import type { CrimeArgs, CrimePeriod, CrimeSummary } from './crime.types';

/** Per-request loaders for crime summaries: `ctx.loaders.crime`. */
export function crimeLoaders(em: EntityManager) {
  const summaries = (level: AreaLevel) =>
    withArgs((keys: readonly string[], period: CrimePeriod) => crimeSummaries(em, level, keys, period));
  return {
    crime: {
      latestCrimeMonth: once(() => latestCrimeMonth(em)),
      wardCrime: summaries('ward'),
      localityCrime: summaries('locality'),
      boroughCrime: summaries('borough'),
    },
  };
}

/** The loaders a resolver's context needs to load crime: `Context<CrimeLoaders>`. */
export type CrimeLoaders = ReturnType<typeof crimeLoaders>;

const LOADER: Record<AreaLevel, 'wardCrime' | 'localityCrime' | 'boroughCrime'> = {
  ward: 'wardCrime',
  locality: 'localityCrime',
  borough: 'boroughCrime',
};

/** The crime summary for one area, through the request's loaders so that sibling areas batch. */
export async function loadCrime(loaders: CrimeLoaders, level: AreaLevel, key: string, args: CrimeArgs): Promise<CrimeSummary> {
  const period = resolvePeriod(args, await loaders.crime.latestCrimeMonth.load('once'));
  const summary = await loaders.crime[LOADER[level]].load({ key, args: period });
  if (!summary) throw new Error(`no crime summary for ${level} ${key}`);
  return summary;
}
