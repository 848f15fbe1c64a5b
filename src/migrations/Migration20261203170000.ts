import { Migration } from '@mikro-orm/migrations';

/**
 * Trusted documents (registered operations a dashboard sends by hash), kept in the database so that
 * every hub process knows them; and API keys that may send nothing else.
 */
export class Migration20261203170000 extends Migration {
  override up(): void {
    this.addSql(
      `create table "trusted_document" ("hash" text not null, "body" text not null, "operation_name" text null, "operation_type" text not null, "open_data" boolean not null, "source" text not null, "registered_at" timestamptz not null default now(), constraint "trusted_document_pkey" primary key ("hash"));`,
    );
    this.addSql(`alter table "api_key" add column "trusted_documents_only" boolean not null default false;`);
  }

  override down(): void {
    this.addSql(`drop table if exists "trusted_document" cascade;`);
    this.addSql(`alter table "api_key" drop column "trusted_documents_only";`);
  }
}
