import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Config } from './config';
import { createLoaders, type Loaders } from './loaders';

/** What every resolver gets: its own unit of work and its own loaders, never shared between requests. */
export interface Context {
  em: EntityManager;
  loaders: Loaders;
  limits: Config['limits'];
}

/** The one context factory, used for HTTP requests and websocket operations alike. */
export function createContextFactory(orm: MikroORM, config: Pick<Config, 'limits'>): () => Context {
  return () => {
    const em = orm.em.fork() as EntityManager;
    return { em, loaders: createLoaders(em), limits: config.limits };
  };
}
