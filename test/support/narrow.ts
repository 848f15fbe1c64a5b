/** Whether a value parsed from JSON is an object (not null, not an array), so that its keys can be read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a value parsed from JSON is a list; its items are unknown until narrowed. */
export function isList(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

/** `value[key]` of a value parsed from JSON that must be an object: throws, failing the test, when it is not one. */
export function fieldOf(value: unknown, key: string): unknown {
  if (!isRecord(value)) throw new Error(`Expected an object with '${key}', got ${JSON.stringify(value)}`);
  return value[key];
}

/** What is at `keys` inside a value parsed from JSON, or undefined where something on the way is not an object. */
export function valueAt(value: unknown, ...keys: string[]): unknown {
  let at = value;
  for (const key of keys) {
    if (!isRecord(at)) return undefined;
    at = at[key];
  }
  return at;
}
