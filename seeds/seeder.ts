import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../src/logger';
import type { WakeUpBus } from '../src/modules/live/live.wakeups';
import { openOrm } from '../src/orm';
import { loadSeeds } from './load';
import { loadPublishedSeeds } from './published';

/**
 * Loads all of the development data into a migrated database, as its owner: the seed files
 * (seeds/data/) and the partners' published files, generated and imported through the importers.
 * Safe to run again. `npm start` (seeds/start.ts) gives it to the hub for an empty database (the
 * hub's Seeder). `bus` wakes `dataRefreshed` subscribers of hubs already running on the database.
 */
export async function seedDatabase(em: EntityManager, databaseUrl: string, log: Logger, bus?: WakeUpBus): Promise<void> {
  const counts = await loadSeeds(em, { log, bus });
  const imported = await loadPublishedSeeds(databaseUrl, log, bus);
  // Statistics for what was just loaded, so the first statements on it (an import's, a request's) are
  // not planned against empty tables until autovacuum gets round to it.
  await em.getConnection().execute('analyze');
  const rows = Object.values(counts).reduce((a, b) => a + b, 0) + imported.reduce((n, i) => n + i.loaded, 0);
  log.info(`Seeded ${rows} rows`);
}

/** Applies the migrations to the database at `databaseUrl`, then seeds it: `npm run seed`, and the benchmarks' scratch databases. */
export async function migrateAndSeed(databaseUrl: string, log: Logger, bus?: WakeUpBus): Promise<void> {
  const orm = await openOrm({ clientUrl: databaseUrl });
  try {
    await orm.migrator.up();
    await seedDatabase(orm.em.fork(), databaseUrl, log, bus);
  } finally {
    await orm.close();
  }
}
