import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The same server as `url`, another database. */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.HUB_TEST_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of its own for a test or test file, cloned from the migrated and seeded template.
 * `empty` gives a database with nothing in it, to test migrations and seeding from scratch.
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = process.env.HUB_TEST_ADMIN_URL;
  const template = process.env.HUB_TEST_TEMPLATE;
  if (!adminUrl || !template) throw new Error('The test database was not set up: run the tests with jest (globalSetup).');
  const name = `hub_test_${randomBytes(5).toString('hex')}`;
  await admin(async (client) => {
    const source = options.empty ? 'template0' : template;
    // Two clones of one template at the same instant can collide; a short retry settles it.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await client.query(`create database "${name}" template "${source}"`);
        return;
      } catch (err) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return {
    url: databaseUrl(adminUrl, name),
    name,
    drop: () =>
      admin(async (client) => {
        await client.query(`drop database if exists "${name}" with (force)`);
      }),
  };
}
