/**
 * The import part of `npm run bench:compare`: the hub's import of a police.uk street file end to end,
 * against PostgreSQL loading the same file into a plain table (`psql \copy`) and against parsing it
 * alone with csv-parse, the parser the hub's row-by-row path uses. Rounds interleave the three.
 */
import { parse } from 'csv-parse';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createLogger } from '../../src/logger';
import { policeStreetImporter } from '../../src/modules/crime/police.importer';
import { importFile } from '../../src/modules/imports/import.service';
import { migrateAndSeed } from '../../seeds/seeder';
import { writePoliceFile } from '../police-file';
import { dropDatabase, freshDatabaseUrl } from '../scratch';
import type { CompareContext, Section } from './section';

const PSQL = '/usr/bin/psql';
const DATABASE = 'hub_compare_import';

/** A plain table of the file's twelve columns, as text: what `psql \copy` loads into. */
const PLAIN_TABLE = `create table plain_police (${Array.from({ length: 12 }, (_, i) => `c${i + 1} text`).join(', ')})`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const perSecond = (rows: number, ms: number) => Math.round((rows / ms) * 1000);
const grouped = (n: number) => n.toLocaleString('en-GB');

/** The hub's import, as `npm run import` runs it: one client, one transaction, the row count it read. */
async function hubImport(url: string, file: string): Promise<{ ms: number; rows: number; loaded: number; parsedBy: string }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const t = performance.now();
    const summary = await importFile(client, policeStreetImporter, file, { who: 'bench:compare', illustrative: true });
    return { ms: performance.now() - t, rows: summary.read, loaded: summary.loaded, parsedBy: summary.parsedBy };
  } finally {
    await client.end();
  }
}

/** `psql \copy` into the plain table (emptied first), timed around the psql process. */
async function psqlCopy(url: string, file: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('truncate plain_police');
    const t = performance.now();
    await promisify(execFile)(PSQL, [url, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy plain_police from '${file}' (format csv, header true)`]);
    return performance.now() - t;
  } finally {
    await client.end();
  }
}

/** The same load without psql: COPY FROM STDIN fed by pg-copy-streams from Node. */
async function streamCopy(url: string, file: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('truncate plain_police');
    const t = performance.now();
    await pipeline(fs.createReadStream(file), client.query(copyFrom('copy plain_police from stdin (format csv, header true)')));
    return performance.now() - t;
  } finally {
    await client.end();
  }
}

/** csv-parse over the file with the hub's options, counting records and keeping none. */
async function parseOnly(file: string): Promise<number> {
  const t = performance.now();
  let records = 0;
  await pipeline(
    fs.createReadStream(file),
    parse({ relax_column_count: true, bom: true, skip_empty_lines: true, info: true, max_record_size: 1_000_000 }),
    new Writable({
      objectMode: true,
      write(_record, _encoding, done) {
        records += 1;
        done();
      },
    }),
  );
  if (records < 2) throw new Error(`csv-parse read ${records} records from ${file}`);
  return performance.now() - t;
}

/**
 * Generates the file (100,000 rows when `ctx.quick`, else 1,000,000), seeds a scratch database, and
 * measures the three in interleaved rounds (1 quick, else 3), reporting medians. The hub's first round
 * loads into the seed's crime table; later rounds replace the same LSOA-months, as a re-import does.
 */
export async function compareImport(ctx: CompareContext): Promise<Section> {
  const rows = ctx.quick ? 100_000 : 1_000_000;
  const rounds = ctx.quick ? 1 : 3;
  const log = createLogger({ level: 'warn', format: 'pretty' });
  ctx.log(`import: seeding ${DATABASE}`);
  const url = await freshDatabaseUrl(ctx.adminUrl, DATABASE);
  await migrateAndSeed(url, log);
  const file = path.join(ctx.workDir, `police-street-${rows}.csv`);
  const setup = new Client({ connectionString: url });
  await setup.connect();
  try {
    const lsoas = await setup.query<{ code: string; name: string }>('select code, name from lsoa order by code');
    writePoliceFile(file, rows, lsoas.rows);
    await setup.query(PLAIN_TABLE);
  } finally {
    await setup.end();
  }
  const usePsql = fs.existsSync(PSQL);
  const copyLabel = usePsql
    ? '`psql \\copy` into a plain table of 12 text columns'
    : 'COPY FROM STDIN (pg-copy-streams) into a plain table of 12 text columns';
  const hub: number[] = [];
  const copy: number[] = [];
  const parsing: number[] = [];
  const perRound: string[] = [];
  let loaded = 0;
  for (let round = 1; round <= rounds; round += 1) {
    const imported = await hubImport(url, file);
    if (imported.rows !== rows) throw new Error(`the hub read ${imported.rows} rows of ${rows}`);
    loaded = imported.loaded;
    hub.push(perSecond(rows, imported.ms));
    copy.push(perSecond(rows, usePsql ? await psqlCopy(url, file) : await streamCopy(url, file)));
    parsing.push(perSecond(rows, await parseOnly(file)));
    perRound.push(
      `round ${round}: hub ${grouped(hub[round - 1])} (parsed by ${imported.parsedBy}), copy ${grouped(copy[round - 1])}, parse ${grouped(parsing[round - 1])} rows/s`,
    );
    ctx.log(`import: ${perRound[perRound.length - 1]}`);
  }
  fs.rmSync(file, { force: true });
  await dropDatabase(ctx.adminUrl, DATABASE);
  const hubRate = median(hub);
  return {
    title: `Import of a ${grouped(rows)}-row police.uk street file`,
    table: [
      ['load', 'rows/s (median)', 'hub ÷ this'],
      [
        `hub: \`importFile\` end to end (checks, staging, replace, commit; ${grouped(loaded)} rows loaded, 10% outside the borough)`,
        grouped(hubRate),
        '1.00',
      ],
      [copyLabel, grouped(median(copy)), (hubRate / median(copy)).toFixed(2)],
      ['parse only: csv-parse with the hub’s options, records counted', grouped(median(parsing)), (hubRate / median(parsing)).toFixed(2)],
    ],
    notes: [
      `${rounds} interleaved round${rounds === 1 ? '' : 's'} (hub, copy, parse); the hub's later rounds replace the rows its first loaded.`,
      ...perRound,
    ],
  };
}
