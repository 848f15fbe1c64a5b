/** `npm run seed`: applies migrations, then loads the seed data (idempotent: run it as often as you like). */
import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/database';
import { createLogger } from '../src/logger';
import { openOrm } from '../src/orm';
import { loadSeeds } from './load';
import { loadPublishedSeeds } from './published';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.log);
  const db = await openDatabase(config, log);
  const orm = await openOrm({ clientUrl: db.url });
  try {
    await orm.getMigrator().up();
    await loadSeeds(orm.em.fork(), { log });
    await loadPublishedSeeds(db.url, log);
  } finally {
    await orm.close();
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
