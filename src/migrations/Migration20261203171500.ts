import { Migration } from '@mikro-orm/migrations';

/**
 * A locality's name is unique whatever its case. `locality(name:)` already finds one in any case,
 * and a federation gateway refers to a locality by its name (its entity key: localities have no ONS
 * code), so "North" and "north" must never be two localities.
 */
export class Migration20261203171500 extends Migration {
  override up(): void {
    this.addSql(`create unique index "locality_name_lower_unique" on "locality" (lower("name"));`);
  }

  override down(): void {
    this.addSql(`drop index if exists "locality_name_lower_unique";`);
  }
}
