import { Migration } from '@mikro-orm/migrations';

export class Migration20261125034431 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "data_source" add column "ward_codes" text[] not null default '{}';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "data_source" drop column "ward_codes";`);
  }
}
