import { z } from 'zod';
import { BadUserInputError } from './errors';
import { col } from './rows';

/**
 * The hub's periods, parsed and written in one place: calendar dates (YYYY-MM-DD), months (YYYY-MM)
 * as the graph and the files take them, and financial years (1 April to 31 March, written 2020/21).
 * Each parser is a plain check; callers word the problem for their audience (an API argument, a
 * cell of a file, a seed row).
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const FINANCIAL_YEAR = /^(\d{4})\/(\d{2})$/;

/** A calendar day written YYYY-MM-DD that exists (no 2023-02-29, no 2024-13-01). */
export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.getUTCDate() === Number(m[3]) && day.getUTCMonth() + 1 === Number(m[2]);
}

/** A month written YYYY-MM, 01 to 12. */
export function isMonth(text: string): boolean {
  const m = MONTH.exec(text);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** Months since year 0, so that months can be counted and compared: "2024-03" → 24290. */
export function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** The month a `monthIndex` stands for, as YYYY-MM. */
export function monthOf(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The first day of a month ("2024-03" → "2024-03-01"): how months are stored, in `date` columns. */
export function firstDay(month: string): string {
  return `${month.slice(0, 7)}-01`;
}

/** "2017-11" for one month, "2017-11 to 2019-10" for a span; takes months or dates. */
export function monthSpan(first: string, last: string): string {
  const a = first.slice(0, 7);
  const b = last.slice(0, 7);
  return a === b ? a : `${a} to ${b}`;
}

/** A financial year's label from the calendar year it starts in: 2020 → "2020/21". */
export function financialYearLabel(start: number): string {
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/**
 * A financial year written like 2020/21: the calendar year it starts in (1 April), or what is wrong
 * with it, worded to follow a file's column name.
 */
export function parseFinancialYear(text: string): { start: number } | { problem: string } {
  const m = FINANCIAL_YEAR.exec(text);
  if (!m) return { problem: `'${text}' is not a financial year (write it like 2020/21)` };
  const start = Number(m[1]);
  if (Number(m[2]) !== (start + 1) % 100) {
    const next = String((start + 1) % 100).padStart(2, '0');
    return { problem: `'${text}' is not a financial year: the year after ${start} is ${next} (${financialYearLabel(start)})` };
  }
  return { start };
}

/** The financial year a day (YYYY-MM-DD) falls in, by the calendar year it starts in: 2021-03-31 → 2020, 2021-04-01 → 2021. */
export function financialYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 4 ? year : year - 1;
}

/** A `financialYear` argument, checked: BAD_USER_INPUT unless it is written like 2020/21. */
export function checkFinancialYear(value: string): string {
  if ('problem' in parseFinancialYear(value)) {
    throw new BadUserInputError(`'financialYear' must be written like 2020/21; it was '${value}'.`, 'financialYear');
  }
  return value;
}

/** Validators for files that carry periods (the seed data); the message completes "<file> row 3, column x: …". */
export const periodSchemas = {
  isoDate: z.string().regex(DATE, 'is not an ISO date (YYYY-MM-DD)').refine(isIsoDate, 'is not a real date'),
} as const;

/** The most months one period argument may span. */
const MAX_MONTHS = 60;

function checkMonth(value: string, field: string): string {
  if (!isMonth(value)) {
    throw new BadUserInputError(`'${field}' must be a month written YYYY-MM, such as 2024-03; it was '${value}'.`, field);
  }
  return value;
}

export interface MonthSpan {
  from: string;
  to: string;
}

/**
 * Checks the `from` and `to` month arguments crime and housing share, and fills the defaults: `to`
 * is the latest month loaded, `from` eleven months before it, so a year in all.
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

/**
 * The latest month in each table of monthly figures, as YYYY-MM (null when the table is empty). One
 * statement per table, written out: table names are never put into SQL text at run time.
 */
export const LATEST_MONTH_SQL = {
  crime: `select to_char(max(month), 'YYYY-MM') as month from crime`,
  housing_month: `select to_char(max(month), 'YYYY-MM') as month from housing_month`,
} as const;
/** The row LATEST_MONTH_SQL gives: null when the table is empty. */
export const latestMonthRow = { month: col.text.nullable() };
