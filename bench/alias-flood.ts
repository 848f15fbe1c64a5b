/**
 * Issue 9's hostile query, measured: 300 aliases of `borough { crime(from) }`, each over other
 * months, sent once to a freshly seeded hub. Prints the status, the code, the wall time and how many
 * SQL statements the hub ran for it. Run: `npm run build --silent && DATABASE_URL=postgres://… node
 * dist/bench/alias-flood.js` (a scratch database `hub_alias_flood` is created on that server).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { migrateAndSeed } from '../seeds/seeder';
import { monthIndex, monthOf } from '../src/periods';

function aliasFlood(count = 300): string {
  const months = Array.from({ length: 24 }, (_, i) => monthOf(monthIndex('2023-01') + i));
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: borough { crime(from: "${months[i % 24]}") { total } }`).join(' ')} }`;
}

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('Set DATABASE_URL to a PostgreSQL server where a scratch database may be created.');
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('drop database if exists hub_alias_flood');
  await admin.query('create database hub_alias_flood');
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = '/hub_alias_flood';
  const secret = randomBytes(32).toString('base64url');
  const log = createLogger({ level: 'warn', format: 'pretty' });
  // Production carries no seeds: the scratch database is seeded first, as `npm run seed` would.
  await migrateAndSeed(u.toString(), log);
  const app = await createApp(
    loadConfig({ DATABASE_URL: u.toString(), PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: 'production', AUTH_JWT_SECRET: secret }),
    { log },
  );
  try {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('seed:analyst')
      .setIssuer('partnership-data-hub')
      .setAudience('partnership-data-hub')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    const knex = app.orm.em.getConnection().getKnex();
    let statements = 0;
    const count = () => {
      statements += 1;
    };
    const query = aliasFlood();
    const send = () =>
      fetch(`http://127.0.0.1:${app.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
    await (
      await fetch(`http://127.0.0.1:${app.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { name } }' }),
      })
    ).text();
    knex.on('query', count);
    const started = performance.now();
    const res = await send();
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    const ms = performance.now() - started;
    knex.removeListener('query', count);
    console.log(
      `| 300-alias borough crime query (${query.length} bytes) | HTTP ${res.status}, ${body.errors?.[0]?.extensions?.code ?? 'answered'}, ${ms.toFixed(0)} ms, ${statements} SQL statements |`,
    );
  } finally {
    await app.close();
    const again = new Client({ connectionString: adminUrl });
    await again.connect();
    await again.query('drop database if exists hub_alias_flood');
    await again.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
