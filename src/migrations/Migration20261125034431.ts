import { Migration } from '@mikro-orm/migrations';

export class Migration20261125034431 extends Migration {
  override up(): void {
    this.addSql(`alter table "data_source" add column "ward_codes" text[] not null default '{}';`);
  }

  override down(): void {
    this.addSql(`alter table "data_source" drop column "ward_codes";`);
  }
}
