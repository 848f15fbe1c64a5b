/** Escapes LIKE wildcards so user text matches literally inside a `%…%` pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A PostgreSQL int[] literal for binding as `?::int[]`: knex expands a bound JS array into a list,
 * which suits `in (?)` but not `= any(?)`, and an empty list would not parse at all.
 */
export function intArray(values: readonly number[]): string {
  return `{${values.map((v) => Math.trunc(v)).join(',')}}`;
}

/** A PostgreSQL text[] literal for binding as `?::text[]`, each element quoted (see intArray for why not a JS array). */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
