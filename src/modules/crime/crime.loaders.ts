import type { EntityManager } from '@mikro-orm/postgresql';
import { once, withArgs } from '../../batch';
import { crimeOutcomes, crimeSourceIds, crimeSummaries, latestCrimeMonth, resolvePeriod, type OutcomeRow } from './crime.service';
import type { AreaLevel, CrimeArgs, CrimePeriod, CrimeScope, CrimeSummary } from './crime.types';

/** Per-request loaders for crime summaries: `ctx.loaders.crime`. */
export function crimeLoaders(em: EntityManager) {
  const summaries = (level: AreaLevel) =>
    withArgs((keys: readonly string[], period: CrimePeriod) => crimeSummaries(em, level, keys, period));
  const outcomes = (level: AreaLevel) => withArgs((keys: readonly string[], period: CrimePeriod) => crimeOutcomes(em, level, keys, period));
  return {
    crime: {
      latestCrimeMonth: once(() => latestCrimeMonth(em)),
      lsoaCrime: summaries('lsoa'),
      wardCrime: summaries('ward'),
      localityCrime: summaries('locality'),
      boroughCrime: summaries('borough'),
      outcomes: { lsoa: outcomes('lsoa'), ward: outcomes('ward'), locality: outcomes('locality'), borough: outcomes('borough') },
      sourceIds: withArgs((keys: readonly string[], period: Pick<CrimePeriod, 'from' | 'to'>) =>
        crimeSourceIds(em, period).then((ids) => new Map(keys.map((k) => [k, ids]))),
      ),
    },
  };
}

/** The loaders a resolver's context needs to load crime: `Context<CrimeLoaders>`. */
export type CrimeLoaders = ReturnType<typeof crimeLoaders>;

const LOADER: Record<AreaLevel, 'lsoaCrime' | 'wardCrime' | 'localityCrime' | 'boroughCrime'> = {
  lsoa: 'lsoaCrime',
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

/** The latest outcomes of the crimes a summary counted, batched with sibling areas' asking the same. */
export async function loadOutcomes(loaders: CrimeLoaders, scope: CrimeScope): Promise<OutcomeRow[]> {
  return (await loaders.crime.outcomes[scope.level].load({ key: scope.area, args: scope.period })) ?? [];
}

/** The police.uk files behind a summary's period: one statement per period however many areas ask. */
export async function loadCrimeSourceIds(loaders: CrimeLoaders, scope: CrimeScope): Promise<number[]> {
  const { from, to } = scope.period;
  return (await loaders.crime.sourceIds.load({ key: 'all', args: { from, to } })) ?? [];
}
