import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import http from 'node:http';
import type { Config } from './config';
import { createContextFactory } from './context';
import { createLoaders } from './loaders';
import type { DatabaseHandle } from './database';
import { createLogger, withSafeErrors, type Logger } from './logger';
import type { Scheduler } from './scheduler';
import { installDashboard } from './server/dashboard';
import { installGraphiql } from './server/graphiql';
import { installHealth } from './server/health';
import { installHttp, listen } from './server/http';
import { createPipeline } from './server/pipeline';
import { createSharedExecutions, type SharedExecutions } from './server/live-execution';
import { installSockets } from './server/socket';
import { startServices, type Seeder } from './server/startup';
import type { OutboxFeed } from './modules/live/live.feed';
import type { WakeUpBus } from './modules/live/live.wakeups';

export interface AppHandle {
  /** The GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  readonly url: string;
  readonly port: number;
  /** The ORM requests use: its connections run as `hub_app`, so row-level security applies. */
  readonly orm: MikroORM;
  /** Runs the jobs that run once across all processes (overdue actions, retention), e.g. from a test. */
  readonly scheduler: Scheduler;
  /** The wake-up bus live subscriptions listen on. */
  readonly bus: WakeUpBus;
  /** The process's one outbox reader, and the executions its events cost (tests and benchmarks read them). */
  readonly live: { readonly feed: OutboxFeed; readonly executions: SharedExecutions['stats'] };
  readonly schema: GraphQLSchema;
  readonly database: DatabaseHandle;
  /** Drains HTTP and websocket connections, closes the ORM, then stops an embedded database. */
  close(): Promise<void>;
}

export interface AppOptions {
  log?: Logger;
  /** Seeds an empty database when SEED_ON_EMPTY is on; without one, that refuses to start (src/server/startup.ts). */
  seed?: Seeder;
}

/**
 * Builds and starts the whole hub: what it runs on (src/server/startup.ts), then one install per
 * concern, then listens. Nothing happens on import.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<AppHandle> {
  // A logger passed in (a test's) gets the same error serializer as the hub's own: no row contents in logs.
  const log = withSafeErrors(options.log ?? createLogger(config.log));
  const services = await startServices(config, log, options.seed);
  try {
    const { orm, verifier, viewers, bus, feed, schema, documents, dataVersion } = services;
    const pipeline = createPipeline(schema, config, log, documents);
    const context = createContextFactory(orm, config, viewers, bus, feed, createLoaders);
    const app = express();
    app.disable('x-powered-by');
    // Express's own ETags would tag (and answer 304 for) personal data too; the hub sets its own, on open data only.
    app.disable('etag');
    const httpServer = http.createServer(app);
    const executions = createSharedExecutions(context);
    const sockets = installSockets(httpServer, { config, log, pipeline, context, orm, viewers, bus, executions });
    installHealth(app, orm);
    installGraphiql(app, config, verifier);
    installDashboard(app, config, verifier);
    const cache = { documents, version: dataVersion, viewers, fork: () => orm.em.fork(), log };
    const apollo = await installHttp(app, httpServer, { config, pipeline, context, deadlines: services.deadlines, sockets, cache });
    const { port, url } = await listen(httpServer, config, log);
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      orm,
      bus,
      live: { feed, executions: executions.stats },
      schema,
      scheduler: services.scheduler,
      database: services.database,
      close() {
        closing ??= (async () => {
          log.info('Shutting down: draining connections');
          await services.close(() => apollo.stop());
          log.info('Stopped');
        })();
        return closing;
      },
    };
  } catch (err) {
    await services.close().catch(() => undefined);
    throw err;
  }
}
