import type { EntityManager } from '@mikro-orm/postgresql';
import { crimeLoaders } from './modules/crime/crime.loaders';
import { indicatorsLoaders } from './modules/indicators/indicators.loaders';
import { budgetsLoaders } from './modules/budgets/budgets.loaders';
import { housingLoaders } from './modules/housing/housing.loaders';
import { placesLoaders } from './modules/places/places.loaders';
import { plansLoaders } from './modules/plans/plans.loaders';
import { profilesLoaders } from './modules/profiles/profiles.loaders';
import { sourcesLoaders } from './modules/sources/sources.loaders';

/** Every module's loaders, bound to one request's EntityManager. */
export function createLoaders(em: EntityManager) {
  return {
    ...placesLoaders(em),
    ...profilesLoaders(em),
    ...plansLoaders(em),
    ...sourcesLoaders(em),
    ...crimeLoaders(em),
    ...indicatorsLoaders(em),
    ...housingLoaders(em),
    ...budgetsLoaders(em),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
