/** `npm run seed`: applies migrations, then loads the seed data (idempotent: run it as often as you like). */
import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/database';
import { createLogger } from '../src/logger';
import { startWakeUpSender } from '../src/modules/live/live.wakeups';
import { migrateAndSeed } from './seeder';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.log);
  const db = await openDatabase(config, log);
  // Hubs already running on this database hear of each load (dataRefreshed) the way they hear of each other's changes.
  const bus = await startWakeUpSender({ databaseUrl: db.url, redisUrl: config.redisUrl, log });
  try {
    await migrateAndSeed(db.url, log, bus);
  } finally {
    await bus?.stop();
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
