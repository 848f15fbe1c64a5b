import { stringify } from 'csv-stringify/sync';

/** What a CSV cell may hold; null and undefined become empty cells. */
export type CsvCell = string | number | boolean | Date | null | undefined;

/**
 * Characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell as a formula,
 * or that some of them strip before looking for one (tab, carriage return). A purpose typed as
 * `=HYPERLINK("http://…")` would otherwise run when an information governance officer opens the export.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The text of a cell as the hub writes it: a string that a spreadsheet would take for a formula gets a
 * leading single quote, which spreadsheets show as text (OWASP's advice for CSV injection). Numbers,
 * booleans and dates are written as they are: they cannot carry a formula, and a negative number must
 * stay a number.
 */
export function csvCell(value: CsvCell): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string') return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * Every CSV the hub hands to people goes through here (header row first), so no cell reaches a
 * spreadsheet as a live formula. Not for CSV fed to PostgreSQL's COPY (the imports), which is read by
 * the database, not a spreadsheet, and must hold the values exactly.
 */
export function writeCsv(columns: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  return csvLines([columns], true) + csvLines(rows);
}

/**
 * The same writer a piece at a time, for a CSV streamed as its rows arrive (the GraphQL export): the
 * header line once, then each batch of rows. Joined, the pieces are exactly what `writeCsv` writes.
 */
export function csvLines(rows: Iterable<readonly CsvCell[]>, header = false): string {
  const cells: (string | number | boolean | null)[][] = [];
  // A header cell is text whatever it looks like: the same neutralising, written as a string.
  for (const row of rows) cells.push(row.map((c) => (header ? String(csvCell(c)) : csvCell(c))));
  return stringify(cells);
}
