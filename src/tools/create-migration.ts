/**
 * Writes a migration for the difference between the entities and the database schema after all
 * existing migrations. Usage: `npm run migration:create` (uses DATABASE_URL or the embedded server).
 */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../database';
import { createLogger } from '../logger';
import { openOrm } from '../orm';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.log);
  const db = await openDatabase(config, log);
  const orm = await openOrm({ clientUrl: db.url });
  try {
    const migrator = orm.migrator;
    await migrator.up();
    const result = await migrator.createMigration(undefined, false, (await migrator.getExecutedMigrations()).length === 0);
    if (result.fileName) {
      log.info(`Wrote src/migrations/${result.fileName}: add it to src/migrations/index.ts`);
    } else {
      log.info('The schema matches the entities; no migration needed');
    }
  } finally {
    await orm.close();
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
