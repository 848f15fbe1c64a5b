import { Migration } from '@mikro-orm/migrations';

/**
 * A locality names its source, like every other figure: which ward sits in which locality is an
 * assumption (the council papers do not publish it), and the source is where that is said. Localities
 * already loaded take their wards' source until the seed is loaded again and sets its own.
 */
export class Migration20261203055843 extends Migration {
  override up(): void {
    this.addSql(`alter table "locality" add column "source_id" int null;`);
    this.addSql(
      `alter table "locality" add constraint "locality_source_id_foreign" foreign key ("source_id") references "data_source" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(`update "locality" l set "source_id" = (select min(w."source_id") from "ward" w where w."locality_id" = l."id");`);
  }

  override down(): void {
    this.addSql(`alter table "locality" drop constraint "locality_source_id_foreign";`);
    this.addSql(`alter table "locality" drop column "source_id";`);
  }
}
