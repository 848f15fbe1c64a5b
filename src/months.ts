import { col } from './rows';
import { BadUserInputError } from './errors';

/** Months as the graph takes them (YYYY-MM), and the period arguments crime and housing share. */

const MAX_MONTHS = 60;

export function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export function monthOf(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function checkMonth(value: string, field: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) {
    throw new BadUserInputError(`'${field}' must be a month written YYYY-MM, such as 2024-03; it was '${value}'.`, field);
  }
  return value;
}

export interface MonthSpan {
  from: string;
  to: string;
}

/**
 * Checks `from` and `to` and fills the defaults: `to` is the latest month loaded, `from` eleven
 * months before it, so a year in all.
 */
export function resolveMonths(args: { from?: string | null; to?: string | null }, latest: string | null): MonthSpan {
  const to = args.to ? checkMonth(args.to, 'to') : (latest ?? monthOf(monthIndex(new Date().toISOString().slice(0, 7)) - 1));
  const from = args.from ? checkMonth(args.from, 'from') : monthOf(monthIndex(to) - 11);
  if (monthIndex(from) > monthIndex(to)) throw new BadUserInputError(`'from' (${from}) is after 'to' (${to}).`, 'from');
  if (monthIndex(to) - monthIndex(from) + 1 > MAX_MONTHS) {
    throw new BadUserInputError(`The period may span at most ${MAX_MONTHS} months; ${from} to ${to} is longer.`, 'from');
  }
  return { from, to };
}

/** The latest month in `table.month`, as YYYY-MM, or null when the table is empty. */
export const LATEST_MONTH_SQL = (table: string) => `select to_char(max(month), 'YYYY-MM') as month from ${table}`;
/** The row LATEST_MONTH_SQL gives: null when the table is empty. */
export const latestMonthRow = { month: col.text.nullable() };
