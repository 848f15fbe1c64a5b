/**
 * `npm run import -- <kind> <file> [--who NAME] [--illustrative]`: loads one published file into the hub,
 * all or nothing. Exits 0 with a summary, or 1 listing every problem (row and column) with nothing changed.
 *
 * It writes only into a hub's database: `DATABASE_URL`'s, or the embedded server of the hub started from
 * this checkout (found through the marker in its data folder), and refuses anything else.
 */
import 'reflect-metadata';
import { SingleBar } from 'cli-progress';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { loadConfig } from '../config';
import { openDatabase, readHubMarker } from '../database';
import { createLogger } from '../logger';
import { migrationsList } from '../migrations';
import { ImportError } from '../modules/imports/import.errors';
import { describeSummary, importFile } from '../modules/imports/import.service';
import { startWakeUpSender, type WakeUpBus } from '../modules/live/live.wakeups';
import { importerFor, IMPORTERS } from '../importers';
import { projectRoot } from '../paths';

const USAGE = `Usage: npm run import -- <kind> <file> [--who NAME] [--illustrative]
Kinds: ${[...IMPORTERS.keys()].join(', ')}`;

/** The database is not a hub's, or not this checkout's: nothing was written. */
class NotAHubError extends Error {}

/**
 * Checks that `client` is connected to a hub's database (its migrations table lists the hub's first
 * migration) before anything is written, and says whether migrations of this checkout are pending.
 */
async function checkHubDatabase(client: Client, where: string): Promise<{ pending: boolean }> {
  const table = await client.query<{ t: string | null }>(`select to_regclass('mikro_orm_migrations')::text as t`);
  const names = table.rows[0].t
    ? (await client.query<{ name: string }>('select name from mikro_orm_migrations')).rows.map((r) => r.name)
    : [];
  if (!names.includes(migrationsList[0].name)) {
    throw new NotAHubError(
      `${where} is not a Partnership Data Hub database (it has no hub migrations), so nothing was imported. ` +
        "Start the hub against it once (npm start) to set it up, or point DATABASE_URL at the hub's database.",
    );
  }
  return { pending: migrationsList.some((m) => !names.includes(m.name)) };
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { who: { type: 'string' }, illustrative: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 2) {
    console.error(USAGE);
    return 2;
  }
  const [kind, file] = positionals;
  const importer = importerFor(kind);
  const config = loadConfig();
  const log = createLogger(config.log);
  let where: string;
  if (config.databaseUrl) {
    const u = new URL(config.databaseUrl);
    where = `The database at ${u.hostname}:${u.port || 5432}${u.pathname} (DATABASE_URL)`;
  } else {
    const marker = await readHubMarker(config.embeddedPostgres.dataDir);
    if (marker && marker.checkout !== projectRoot()) {
      throw new NotAHubError(
        `The data folder ${config.embeddedPostgres.dataDir} belongs to the hub of another checkout (${marker.checkout}), ` +
          'so nothing was imported. Run the import from that checkout, or set DATABASE_URL.',
      );
    }
    where = `The hub's database in ${config.embeddedPostgres.dataDir}`;
  }
  const db = await openDatabase(config, log);
  try {
    const client = new Client({ connectionString: db.url, application_name: 'hub import' });
    await client.connect();
    try {
      const { pending } = await checkHubDatabase(client, where);
      if (pending) {
        // Loaded only when needed: MikroORM takes longer to start than the rest of the import.
        const { openOrm } = await import('../orm.js');
        const orm = await openOrm({ clientUrl: db.url });
        await orm.migrator.up();
        await orm.close();
      }
      // Hubs running on this database hear of the import (dataRefreshed) the way they hear of each other's changes.
      const bus = await startWakeUpSender({ databaseUrl: db.url, redisUrl: config.redisUrl, log });
      try {
        return await run(client, kind, file, importer, { ...values, bus });
      } finally {
        await bus?.stop();
      }
    } finally {
      await client.end();
    }
  } finally {
    await db.stop();
  }
}

async function run(
  client: Client,
  kind: string,
  file: string,
  importer: ReturnType<typeof importerFor>,
  values: { who?: string; illustrative?: boolean; bus?: WakeUpBus },
): Promise<number> {
  const bar = process.stderr.isTTY ? new SingleBar({ format: `${kind} [{bar}] {percentage}% | {value}/{total} bytes` }) : undefined;
  try {
    let started = false;
    const summary = await importFile(client, importer, file, {
      who: values.who ?? os.userInfo().username,
      illustrative: values.illustrative,
      bus: values.bus,
      onProgress: (done, size) => {
        if (!bar) return;
        if (!started) bar.start(size, 0);
        started = true;
        bar.update(done);
      },
    });
    bar?.stop();
    console.log(describeSummary(summary));
    for (const warning of summary.warnings) console.error(`WARNING: ${warning}`);
    return 0;
  } catch (err) {
    bar?.stop();
    if (err instanceof ImportError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(err instanceof NotAHubError || (err instanceof Error && err.name === 'ForeignDatabaseError') ? 3 : 1);
  },
);
