import { Migration } from '@mikro-orm/migrations';

/**
 * Drops the index on crime.crime_ref. No read looks a crime up by its reference (outcomes are found by
 * crime_outcome's own index on crime_ref), and keeping this one up to date cost the most of any index
 * when an import inserts a million crimes: police.uk references are random hashes, so every insert
 * lands on a different page of it.
 */
export class Migration20261203131500 extends Migration {
  override up(): void {
    this.addSql(`drop index if exists "crime_crime_ref_index";`);
  }

  override down(): void {
    this.addSql(`create index "crime_crime_ref_index" on "crime" ("crime_ref");`);
  }
}
