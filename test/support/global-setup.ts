import 'reflect-metadata';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadSeeds } from '../../seeds/load';
import { loadPublishedSeeds } from '../../seeds/published';
import { startEmbeddedPostgres, type DatabaseHandle } from '../../src/database';
import { createLogger } from '../../src/logger';
import { openOrm } from '../../src/orm';
import { freePort } from './ports';
import { databaseUrl } from './db';

declare global {
  // Shared with global-teardown, which runs in the same process.
  var __hubTestDatabase: { handle?: DatabaseHandle; adminUrl: string; template: string; tmpDir?: string } | undefined;
}

/**
 * One PostgreSQL for the whole run (embedded unless DATABASE_URL is set) and one template database,
 * migrated and seeded once; every test file clones its own database from it in a few milliseconds.
 */
export default async function globalSetup(): Promise<void> {
  const log = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'warn', format: 'pretty' });
  let handle: DatabaseHandle | undefined;
  let tmpDir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-test-pg-'));
    handle = await startEmbeddedPostgres(
      { dataDir: path.join(tmpDir, 'pg'), port: await freePort(), database: 'postgres', ephemeral: true },
      log,
    );
    adminUrl = handle.url;
  }
  const template = `hub_template_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists "${template}"`);
  await admin.query(`create database "${template}"`);
  await admin.end();

  const orm = await openOrm({ clientUrl: databaseUrl(adminUrl, template) });
  try {
    await orm.migrator.up();
    await loadSeeds(orm.em.fork());
  } finally {
    await orm.close();
  }
  await loadPublishedSeeds(databaseUrl(adminUrl, template));
  process.env.HUB_TEST_ADMIN_URL = adminUrl;
  process.env.HUB_TEST_TEMPLATE = template;
  // MikroORM and type-graphql keep their metadata on globalThis. With one test file Jest runs it in this
  // process, and metadata left here from this realm breaks MikroORM there (mikro-orm issue #3783).
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    if (name.startsWith('mikro-orm-') || name === 'TypeGraphQLMetadataStorage') {
      Reflect.deleteProperty(globalThis, name);
    }
  }
  globalThis.__hubTestDatabase = { handle, adminUrl, template, tmpDir };
}
