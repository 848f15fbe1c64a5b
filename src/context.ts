import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Config } from './config';
import { HubError } from './errors';
import type { ViewerCache } from './modules/access/viewer-cache';
import type { Viewer } from './modules/access/viewer';
import type { Transport } from './module';
import type { OutboxFeed } from './modules/live/live.feed';
import type { WakeUpBus } from './modules/live/live.wakeups';

/**
 * What every resolver gets: its own unit of work and its own loaders, never shared between requests.
 * `L` is the loaders a resolver uses, by module (`Context<PlacesLoaders & SourcesLoaders>`): naming
 * them imports their modules, so the dependency checker sees what a resolver reads.
 */
export interface Context<L extends object = object> {
  em: EntityManager;
  loaders: L;
  limits: Config['limits'];
  /** The authenticated caller, or null when the request carried no usable credentials. */
  viewer: Viewer | null;
  /** Why the credentials that were sent could not be accepted; raised at the first root field. */
  authError?: HubError;
  /** Wakes subscribers in every process after a change commits (events themselves go in the outbox). */
  bus: WakeUpBus;
  /** A fresh EntityManager of the app's ORM, for work that outlives one resolver (a subscription's reads). */
  fork(): EntityManager;
  /** The process's shared outbox reader that live subscriptions follow, and how often they re-check access. */
  live: { recheckMs: number; feed: OutboxFeed };
  /** Case data read over a socket is a push in the audit trail; over HTTP, a read. */
  transport: Transport;
  /** The ETag of a GET of an open-data trusted document (src/server/http-cache.ts); its answer may be cached. */
  etag?: string;
  /**
   * Gives the context a fresh EntityManager and loaders. A subscription keeps one context for its
   * life, so its root resolver calls this for each event: no event sees another's cached rows.
   */
  renew(): void;
  /**
   * Finishes setting the context up before the operation runs. Over HTTP this is when the caller is
   * authenticated (its first SQL): the hub calls it only after the operation passed its checks
   * (depth, aliases, cost), so a refused request costs the database nothing. Idempotent.
   */
  ready(): Promise<void>;
}

export type ContextInput =
  { transport: 'http'; token?: string; etag?: string } | { transport: 'socket'; viewer: Viewer | null; authError?: HubError };

/**
 * The one context factory, used for HTTP requests and websocket operations alike. HTTP requests
 * authenticate their token in `ready()`, once the operation has passed its checks; socket operations
 * get the account their socket authenticated as, which the socket keeps current (src/server/sessions.ts), so
 * an operation costs no read of the account. `createLoaders` makes each request's fresh loaders
 * (src/loaders.ts composes them from the module list, which imports every resolver: passed in, not
 * imported, so that the resolvers' own import of this file is no cycle).
 */
export function createContextFactory<L extends object>(
  orm: MikroORM,
  config: Pick<Config, 'limits' | 'jobs'>,
  viewers: ViewerCache,
  bus: WakeUpBus,
  feed: OutboxFeed,
  createLoaders: (em: EntityManager, viewer: Viewer | null, transport: Transport) => L,
): (input: ContextInput) => Promise<Context<L>> {
  return (input) => {
    const em = orm.em.fork();
    let viewer: Viewer | null = null;
    let authError: HubError | undefined;
    if (input.transport === 'socket') {
      viewer = input.viewer;
      authError = input.authError;
    }
    let readying: Promise<void> | undefined;
    const context: Context<L> = {
      em,
      loaders: createLoaders(em, viewer, input.transport),
      limits: config.limits,
      viewer,
      authError,
      bus,
      fork: () => orm.em.fork(),
      live: { recheckMs: config.jobs.accessRecheckSeconds * 1000, feed },
      transport: input.transport,
      etag: input.transport === 'http' ? input.etag : undefined,
      renew() {
        context.em = orm.em.fork();
        context.loaders = createLoaders(context.em, context.viewer, context.transport);
      },
      // Sets `this`, not `context`: Apollo runs each HTTP operation on a shallow copy of the context.
      ready(this: Context<L>) {
        if (input.transport !== 'http' || !input.token) return Promise.resolve();
        const token = input.token;
        readying ??= (async () => {
          try {
            this.viewer = await viewers.authenticate(this.em, token);
          } catch (err) {
            if (!(err instanceof HubError)) throw err;
            this.authError = err;
          }
          // The loaders were made for an anonymous caller; case reads need to know who asks.
          this.loaders = createLoaders(this.em, this.viewer, this.transport);
        })();
        return readying;
      },
    };
    return Promise.resolve(context);
  };
}
