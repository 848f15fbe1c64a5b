/** A problem with a row, located as a spreadsheet would show it (row 1 is the header). */
export interface RowProblem {
  row: number;
  column?: string;
  message: string;
}

const SHOWN = 50;

/** The import failed and changed nothing; `problems` lists what was wrong (the first 50 of `total`). */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly problems: RowProblem[],
    readonly total: number = problems.length,
  ) {
    const lines = problems.slice(0, SHOWN).map((p) => `  - row ${p.row}${p.column ? `, column "${p.column}"` : ''}: ${p.message}`);
    const more = total > SHOWN ? `\n  … and ${total - SHOWN} more` : '';
    super(`${file} was not imported (nothing changed): ${total} problem${total === 1 ? '' : 's'}\n${lines.join('\n')}${more}`);
    this.name = 'ImportError';
  }
}

/** The file's header is not the format the importer reads; the runner reports it as row 1. */
export class HeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HeaderError';
  }
}

/** Finds named columns in a header (any order), reporting every missing one at once. */
export function columnsOf<const N extends string>(header: string[], required: readonly N[]): Record<N, number> {
  const index = new Map(header.map((h, i) => [h.trim(), i]));
  const missing = required.filter((name) => !index.has(name));
  if (missing.length) {
    throw new HeaderError(`the header lacks ${missing.map((m) => `"${m}"`).join(', ')} (found: ${header.map((h) => `"${h}"`).join(', ')})`);
  }
  // Every required name is in the index: the missing ones were refused above.
  return Object.fromEntries(required.map((name) => [name, index.get(name) ?? -1])) as Record<N, number>;
}

/** The named columns and no others (any order), as the hub's own formats require; names every difference at once. */
export function exactColumns<const N extends string>(header: string[], columns: readonly N[]): Record<N, number> {
  const names = header.map((h) => h.trim());
  const missing = columns.filter((c) => !names.includes(c));
  const extra = names.filter((n) => !(columns as readonly string[]).includes(n));
  if (missing.length || extra.length) {
    const quoted = (list: string[]) => list.map((n) => `"${n}"`).join(', ');
    const parts = [
      missing.length ? `lacks ${quoted(missing)}` : '',
      extra.length ? `has ${quoted(extra)}, which this format does not` : '',
    ].filter(Boolean);
    throw new HeaderError(`the header ${parts.join(' and ')} (expected exactly: ${columns.join(',')})`);
  }
  return columnsOf(header, columns);
}
