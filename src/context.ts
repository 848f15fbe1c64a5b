import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Config } from './config';
import { createLoaders, type Loaders } from './loaders';

/** What every resolver gets: its own unit of work and its own loaders, never shared between requests. */
export interface Context {
  em: EntityManager;
  loaders: Loaders;
  limits: Config['limits'];
  /**
   * Gives the context a fresh EntityManager and loaders. A subscription keeps one context for its
   * life, so its root resolver calls this for each event: no event sees another's cached rows.
   */
  renew(): void;
}

/** The one context factory, used for HTTP requests and websocket operations alike. */
export function createContextFactory(orm: MikroORM, config: Pick<Config, 'limits'>): () => Context {
  return () => {
    const context: Context = {
      em: orm.em.fork() as EntityManager,
      loaders: undefined as unknown as Loaders,
      limits: config.limits,
      renew() {
        context.em = orm.em.fork() as EntityManager;
        context.loaders = createLoaders(context.em);
      },
    };
    context.loaders = createLoaders(context.em);
    return context;
  };
}
