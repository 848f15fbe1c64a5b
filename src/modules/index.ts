import { accessModule } from './access';
import { actionsModule } from './actions';
import { analyticsModule } from './analytics';
import { auditModule } from './audit';
import { budgetsModule } from './budgets';
import { casesModule } from './cases';
import { crimeModule } from './crime';
import { documentsModule } from './documents';
import { housingModule } from './housing';
import { importsModule } from './imports';
import { indicatorsModule } from './indicators';
import { liveModule } from './live';
import { meetingsModule } from './meetings';
import { partnersModule } from './partners';
import { placesModule } from './places';
import { plansModule } from './plans';
import { profilesModule } from './profiles';
import { sourcesModule } from './sources';
import { taskingModule } from './tasking';

/**
 * Every module of the hub, lowest layer first (the layers are listed in .dependency-cruiser.cjs): the
 * one list that the ORM's entities, the schema's resolvers, each request's loaders and the import
 * command's importers are read from. A new module is added here and nowhere else.
 */
export const hubModules = [
  liveModule,
  importsModule,
  documentsModule,
  sourcesModule,
  placesModule,
  partnersModule,
  plansModule,
  profilesModule,
  crimeModule,
  housingModule,
  indicatorsModule,
  budgetsModule,
  accessModule,
  auditModule,
  taskingModule,
  casesModule,
  actionsModule,
  meetingsModule,
  analyticsModule,
] as const;

export type AnyHubModule = (typeof hubModules)[number];
