import { Migration } from '@mikro-orm/migrations';

/** What each import replaced (the units its file covers) and the warnings it gave, for `dataSources`. */
export class Migration20261203061500 extends Migration {
  override up(): void {
    this.addSql(`alter table "data_source" add column "replaced" jsonb null, add column "warnings" text[] not null default '{}';`);
  }

  override down(): void {
    this.addSql(`alter table "data_source" drop column "replaced", drop column "warnings";`);
  }
}
