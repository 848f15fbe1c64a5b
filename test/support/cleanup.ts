/**
 * Releases what a file's (or a describe block's) beforeAll makes, after its tests, last made first
 * released. Register each thing as soon as it exists: when beforeAll fails part-way, what it made is
 * still released and what it never made is left alone. Every release runs even if one fails; the
 * first failure is then thrown.
 *
 * ```ts
 * const cleanup = useCleanup();
 * beforeAll(async () => {
 *   db = await createTestDatabase();
 *   cleanup(() => db.drop());
 * });
 * ```
 */
export function useCleanup(): (release: () => unknown) => void {
  const releases: (() => unknown)[] = [];
  afterAll(async () => {
    const failures: unknown[] = [];
    for (const release of releases.splice(0).reverse()) {
      try {
        await release();
      } catch (err) {
        failures.push(err);
      }
    }
    if (failures.length) throw failures[0];
  });
  return (release) => {
    releases.push(release);
  };
}
