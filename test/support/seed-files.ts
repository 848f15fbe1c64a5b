import { readSeedData, type SeedData } from '../../seeds/read';

let cached: SeedData | undefined;

/** The seed files as the tests read them, to compute expected answers independently of the hub's SQL. */
export function seedFiles(): SeedData {
  cached ??= readSeedData();
  return cached;
}
