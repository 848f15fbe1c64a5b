/** `npm run seed`: applies migrations, then loads the seed data (idempotent: run it as often as you like). */
import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/database';
import { createLogger } from '../src/logger';
import { migrateAndSeed } from './seeder';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.log);
  const db = await openDatabase(config, log);
  try {
    await migrateAndSeed(db.url, log);
  } finally {
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
