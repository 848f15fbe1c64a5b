import { Migration } from '@mikro-orm/migrations';

export class Migration20261125044924 extends Migration {
  override up(): void {
    this.addSql(
      `create table "outbox_event" ("id" bigserial primary key, "txid" xid8 not null default pg_current_xact_id(), "channel" text not null, "type" text not null, "payload" jsonb not null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "outbox_event_channel_txid_id_index" on "outbox_event" ("channel", "txid", "id");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "outbox_event" cascade;`);
  }
}
