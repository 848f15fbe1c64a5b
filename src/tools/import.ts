/**
 * `npm run import -- <kind> <file> [--who NAME] [--illustrative]`: loads one published file into the hub,
 * all or nothing. Exits 0 with a summary, or 1 listing every problem (row and column) with nothing changed.
 */
import 'reflect-metadata';
import { SingleBar } from 'cli-progress';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { loadConfig } from '../config';
import { openDatabase } from '../database';
import { createLogger } from '../logger';
import { ImportError } from '../modules/imports/import.errors';
import { describeSummary, importFile } from '../modules/imports/import.service';
import { importerFor, IMPORTERS } from '../modules/imports/importers';
import { openOrm } from '../orm';

const USAGE = `Usage: npm run import -- <kind> <file> [--who NAME] [--illustrative]
Kinds: ${[...IMPORTERS.keys()].join(', ')}`;

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
  const db = await openDatabase(config, log);
  try {
    const orm = await openOrm({ clientUrl: db.url });
    await orm.getMigrator().up();
    await orm.close();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const bar = process.stderr.isTTY ? new SingleBar({ format: `${kind} [{bar}] {percentage}% | {value}/{total} bytes` }) : undefined;
    try {
      let started = false;
      const summary = await importFile(client, importer, file, {
        who: values.who ?? os.userInfo().username,
        illustrative: values.illustrative,
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
    } finally {
      await client.end();
    }
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
