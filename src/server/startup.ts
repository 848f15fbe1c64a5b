import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import { ConfigError, type Config } from '../config';
import { openDatabase, type DatabaseHandle } from '../database';
import { RequestDeadlines } from '../deadline';
import { hubJobs, printDevCredentials } from '../jobs';
import type { Logger } from '../logger';
import { createTokenVerifier, type TokenVerifier } from '../modules/access/tokens';
import { ViewerCache, withCommitEcho } from '../modules/access/viewer-cache';
import { APP_ROLE, openOrm } from '../orm';
import { col, selectOne } from '../rows';
import { buildHubSchema } from '../schema';
import { startScheduler, type Scheduler } from '../scheduler';
import { createOutboxFeed, type OutboxFeed } from '../modules/live/live.feed';
import { createWakeUpBus, type WakeUpBus } from '../modules/live/live.wakeups';
import { readManifest, registerDocuments } from '../modules/documents/documents.service';
import { TrustedDocuments } from '../modules/documents/documents.store';
import { DataVersion } from '../modules/documents/documents.version';

/**
 * How often the outbox reader reads without a wake-up. Wake-ups make delivery prompt; this only
 * bounds the delay when one is lost (say, while the listener reconnects).
 */
const LIVE_POLL_MS = 2000;

/**
 * Fills an empty, migrated database with the development data, as its owner. The hub's code carries
 * no seed data: the development entry point (seeds/start.ts) passes one; production passes none.
 */
export type Seeder = (em: EntityManager, databaseUrl: string, log: Logger) => Promise<void>;

/** What the hub runs on, before it serves anything. */
export interface Services {
  readonly database: DatabaseHandle;
  /** Requests' ORM: its connections run as `hub_app`, so row-level security applies. */
  readonly orm: MikroORM;
  readonly deadlines: RequestDeadlines;
  readonly verifier: TokenVerifier;
  /** Callers authenticated moments ago, so a request with a known credential costs no statement. */
  readonly viewers: ViewerCache;
  readonly bus: WakeUpBus;
  /** The one outbox reader live subscriptions follow, on connections of its own. */
  readonly feed: OutboxFeed;
  readonly schema: GraphQLSchema;
  readonly scheduler: Scheduler;
  /** Operations registered from manifests, as this process knows them. */
  readonly documents: TrustedDocuments;
  /** Where the open data stands (which imports have happened), for HTTP caching. */
  readonly dataVersion: DataVersion;
  /** Stops the jobs, then `drain`s (the servers), then closes the bus, the ORM and the database. */
  close(drain?: () => Promise<void>): Promise<void>;
}

const NO_SEEDER =
  'SEED_ON_EMPTY: the database is empty, but this entry point carries no seed data (dist/src/main.js is the production one). ' +
  'Start with `npm start` to load the development data, or set SEED_ON_EMPTY=false to serve an empty database.';

/**
 * Applies the migrations and, when SEED_ON_EMPTY is on and the database has no localities, seeds it.
 * Refuses (a ConfigError: exit status 2) to go on with SEED_ON_EMPTY on, an empty database and no
 * seeder, rather than serve a hub that answers every question with nothing, which looks like a bug.
 */
async function migrateAndSeed(databaseUrl: string, config: Config, log: Logger, seed: Seeder | undefined): Promise<void> {
  // Migrations and seeds run as the owner; requests run as hub_app, which row-level security binds.
  const owner = await openOrm({ clientUrl: databaseUrl, poolMax: 2, log });
  try {
    log.info('Applying database migrations');
    const applied = await owner.migrator.up();
    log.info(applied.length ? `Applied ${applied.length} migration(s)` : 'Database schema is up to date');
    if (!config.seedOnEmpty) return;
    const { n } = await selectOne(owner.em.getConnection(), { n: col.int }, 'select count(*) as n from locality');
    if (n > 0) return;
    if (!seed) throw new ConfigError([NO_SEEDER]);
    log.info('The database is empty: loading the seed data');
    await seed(owner.em.fork(), databaseUrl, log);
  } finally {
    await owner.close();
  }
}

/**
 * Registers the operations of every configured manifest (checked against the schema first: a manifest
 * with any problem stops the start, naming the entry) and reads every registered document, this
 * process's and others'.
 */
async function registerTrustedDocuments(config: Config, schema: GraphQLSchema, orm: MikroORM, log: Logger): Promise<TrustedDocuments> {
  for (const file of config.trustedDocuments) {
    const n = await registerDocuments(orm.em.fork(), readManifest(file, schema));
    log.info(`Registered ${n} trusted document(s) from ${file}`);
  }
  const documents = new TrustedDocuments(() => orm.em.fork());
  await documents.load();
  return documents;
}

/**
 * Opens what the hub runs on, in order: the database (embedded unless DATABASE_URL), migrations and
 * seeds, the requests' ORM, the token verifier, the wake-up bus, the schema and the scheduler; in
 * development it prints ready-made credentials. On a failure, closes what it had opened.
 */
export async function startServices(config: Config, log: Logger, seed?: Seeder): Promise<Services> {
  const database = await openDatabase(config, log);
  const opened: (() => Promise<unknown>)[] = [() => database.stop()];
  try {
    await migrateAndSeed(database.url, config, log, seed);
    const deadlines = new RequestDeadlines(config.limits.requestTimeoutMs, log);
    const orm = await openOrm({
      clientUrl: database.url,
      poolMax: config.dbPoolMax,
      log,
      role: APP_ROLE,
      statementTimeoutMs: config.limits.statementTimeoutMs,
      onConnection: deadlines.onConnection,
    });
    opened.push(() => orm.close());
    deadlines.watch(orm);
    const verifier = await createTokenVerifier(config.auth, log);
    const viewers = new ViewerCache(verifier);
    // This process's own commits reach the cache before their writer answers; others' by the bus.
    const bus = withCommitEcho(createWakeUpBus({ databaseUrl: database.url, redisUrl: config.redisUrl, log }), (wake) => {
      viewers.wake(wake);
    });
    opened.push(() => bus.stop());
    await bus.start();
    viewers.follow(bus);
    log.info(`Live updates wake other processes through ${bus.kind === 'redis' ? 'Redis' : 'PostgreSQL LISTEN/NOTIFY'}`);
    const outbox = createOutboxFeed({
      databaseUrl: database.url,
      role: APP_ROLE,
      bus,
      log,
      pollMs: LIVE_POLL_MS,
      statementTimeoutMs: config.limits.statementTimeoutMs,
    });
    opened.push(() => outbox.stop());
    const schema = await buildHubSchema({ federation: config.federationSubgraph });
    const documents = await registerTrustedDocuments(config, schema, orm, log);
    const dataVersion = new DataVersion(() => orm.em.fork());
    const unfollow = dataVersion.follow(bus);
    opened.push(() => {
      unfollow();
      return Promise.resolve();
    });
    const scheduler = startScheduler(orm, hubJobs(config, bus), log);
    opened.push(() => scheduler.stop());
    if (config.auth.devTokens) await printDevCredentials(orm, verifier, log);
    const close = async (drain?: () => Promise<void>) => {
      await scheduler.stop();
      await drain?.();
      await outbox.stop();
      await bus.stop();
      await orm.close();
      await database.stop();
    };
    return { database, orm, deadlines, verifier, viewers, bus, feed: outbox.feed, schema, scheduler, documents, dataVersion, close };
  } catch (err) {
    for (const stop of opened.reverse()) await stop().catch(() => undefined);
    throw err;
  }
}
