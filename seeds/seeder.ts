import type { Logger } from '../src/logger';
import { openOrm } from '../src/orm';
import type { Seeder } from '../src/server/startup';
import { loadSeeds } from './load';
import { loadPublishedSeeds } from './published';

/**
 * Loads all of the development data into a migrated database, as its owner: the seed files
 * (seeds/data/) and the partners' published files, generated and imported through the importers.
 * Safe to run again. `npm start` (seeds/start.ts) gives it to the hub for an empty database.
 */
export const seedDatabase: Seeder = async (em, databaseUrl, log) => {
  const counts = await loadSeeds(em, { log });
  const imported = await loadPublishedSeeds(databaseUrl, log);
  const rows = Object.values(counts).reduce((a, b) => a + b, 0) + imported.reduce((n, i) => n + i.loaded, 0);
  log.info(`Seeded ${rows} rows`);
};

/** Applies the migrations to the database at `databaseUrl`, then seeds it: `npm run seed`, and the benchmarks' scratch databases. */
export async function migrateAndSeed(databaseUrl: string, log: Logger): Promise<void> {
  const orm = await openOrm({ clientUrl: databaseUrl });
  try {
    await orm.migrator.up();
    await seedDatabase(orm.em.fork(), databaseUrl, log);
  } finally {
    await orm.close();
  }
}
