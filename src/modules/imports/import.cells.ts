import { firstDay, isIsoDate, isMonth } from '../../periods';
import type { CellError } from './import.types';

/**
 * Small parsers for CSV cells that record what is wrong, by column, instead of throwing, so one pass
 * over a row reports every bad cell. Each returns the parsed value, or undefined after noting a problem.
 */
export class Cells {
  readonly errors: CellError[] = [];

  constructor(private readonly cells: string[]) {}

  private fail(column: string, message: string): undefined {
    this.errors.push({ column, message });
    return undefined;
  }

  text(column: string, index: number): string {
    return (this.cells[index] ?? '').trim();
  }

  required(column: string, index: number): string | undefined {
    const value = this.text(column, index);
    if (value) return value;
    this.fail(column, 'is empty');
    return undefined;
  }

  /** A number, or null when the cell is empty and `optional`. */
  number(
    column: string,
    index: number,
    opts: { optional?: boolean; min?: number; max?: number; integer?: boolean } = {},
  ): number | null | undefined {
    const raw = this.text(column, index);
    if (raw === '') {
      // An empty optional cell comes back undefined (not null), like a bad one; callers map both with `?? null`.
      if (!opts.optional) this.fail(column, 'is empty');
      return;
    }
    const value = Number(raw.replace(/,/g, ''));
    if (!Number.isFinite(value)) {
      this.fail(column, `'${raw}' is not a number`);
      return;
    }
    if (opts.integer && !Number.isInteger(value)) {
      this.fail(column, `'${raw}' is not a whole number`);
      return;
    }
    if (opts.min !== undefined && value < opts.min) {
      this.fail(column, `${raw} is below ${opts.min}`);
      return;
    }
    if (opts.max !== undefined && value > opts.max) {
      this.fail(column, `${raw} is above ${opts.max}`);
      return;
    }
    return value;
  }

  /** A month written YYYY-MM, returned as the first day of the month (YYYY-MM-01). */
  month(column: string, index: number): string | undefined {
    const raw = this.text(column, index);
    if (isMonth(raw)) return firstDay(raw);
    this.fail(column, `'${raw}' is not a month (YYYY-MM)`);
    return undefined;
  }

  /** A date written YYYY-MM-DD. */
  date(column: string, index: number): string | undefined {
    const raw = this.text(column, index);
    if (isIsoDate(raw)) return raw;
    this.fail(column, `'${raw}' is not a date (YYYY-MM-DD)`);
    return undefined;
  }

  /** One of `allowed`, exactly as written. */
  oneOf<T extends string>(column: string, index: number, allowed: readonly T[], what = 'value'): T | undefined {
    const raw = this.text(column, index);
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.fail(column, `'${raw}' is not a known ${what}`);
    return undefined;
  }

  /** Records a problem found by a check across cells. */
  problem(column: string, message: string): void {
    this.fail(column, message);
  }
}

/**
 * A parsed cell once its row has no errors: every parser that returns undefined records an error
 * first, so undefined here is a bug in the importer, not in the file.
 */
export function parsed<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('a parsed cell is missing although its row recorded no errors');
  return value;
}

/** Longest cell any importer accepts; no published format comes near it. */
export const MAX_CELL_CHARACTERS = 10_000;

/**
 * A spreadsheet runs a cell starting with = or @ (and + or - followed by something that is not a
 * number) as a formula, so such text would turn into a live formula, e.g. =HYPERLINK(…), wherever the
 * hub's figures are exported and opened. Numbers like -1 or +3.5 pass.
 */
const FORMULA = /^(?:[=@]|[+-][^\d.,\s])/;

/**
 * Problems no importer wants whatever the column: NUL bytes (PostgreSQL text cannot hold them), bytes
 * that were not UTF-8, cells longer than MAX_CELL_CHARACTERS, and spreadsheet formulas. Checked on
 * every row before the importer reads it, each named by the column's header.
 */
export function hostileCells(record: string[], header: string[]): CellError[] {
  const errors: CellError[] = [];
  record.forEach((raw, i) => {
    const column = (header[i] ?? `column ${i + 1}`).trim();
    const cell = raw.trim();
    if (raw.includes('\u0000')) errors.push({ column, message: 'contains a NUL byte (is this a binary file, or UTF-16?)' });
    else if (raw.includes('\uFFFD')) errors.push({ column, message: 'is not UTF-8 text (save the file as CSV UTF-8)' });
    if (raw.length > MAX_CELL_CHARACTERS) {
      errors.push({ column, message: `is ${raw.length} characters long, more than the ${MAX_CELL_CHARACTERS} a cell may have` });
    } else if (FORMULA.test(cell)) {
      errors.push({ column, message: `'${cell.slice(0, 40)}' looks like a spreadsheet formula, which the hub does not load` });
    }
  });
  return errors;
}
