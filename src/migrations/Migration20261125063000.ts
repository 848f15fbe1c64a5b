import { Migration } from '@mikro-orm/migrations';

/**
 * Case reference numbers come from a counter row per group and year. Two cases opened at once in one
 * group then update the same row: at REPEATABLE READ the second gets a serialization failure and is
 * retried, and never takes the number the first took. (Reading the highest reference and adding one
 * cannot work at that isolation level: each transaction reads from its own snapshot.)
 */
export class Migration20261125063000 extends Migration {
  override up(): void {
    this.addSql(`create table "case_reference_counter" (
      "group_id" int not null references "tasking_group" ("id") on update cascade on delete cascade,
      "year" smallint not null,
      "last" int not null,
      primary key ("group_id", "year"));`);
  }

  override down(): void {
    this.addSql(`drop table if exists "case_reference_counter";`);
  }
}
