import { parse } from 'csv-parse';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { authorityOf } from '../../codes';
import { changeLog } from '../live/live.outbox';
import type { WakeUpBus } from '../live/live.wakeups';
import { dataRefreshedEvent } from './import.events';
import { hostileCells } from './import.cells';
import { HeaderError, ImportError, type RowProblem } from './import.errors';
import { copyRaw, plainHeader } from './import.raw';
import type { Geography, Importer, ImportJob, ImportTable, Replacement, WardChange } from './import.types';

export interface ImportOptions {
  /** Recorded as who ran the import. */
  who: string;
  /** Mark the figures as illustrative (generated seed data), not official. */
  illustrative?: boolean;
  /** Called as the file is read, with bytes read so far and the file's size. */
  onProgress?: (bytesRead: number, size: number) => void;
  /**
   * Wakes `dataRefreshed` subscribers in every hub once the import commits. Without it they find
   * the import when they next poll the outbox (within seconds).
   */
  bus?: WakeUpBus;
  /** Read the file row by row even when the importer could let PostgreSQL parse it (to compare the two). */
  rowByRow?: boolean;
}

export interface ImportSummary {
  kind: string;
  file: string;
  sha256: string;
  period: string;
  sourceId: number;
  read: number;
  loaded: number;
  skipped: Record<string, number>;
  wardCodes: string[];
  /** Who parsed the file: PostgreSQL (COPY, checked in SQL: the fast path) or csv-parse (row by row). */
  parsedBy: 'postgresql' | 'csv-parse';
  /** The units the file covers and how many of them it replaced; nothing outside them changed. */
  replaced: Replacement;
  /** Wards that gained or lost LSOAs (ons-lookup); empty for other kinds. */
  wardChanges: WardChange[];
  /** Things a person should check although the import succeeded, e.g. a ward left with no LSOA. */
  warnings: string[];
  milliseconds: number;
}

const MAX_PROBLEMS_KEPT = 1000;
/** Longest row (in characters) read into memory: an unclosed quote would otherwise swallow the rest of the file. */
const MAX_ROW_CHARACTERS = 1_000_000;
const COPY_CHUNK = 64 * 1024;

/** The rows of data source `d` in each import table, written out per table rather than built from its name. */
const SOURCE_ROWS_SQL: Record<ImportTable, string> = {
  crime: 'select count(*) from crime t where t.source_id = d.id',
  crime_outcome: 'select count(*) from crime_outcome t where t.source_id = d.id',
  indicator_value: 'select count(*) from indicator_value t where t.source_id = d.id',
  lsoa_deprivation: 'select count(*) from lsoa_deprivation t where t.source_id = d.id',
  housing_month: 'select count(*) from housing_month t where t.source_id = d.id',
  budget_allocation: 'select count(*) from budget_allocation t where t.source_id = d.id',
  lsoa: 'select count(*) from lsoa t where t.source_id = d.id',
};

/** Formats one value for COPY … (FORMAT csv): unquoted empty is NULL, everything else is quoted. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return `"${value.replace(/"/g, '""')}"`;
}

export async function readGeography(client: ClientBase): Promise<Geography> {
  const lsoas = await client.query<{ code: string; name: string; ward_code: string }>('select code, name, ward_code from lsoa');
  const wards = await client.query<{ code: string }>('select code from ward');
  return {
    lsoaWard: new Map(lsoas.rows.map((l) => [l.code, l.ward_code])),
    wards: new Set(wards.rows.map((w) => w.code)),
    authorityNames: new Set(lsoas.rows.map((l) => authorityOf(l.name))),
  };
}

/** What reading a file left in the staging table. */
interface Staged {
  job: ImportJob;
  parsedBy: ImportSummary['parsedBy'];
  read: number;
  skipped: Record<string, number>;
  sha256: string;
}

/** Checks the header (row 1) and starts the importer's job on it, or throws an ImportError naming what is wrong. */
function startJob(importer: Importer, header: string[], geography: Geography, fileName: string): ImportJob {
  const badHeader = hostileCells(header, header);
  if (badHeader.length) throw new ImportError(fileName, [{ row: 1, message: `the header ${badHeader[0].message}` }]);
  try {
    return importer.start(header, geography);
  } catch (err) {
    if (err instanceof HeaderError) throw new ImportError(fileName, [{ row: 1, message: err.message }]);
    throw err;
  }
}

async function createStaging(client: ClientBase, job: ImportJob): Promise<string[]> {
  const columns = Object.keys(job.staging);
  await client.query(`create temporary table import_staging (${columns.map((c) => `"${c}" ${job.staging[c]}`).join(', ')}) on commit drop`);
  return columns;
}

/**
 * The fast path (import.raw.ts): PostgreSQL parses the file and the importer checks it in SQL. Undefined
 * when the importer has no such path or the file needs the row-by-row one; nothing of the attempt is left.
 */
async function stageRaw(
  client: ClientBase,
  importer: Importer,
  file: string,
  geography: Geography,
  options: ImportOptions,
  size: number,
): Promise<Staged | undefined> {
  const header = await plainHeader(file);
  if (!header) return undefined;
  const job = startJob(importer, header, geography, path.basename(file));
  if (!job.fromRaw) return undefined;
  const hash = createHash('sha256');
  let bytesRead = 0;
  await client.query('savepoint import_raw');
  // Checking a million rows for repeats hashes them all: in 4 MB (the default) the hash spills to disk.
  await client.query(`set local work_mem = '256MB'`);
  // Compiling these one-off statements (JIT) cost more than it saved in trials.
  await client.query('set local jit = off');
  await createStaging(client, job);
  const read = await copyRaw(client, file, header.length, {
    maxRowCharacters: MAX_ROW_CHARACTERS,
    onChunk: (chunk) => {
      hash.update(chunk);
      bytesRead += chunk.length;
      options.onProgress?.(bytesRead, size);
    },
  });
  const checked = read === undefined ? undefined : await job.fromRaw(client, geography);
  if (read === undefined || !checked) {
    await client.query('rollback to savepoint import_raw');
    return undefined;
  }
  await client.query('release savepoint import_raw');
  return { job, parsedBy: 'postgresql', read, skipped: checked.skipped, sha256: hash.digest('hex') };
}

/**
 * The row-by-row path: streams the file through csv-parse (memory does not grow with its size), checks
 * every row with the importer, and copies good rows into the staging table; any problem throws an
 * ImportError listing rows and columns.
 */
async function stageRows(
  client: ClientBase,
  importer: Importer,
  file: string,
  geography: Geography,
  options: ImportOptions,
  size: number,
): Promise<Staged> {
  const fileName = path.basename(file);
  const hash = createHash('sha256');
  let bytesRead = 0;
  const problems: RowProblem[] = [];
  let problemCount = 0;
  const skipped: Record<string, number> = {};
  let read = 0;
  let job: ImportJob | undefined;
  let copy: Writable | undefined;
  let headerWidth = 0;
  let headerNames: string[] = [];
  let pending = '';
  const flush = () => {
    const chunk = pending;
    pending = '';
    return chunk;
  };

  const parser = parse({ relax_column_count: true, bom: true, skip_empty_lines: true, info: true, max_record_size: MAX_ROW_CHARACTERS });
  const rows = parser as AsyncIterable<{ record: string[]; info: { lines: number } }>;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytesRead += chunk.length;
      options.onProgress?.(bytesRead, size);
      done(null, chunk);
    },
  });
  const reading = pipeline(fs.createReadStream(file), hashing, parser).catch((err: unknown) => {
    parser.destroy(err as Error);
  });

  try {
    for await (const { record, info } of rows) {
      if (!job) {
        job = startJob(importer, record, geography, fileName);
        headerWidth = record.length;
        headerNames = record;
        const columns = await createStaging(client, job);
        copy = client.query(copyFrom(`copy import_staging (${columns.map((c) => `"${c}"`).join(', ')}) from stdin (format csv)`));
        continue;
      }
      read += 1;
      const row = info.lines;
      if (record.length !== headerWidth) {
        problemCount += 1;
        if (problems.length < MAX_PROBLEMS_KEPT) {
          problems.push({ row, message: `expected ${headerWidth} columns, found ${record.length} (a truncated or broken row?)` });
        }
        continue;
      }
      const hostile = hostileCells(record, headerNames);
      if (hostile.length) {
        problemCount += hostile.length;
        for (const e of hostile) if (problems.length < MAX_PROBLEMS_KEPT) problems.push({ row, ...e });
        continue;
      }
      const result = job.row(record, row);
      if ('load' in result) {
        if (problemCount === 0) {
          // Rows go to COPY in chunks of about 64 KiB: one message per row would cost more than the row.
          pending += `${result.load.map(csvField).join(',')}\n`;
          if (pending.length >= COPY_CHUNK) {
            // The COPY starts with the header, before any row is read.
            if (!copy) throw new Error('COPY was not started before the first row');
            const sink = copy;
            if (!sink.write(flush())) await new Promise((resolve) => sink.once('drain', resolve));
          }
        }
      } else if ('skip' in result) {
        skipped[result.skip] = (skipped[result.skip] ?? 0) + 1;
      } else {
        problemCount += result.errors.length;
        for (const e of result.errors) if (problems.length < MAX_PROBLEMS_KEPT) problems.push({ row, ...e });
      }
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    const code = (err as { code?: string }).code;
    const message =
      code === 'CSV_MAX_RECORD_SIZE'
        ? `a row is longer than ${MAX_ROW_CHARACTERS} characters (an unclosed quote, or not a CSV file?)`
        : err instanceof Error
          ? err.message
          : String(err);
    const row = (err as { lines?: number }).lines ?? read + 2;
    throw new ImportError(fileName, [{ row, message: `the file is not valid CSV: ${message}` }]);
  }
  await reading;
  if (!job || !copy) throw new ImportError(fileName, [{ row: 1, message: 'the file is empty: no header row' }]);
  if (pending) copy.write(flush());
  const sink = copy;
  await new Promise<void>((resolve, reject) => {
    sink.once('finish', resolve);
    sink.once('error', reject);
    sink.end();
  });
  if (problemCount > 0) throw new ImportError(fileName, problems, problemCount);
  return { job, parsedBy: 'csv-parse', read, skipped, sha256: hash.digest('hex') };
}

/**
 * Imports one file in one transaction, all or nothing: reads it into a staging table (by the
 * importer's fast path when it has one and the file allows, else row by row), and only if no row had
 * a problem replaces the same period's data, records where it came from, writes the `dataRefreshed`
 * event to the outbox and commits. Any problem rolls everything back (the event with it) and throws an
 * ImportError listing rows and columns.
 */
export async function importFile(client: ClientBase, importer: Importer, file: string, options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const fileName = path.basename(file);
  const size = (await fs.promises.stat(file)).size;

  await client.query('begin');
  const log = changeLog(client, options.bus);
  try {
    const geography = await readGeography(client);
    const fast = options.rowByRow ? undefined : await stageRaw(client, importer, file, geography, options, size);
    const { job, parsedBy, read, skipped, sha256 } = fast ?? (await stageRows(client, importer, file, geography, options, size));
    // The statements that replace and insert are planned against the staged rows, not a guess.
    await client.query('analyze import_staging');
    const period = await job.period(client);
    const key = `${importer.kind}:${period}`;
    // The source is named only once its rows are in: an earlier source with the same key keeps it while
    // it still holds rows (deleting it would cascade to units this file does not cover).
    const provisional = `${key} (importing ${sha256.slice(0, 12)}, ${process.pid}-${Date.now()})`;
    const inserted = await client.query<{ id: number }>(
      `insert into data_source (key, kind, title, publisher, licence, period, illustrative, note, file_name, sha256,
                                rows_read, rows_skipped, loaded_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
      [
        provisional,
        importer.sourceKind,
        importer.title(period),
        importer.publisher,
        importer.licence,
        period,
        options.illustrative ?? false,
        options.illustrative ? "Illustrative figures generated for the hub's seed data; not official statistics." : null,
        fileName,
        sha256,
        read,
        JSON.stringify(skipped),
        options.who,
      ],
    );
    const sourceId = inserted.rows[0].id;
    const { loaded, wardCodes, replaced, wardChanges = [], warnings = [] } = await job.commit(client, sourceId);
    await client.query('update data_source set row_count = $2, ward_codes = $3, replaced = $4, warnings = $5 where id = $1', [
      sourceId,
      loaded,
      wardCodes,
      JSON.stringify(replaced),
      warnings,
    ]);
    // Earlier sources of the kind that lost rows to this file say how many they still hold.
    await client.query(
      `update data_source d set row_count = (${SOURCE_ROWS_SQL[importer.table]})
        where d.kind = $1 and d.id <> $2 and d.file_name is not null`,
      [importer.sourceKind, sourceId],
    );
    // Sources whose every row a newer import replaced say nothing any more. (Keep this list in step
    // with the tables whose rows hang off data_source.)
    await client.query(
      `delete from data_source d where d.kind = $1 and d.id <> $2 and d.file_name is not null
          and not exists (select 1 from crime where source_id = d.id)
          and not exists (select 1 from crime_outcome where source_id = d.id)
          and not exists (select 1 from indicator_value where source_id = d.id)
          and not exists (select 1 from lsoa_deprivation where source_id = d.id)
          and not exists (select 1 from housing_month where source_id = d.id)
          and not exists (select 1 from budget_allocation where source_id = d.id)
          and not exists (select 1 from lsoa where source_id = d.id)`,
      [importer.sourceKind, sourceId],
    );
    await client.query('update data_source set key = $2 where id = $1', [sourceId, await finalKey(client, key, sha256)]);
    await log.record(dataRefreshedEvent({ sourceIds: [sourceId], kinds: [importer.sourceKind] }));
    await client.query('commit');
    await log.afterCommit();
    return {
      kind: importer.kind,
      file: fileName,
      sha256,
      period,
      sourceId,
      read,
      loaded,
      skipped,
      wardCodes,
      parsedBy,
      replaced,
      wardChanges,
      warnings,
      milliseconds: Date.now() - started,
    };
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  }
}

/**
 * The key for a new source: `kind:period`, unless an earlier source of that key still holds rows (the
 * new file covered only part of it); then the file's fingerprint tells the two apart, the same for the
 * same file, so importing a file twice names its source the same.
 */
async function finalKey(client: ClientBase, key: string, sha256: string): Promise<string> {
  for (const candidate of [key, `${key} (file ${sha256.slice(0, 12)})`]) {
    const taken = await client.query('select 1 from data_source where key = $1', [candidate]);
    if (taken.rowCount === 0) return candidate;
  }
  const { rows } = await client.query<{ n: number }>('select count(*)::int as n from data_source where key like $1', [`${key} (file %`]);
  return `${key} (file ${sha256.slice(0, 12)}, ${rows[0].n + 1})`;
}

/** "1 ward-month", "6 ward-months". */
function units(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * For a person: what was read, loaded and skipped, and how fast (first line); what it replaced; and, for
 * a lookup, which wards gained and lost LSOAs. Warnings are not in it: the CLI writes them to stderr.
 */
export function describeSummary(s: ImportSummary): string {
  const r = s.replaced;
  const lines = [describeCounts(s)];
  lines.push(
    `Replaced ${units(r.replaced, r.unit)} (${r.rows} row${r.rows === 1 ? '' : 's'}) of the ${units(r.covered, r.unit)} the file covers` +
      `${r.covered > r.replaced ? ` (${r.covered - r.replaced} new)` : ''}; nothing outside them changed.`,
  );
  if (s.wardChanges.length) {
    lines.push('LSOAs moved between wards:');
    for (const w of s.wardChanges) {
      const change = [w.gained ? `gained ${w.gained}` : '', w.lost ? `lost ${w.lost}` : ''].filter(Boolean).join(', ');
      lines.push(`  ${w.wardCode} ${w.wardName}: ${change}, now ${units(w.lsoas, 'LSOA')}`);
    }
  }
  return lines.join('\n');
}

function describeCounts(s: ImportSummary): string {
  const skipped = Object.entries(s.skipped);
  const skippedText = skipped.length
    ? `, skipped ${skipped.reduce((n, [, v]) => n + v, 0)} (${skipped.map(([k, v]) => `${k}: ${v}`).join('; ')})`
    : '';
  return (
    `Imported ${s.file} as ${s.kind} for ${s.period}: read ${s.read} rows, loaded ${s.loaded}${skippedText}, ` +
    `${s.wardCodes.length} wards touched, in ${(s.milliseconds / 1000).toFixed(1)} s (${Math.round((s.read / Math.max(s.milliseconds, 1)) * 1000)} rows/s). ` +
    `Data source ${s.sourceId}, sha256 ${s.sha256.slice(0, 12)}…`
  );
}
