import { parse } from 'csv-parse/sync';
import fs from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { MAX_CELL_CHARACTERS } from './import.cells';

/**
 * The fast path of an import: PostgreSQL parses the file (COPY into a table of text columns) and
 * set-based SQL checks it, instead of csv-parse and a check per row in Node. It only takes files on
 * which COPY and csv-parse cannot disagree, and it never words a problem itself: anything it is not
 * sure of sends the import to the row-by-row path, which names every problem by row and column as
 * it always has. So a good file is fast and a bad one is reported exactly as before.
 */

/**
 * The table COPY fills: one text column per header column, named by position (`c0`, `c1`, …), and
 * `n`, the data row's place in the file (1 for the first row under the header).
 */
export const RAW_TABLE = 'import_raw';

/** The raw table's column holding header column `index`: built from a number, never from the file. */
export function rawColumn(index: number): string {
  return `c${String(index)}`;
}

/** What JavaScript's String.prototype.trim removes, as a PostgreSQL regular-expression class body. */
export const TRIMMED = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/** Between cells in the row `doubtfulRow` reads: a control character no published file uses (if one does, it only adds doubt). */
const SEPARATOR = "E'\\x01'";

/**
 * A raw row with a cell that might fail `hostileCells` (import.cells.ts) or that trimming would
 * change: longer than a cell may be (the row's bytes, so a long row is doubted), a replacement
 * character (U+FFFD, the mark of bytes that were not UTF-8), white space at either end of a cell, or a
 * spreadsheet formula's first characters. One regular expression over the row with its cells between
 * separators, rather than one per cell: that was ten times as slow. (NUL bytes and invalid UTF-8 never
 * get this far: COPY refuses them.)
 */
function doubtfulRow(columns: string[]): string {
  const row = `(${SEPARATOR} || concat_ws(${SEPARATOR}, ${columns.join(', ')}) || ${SEPARATOR})`;
  return (
    `octet_length(${row}) > ${String(MAX_CELL_CHARACTERS)} or ` +
    `${row} ~ '\\x01([${TRIMMED}=@]|[-+][^0-9.,\\x01${TRIMMED}])|[${TRIMMED}]\\x01|\\uFFFD'`
  );
}

/**
 * Checks the bytes on their way to COPY and stops them at the first thing on which PostgreSQL's CSV
 * reading and csv-parse's could differ: a quote anywhere but around a whole field (`a"b`, `"a"b`), a
 * line break inside quotes, or a line longer than the longest row csv-parse reads (an unclosed quote
 * runs on). Counts line breaks, so the rows COPY reports can be checked against the lines (a lone
 * `\.` line ends a COPY early; blank lines are rows to COPY but not to csv-parse).
 */
class CsvGuard extends Transform {
  lines = 0;
  doubt: string | undefined;
  private lastByte = 0x0a;
  private sinceNewline = 0;
  private quoted = false;
  /** Inside quotes, the chunk ended on a quote: the next byte says whether it closed the field. */
  private quoteAtEnd = false;

  constructor(
    private readonly maxRowBytes: number,
    private readonly onChunk: (chunk: Buffer) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void): void {
    this.onChunk(chunk);
    const problem = this.scan(chunk);
    if (problem) {
      this.doubt = problem;
      done(new Error(`import fast path: ${problem}`));
      return;
    }
    done(null, chunk);
  }

  override _flush(done: (error?: Error | null) => void): void {
    if (this.quoted && !this.quoteAtEnd) this.doubt = 'an unclosed quote';
    done(this.doubt ? new Error(`import fast path: ${this.doubt}`) : null);
  }

  /** Whether the file ended on a line break (its last line then adds no row). */
  get endsWithNewline(): boolean {
    return this.lastByte === 0x0a;
  }

  private scan(chunk: Buffer): string | undefined {
    let at = 0;
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      const next = chunk[0];
      if (next === 0x22) at = 1;
      else if (next === 0x2c || next === 0x0d || next === 0x0a) this.quoted = false;
      else return 'text after a closing quote';
    }
    while (at < chunk.length) {
      if (this.quoted) {
        const close = chunk.indexOf(0x22, at);
        const newline = chunk.indexOf(0x0a, at);
        if (newline !== -1 && (close === -1 || newline < close)) return 'a line break inside quotes';
        if (close === -1) break;
        if (close === chunk.length - 1) {
          this.quoteAtEnd = true;
          break;
        }
        const next = chunk[close + 1];
        if (next === 0x22) at = close + 2;
        else if (next === 0x2c || next === 0x0d || next === 0x0a) {
          this.quoted = false;
          at = close + 1;
        } else return 'text after a closing quote';
      } else {
        const open = chunk.indexOf(0x22, at);
        if (open === -1) break;
        const before = open === 0 ? this.lastByte : chunk[open - 1];
        if (before !== 0x2c && before !== 0x0a) return 'a quote inside a field';
        this.quoted = true;
        at = open + 1;
      }
    }
    let newline = chunk.indexOf(0x0a);
    if (newline === -1) {
      this.sinceNewline += chunk.length;
    } else {
      let previous = -1;
      let longest = this.sinceNewline + newline;
      while (newline !== -1) {
        this.lines += 1;
        longest = Math.max(longest, newline - previous - 1);
        previous = newline;
        newline = chunk.indexOf(0x0a, newline + 1);
      }
      this.sinceNewline = chunk.length - previous - 1;
      if (longest > this.maxRowBytes) return 'a very long line';
    }
    if (this.sinceNewline > this.maxRowBytes) return 'a very long line';
    if (chunk.length) this.lastByte = chunk[chunk.length - 1];
    return undefined;
  }
}

/**
 * The file's header as csv-parse reads it, when it is a plain first line the fast path can take (no
 * quotes, ended by a line break within the first 64 KiB); otherwise undefined.
 */
export async function plainHeader(file: string): Promise<string[] | undefined> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const end = buffer.subarray(0, bytesRead).indexOf(0x0a);
    if (end === -1) return undefined;
    const line = buffer.subarray(0, end).toString('utf8');
    if (line.includes('"')) return undefined;
    const records: string[][] = parse(line, { bom: true, relax_column_count: true });
    const header = records.at(0);
    return header && header.length > 1 ? header : undefined;
  } finally {
    await handle.close();
  }
}

/**
 * COPYs the file's data rows into RAW_TABLE (created here, dropped at commit) and checks what no
 * importer wants whatever the column. Returns the number of rows, or undefined when the row-by-row path
 * must read the file: COPY refused it (malformed CSV, a NUL byte, bytes that are not UTF-8, a row of
 * the wrong width), the guard stopped it, or a cell might be hostile. The caller rolls back to a
 * savepoint taken before, so nothing of the attempt is left.
 */
export async function copyRaw(
  client: ClientBase,
  file: string,
  width: number,
  options: { maxRowCharacters: number; onChunk: (chunk: Buffer) => void },
): Promise<number | undefined> {
  const columns = Array.from({ length: width }, (_, i) => rawColumn(i));
  await client.query(
    `create temporary table ${RAW_TABLE} (n bigint generated always as identity, ${columns.map((c) => `${c} text not null`).join(', ')}) on commit drop`,
  );
  // FORCE_NOT_NULL reads an unquoted empty cell as '' (as csv-parse does), not NULL.
  const copy = copyFrom(
    `copy ${RAW_TABLE} (${columns.join(', ')}) from stdin (format csv, header true, force_not_null (${columns.join(', ')}))`,
  );
  const guard = new CsvGuard(options.maxRowCharacters, options.onChunk);
  try {
    await pipeline(fs.createReadStream(file), guard, client.query(copy));
  } catch {
    return undefined;
  }
  const rows = guard.lines - (guard.endsWithNewline ? 1 : 0);
  if (copy.rowCount !== rows) return undefined;
  const { rows: doubtful } = await client.query<{ any: boolean }>(
    `select exists (select 1 from ${RAW_TABLE} where ${doubtfulRow(columns)}) as any`,
  );
  return doubtful[0].any ? undefined : rows;
}
