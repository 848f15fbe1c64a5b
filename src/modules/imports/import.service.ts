import { parse } from 'csv-parse';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DATA_REFRESHED_CHANNEL } from '../../pubsub';
import { authorityOf } from '../places/places.service';
import { HeaderError, ImportError, type RowProblem } from './import.errors';
import type { Geography, Importer } from './import.types';

export interface ImportOptions {
  /** Recorded as who ran the import. */
  who: string;
  /** Mark the figures as illustrative (generated seed data), not official. */
  illustrative?: boolean;
  /** Called as the file is read, with bytes read so far and the file's size. */
  onProgress?: (bytesRead: number, size: number) => void;
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
  milliseconds: number;
}

const MAX_PROBLEMS_KEPT = 1000;
const COPY_CHUNK = 64 * 1024;

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

/**
 * Imports one file in one transaction: streams it (memory does not grow with its size), checks every
 * row, copies good rows into a staging table, and only if no row had a problem replaces the same
 * period's data, records where it came from, announces the refresh and commits. Any problem rolls
 * everything back and throws an ImportError listing rows and columns.
 */
export async function importFile(
  client: ClientBase,
  importer: Importer,
  file: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  const started = Date.now();
  const fileName = path.basename(file);
  const size = (await fs.promises.stat(file)).size;
  const hash = createHash('sha256');
  let bytesRead = 0;
  const problems: RowProblem[] = [];
  let problemCount = 0;
  const skipped: Record<string, number> = {};
  let read = 0;

  await client.query('begin');
  try {
    const geography = await readGeography(client);
    let job: ReturnType<Importer['start']> | undefined;
    let copy: Writable | undefined;
    let headerWidth = 0;
    let pending = '';
    const flush = () => {
      const chunk = pending;
      pending = '';
      return chunk;
    };

    const parser = parse({ relax_column_count: true, bom: true, skip_empty_lines: true, info: true });
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
          try {
            job = importer.start(record, geography);
          } catch (err) {
            if (err instanceof HeaderError) throw new ImportError(fileName, [{ row: 1, message: err.message }]);
            throw err;
          }
          headerWidth = record.length;
          const columns = Object.entries(job.staging);
          await client.query(
            `create temporary table import_staging (${columns.map(([c, t]) => `"${c}" ${t}`).join(', ')}) on commit drop`,
          );
          copy = client.query(copyFrom(`copy import_staging (${columns.map(([c]) => `"${c}"`).join(', ')}) from stdin (format csv)`));
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
        const result = job.row(record);
        if ('load' in result) {
          if (problemCount === 0) {
            // Rows go to COPY in chunks of about 64 KiB: one message per row would cost more than the row.
            pending += `${result.load.map(csvField).join(',')}\n`;
            if (pending.length >= COPY_CHUNK && !copy!.write(flush())) await new Promise((resolve) => copy!.once('drain', resolve));
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
      const message = err instanceof Error ? err.message : String(err);
      const row = (err as { lines?: number }).lines ?? read + 2;
      throw new ImportError(fileName, [{ row, message: `the file is not valid CSV: ${message}` }]);
    }
    await reading;
    if (!job || !copy) throw new ImportError(fileName, [{ row: 1, message: 'the file is empty: no header row' }]);
    if (pending) copy.write(flush());
    await new Promise<void>((resolve, reject) => {
      copy!.once('finish', resolve);
      copy!.once('error', reject);
      copy!.end();
    });
    if (problemCount > 0) throw new ImportError(fileName, problems, problemCount);

    const period = await job.period(client);
    const key = `${importer.kind}:${period}`;
    // Importing the same source and period again replaces it whole: its rows go with it (on delete
    // cascade). LSOAs cannot go (crime and figures hang off them), so a geography source keeps the
    // LSOAs the new file leaves out, under a key that says it was superseded.
    await client.query('delete from data_source d where key = $1 and not exists (select 1 from lsoa where source_id = d.id)', [key]);
    await client.query(`update data_source set key = key || ' (superseded; source ' || id || ')' where key = $1`, [key]);
    const sha256 = hash.digest('hex');
    const inserted = await client.query<{ id: number }>(
      `insert into data_source (key, kind, title, publisher, licence, period, illustrative, note, file_name, sha256,
                                rows_read, rows_skipped, loaded_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
      [
        key,
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
    const { loaded, wardCodes } = await job.commit(client, sourceId);
    await client.query('update data_source set row_count = $2, ward_codes = $3 where id = $1', [sourceId, loaded, wardCodes]);
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
    await client.query('select pg_notify($1, $2)', [
      DATA_REFRESHED_CHANNEL,
      JSON.stringify({ sourceIds: [sourceId], kinds: [importer.sourceKind] }),
    ]);
    await client.query('commit');
    return { kind: importer.kind, file: fileName, sha256, period, sourceId, read, loaded, skipped, wardCodes, milliseconds: Date.now() - started };
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  }
}

/** One line for a person: what was read, loaded and skipped, and how fast. */
export function describeSummary(s: ImportSummary): string {
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
