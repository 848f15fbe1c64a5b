/** Escapes LIKE wildcards so user text matches literally inside a `%…%` pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
