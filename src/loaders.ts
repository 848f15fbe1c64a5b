import type { EntityManager } from '@mikro-orm/postgresql';
import { budgetsLoaders } from './modules/budgets/budgets.loaders';
import type { Viewer } from './modules/access/viewer';
import { casesLoaders } from './modules/cases/cases.loaders';
import { crimeLoaders } from './modules/crime/crime.loaders';
import { housingLoaders } from './modules/housing/housing.loaders';
import { meetingsLoaders } from './modules/meetings/meetings.loaders';
import { indicatorsLoaders } from './modules/indicators/indicators.loaders';
import { placesLoaders } from './modules/places/places.loaders';
import { plansLoaders } from './modules/plans/plans.loaders';
import { profilesLoaders } from './modules/profiles/profiles.loaders';
import { sourcesLoaders } from './modules/sources/sources.loaders';
import { taskingLoaders } from './modules/tasking/tasking.loaders';

/**
 * Every module's loaders, bound to one request's EntityManager. Case loaders are also bound to the
 * viewer, so they only ever return what the viewer's groups may see.
 */
export function createLoaders(em: EntityManager, viewer: Viewer | null, transport: 'http' | 'socket') {
  return {
    ...placesLoaders(em),
    ...profilesLoaders(em),
    ...plansLoaders(em),
    ...sourcesLoaders(em),
    ...crimeLoaders(em),
    ...indicatorsLoaders(em),
    ...housingLoaders(em),
    ...budgetsLoaders(em),
    ...taskingLoaders(em),
    ...casesLoaders(em, viewer, transport),
    ...meetingsLoaders(em, viewer),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
