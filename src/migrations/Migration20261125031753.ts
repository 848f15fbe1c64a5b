import { Migration } from '@mikro-orm/migrations';

export class Migration20261125031753 extends Migration {
  override up(): void {
    this.addSql(
      `create table "data_source" ("id" serial primary key, "key" text not null, "kind" text not null, "title" text not null, "publisher" text not null, "licence" text not null, "period" text not null, "illustrative" boolean not null, "note" text null, "file_name" text null, "row_count" int null, "loaded_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "data_source" add constraint "data_source_key_unique" unique ("key");`);

    this.addSql(
      `create table "boundary_set" ("code" text not null, "name" text not null, "effective_from" date not null, "source_id" int not null, constraint "boundary_set_pkey" primary key ("code"));`,
    );

    this.addSql(`create table "locality" ("id" serial primary key, "name" text not null, "description" text not null);`);
    this.addSql(`alter table "locality" add constraint "locality_name_unique" unique ("name");`);

    this.addSql(
      `create table "partner" ("id" serial primary key, "name" text not null, "kind" text check ("kind" in ('COUNCIL_SERVICE', 'POLICE', 'HOUSING', 'HEALTH', 'PARISH_COUNCIL', 'VOLUNTARY')) not null, "description" text not null, "source_id" int not null);`,
    );
    this.addSql(`alter table "partner" add constraint "partner_name_unique" unique ("name");`);

    this.addSql(
      `create table "ward" ("code" text not null, "name" text not null, "locality_id" int not null, "boundary_set_code" text not null, "seats" smallint not null, "source_id" int not null, constraint "ward_pkey" primary key ("code"));`,
    );
    this.addSql(`create index "ward_locality_id_index" on "ward" ("locality_id");`);

    this.addSql(
      `create table "lsoa" ("code" text not null, "name" text not null, "ward_code" text not null, "source_id" int not null, constraint "lsoa_pkey" primary key ("code"));`,
    );
    this.addSql(`create index "lsoa_ward_code_index" on "lsoa" ("ward_code");`);

    this.addSql(
      `create table "lsoa_population" ("id" serial primary key, "lsoa_code" text not null, "age_band" text not null, "sex" text check ("sex" in ('female', 'male')) not null, "count" int not null, "source_id" int not null);`,
    );
    this.addSql(`create index "lsoa_population_lsoa_code_index" on "lsoa_population" ("lsoa_code");`);
    this.addSql(
      `alter table "lsoa_population" add constraint "lsoa_population_source_id_lsoa_code_age_band_sex_unique" unique ("source_id", "lsoa_code", "age_band", "sex");`,
    );

    this.addSql(
      `create table "lsoa_deprivation" ("id" serial primary key, "lsoa_code" text not null, "imd_score" double precision not null, "imd_rank" int not null, "imd_decile" smallint not null, "population" int not null, "source_id" int not null);`,
    );
    this.addSql(
      `alter table "lsoa_deprivation" add constraint "lsoa_deprivation_source_id_lsoa_code_unique" unique ("source_id", "lsoa_code");`,
    );

    this.addSql(
      `create table "councillor" ("id" serial primary key, "name" text not null, "ward_code" text not null, "term_start" date not null, "term_end" date not null, "source_id" int not null);`,
    );
    this.addSql(`create index "councillor_ward_code_index" on "councillor" ("ward_code");`);

    this.addSql(
      `create table "ward_plan" ("id" serial primary key, "ward_code" text not null, "year" smallint not null, "title" text not null, "published_on" date not null, "summary" text not null, "source_id" int not null);`,
    );
    this.addSql(`alter table "ward_plan" add constraint "ward_plan_ward_code_year_unique" unique ("ward_code", "year");`);

    this.addSql(
      `create table "ward_priority" ("id" serial primary key, "plan_id" int not null, "position" smallint not null, "theme" text check ("theme" in ('COMMUNITY_SAFETY', 'ENVIRONMENT_AND_GREEN_SPACES', 'CLEAN_STREETS', 'HEALTH_AND_WELLBEING', 'COST_OF_LIVING', 'TRANSPORT_AND_ROAD_SAFETY', 'COMMUNITY_EMPOWERMENT')) not null, "title" text not null, "health_and_wellbeing_aims" text[] not null, "planned_actions" text[] not null);`,
    );
    this.addSql(`create index "ward_priority_plan_id_index" on "ward_priority" ("plan_id");`);
    this.addSql(`create index "ward_priority_theme_index" on "ward_priority" ("theme");`);

    this.addSql(
      `alter table "boundary_set" add constraint "boundary_set_source_id_foreign" foreign key ("source_id") references "data_source" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "partner" add constraint "partner_source_id_foreign" foreign key ("source_id") references "data_source" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "ward" add constraint "ward_locality_id_foreign" foreign key ("locality_id") references "locality" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "ward" add constraint "ward_boundary_set_code_foreign" foreign key ("boundary_set_code") references "boundary_set" ("code") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "ward" add constraint "ward_source_id_foreign" foreign key ("source_id") references "data_source" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "lsoa" add constraint "lsoa_ward_code_foreign" foreign key ("ward_code") references "ward" ("code") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "lsoa" add constraint "lsoa_source_id_foreign" foreign key ("source_id") references "data_source" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "lsoa_population" add constraint "lsoa_population_lsoa_code_foreign" foreign key ("lsoa_code") references "lsoa" ("code") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "lsoa_population" add constraint "lsoa_population_source_id_foreign" foreign key ("source_id") references "data_source" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "lsoa_deprivation" add constraint "lsoa_deprivation_lsoa_code_foreign" foreign key ("lsoa_code") references "lsoa" ("code") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "lsoa_deprivation" add constraint "lsoa_deprivation_source_id_foreign" foreign key ("source_id") references "data_source" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "councillor" add constraint "councillor_ward_code_foreign" foreign key ("ward_code") references "ward" ("code") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "councillor" add constraint "councillor_source_id_foreign" foreign key ("source_id") references "data_source" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "ward_plan" add constraint "ward_plan_ward_code_foreign" foreign key ("ward_code") references "ward" ("code") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "ward_plan" add constraint "ward_plan_source_id_foreign" foreign key ("source_id") references "data_source" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "ward_priority" add constraint "ward_priority_plan_id_foreign" foreign key ("plan_id") references "ward_plan" ("id") on update cascade on delete cascade;`,
    );
  }
}
