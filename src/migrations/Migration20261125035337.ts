import { Migration } from '@mikro-orm/migrations';

export class Migration20261125035337 extends Migration {
  override up(): void {
    this.addSql(
      `create table "indicator" ("id" int not null, "name" text not null, "aim" text check ("aim" in ('BEST_START_IN_LIFE', 'MENTAL_HEALTH_AND_WELLBEING', 'LIVE_WELL_FOR_LONGER', 'HEALTHY_SAFE_RESILIENT_COMMUNITIES')) null, "polarity" text check ("polarity" in ('HIGH_IS_GOOD', 'LOW_IS_GOOD', 'NONE')) not null, "value_type" text check ("value_type" in ('PROPORTION', 'RATE', 'COUNT', 'OTHER')) not null, "multiplier" int not null, "unit" text not null, "description" text null, constraint "indicator_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "indicator_value" ("id" bigserial primary key, "source_id" int not null, "indicator_id" int not null, "area_code" text not null, "area_name" text not null, "area_type" text not null, "parent_code" text null, "sex" text not null default 'Persons', "age" text not null default '', "category_type" text not null default '', "category" text not null default '', "period" text not null, "period_sortable" int not null, "value" double precision null, "lower95" double precision null, "upper95" double precision null, "lower998" double precision null, "upper998" double precision null, "count" double precision null, "denominator" double precision null, "value_note" text null, "recent_trend" text null, "compared_to_england" text null, "compared_to_parent" text null);`,
    );
    this.addSql(`create index "indicator_value_area_code_indicator_id_index" on "indicator_value" ("area_code", "indicator_id");`);
    this.addSql(
      `alter table "indicator_value" add constraint "indicator_value_indicator_id_area_code_sex_age_ca_f36fd_unique" unique ("indicator_id", "area_code", "sex", "age", "category_type", "category", "period_sortable");`,
    );

    this.addSql(
      `create table "crime_outcome" ("id" bigserial primary key, "source_id" int not null, "crime_ref" text not null, "month" date not null, "lsoa_code" text not null, "outcome" text not null);`,
    );
    this.addSql(`create index "crime_outcome_crime_ref_index" on "crime_outcome" ("crime_ref");`);
    this.addSql(`create index "crime_outcome_lsoa_code_month_index" on "crime_outcome" ("lsoa_code", "month");`);

    this.addSql(
      `create table "crime" ("id" bigserial primary key, "source_id" int not null, "crime_ref" text null, "month" date not null, "lsoa_code" text not null, "category" text check ("category" in ('Anti-social behaviour', 'Bicycle theft', 'Burglary', 'Criminal damage and arson', 'Drugs', 'Other crime', 'Other theft', 'Possession of weapons', 'Public order', 'Robbery', 'Shoplifting', 'Theft from the person', 'Vehicle crime', 'Violence and sexual offences')) not null, "last_outcome" text null, "longitude" double precision null, "latitude" double precision null, "location" text null, "context" text null);`,
    );
    this.addSql(`create index "crime_crime_ref_index" on "crime" ("crime_ref");`);
    this.addSql(`create index "crime_month_index" on "crime" ("month");`);
    this.addSql(`create index "crime_lsoa_code_month_index" on "crime" ("lsoa_code", "month");`);

    this.addSql(
      `create table "housing_month" ("id" serial primary key, "source_id" int not null, "ward_code" text not null, "month" date not null, "stock" int not null, "voids" int not null, "repairs_completed" int not null, "repairs_in_target" int not null, "tenancy_asb_cases" int not null, "homelessness_presentations" int not null);`,
    );
    this.addSql(`alter table "housing_month" add constraint "housing_month_ward_code_month_unique" unique ("ward_code", "month");`);

    this.addSql(
      `create table "budget_allocation" ("id" serial primary key, "source_id" int not null, "financial_year" text not null, "ward_code" text not null, "fund" text check ("fund" in ('WARD_BUDGET', 'WARD_HOUSING_HUB', 'PARTNER_CONTRIBUTION')) not null, "organisation" text not null, "priority" text check ("priority" in ('COMMUNITY_SAFETY', 'ENVIRONMENT_AND_GREEN_SPACES', 'CLEAN_STREETS', 'HEALTH_AND_WELLBEING', 'COST_OF_LIVING', 'TRANSPORT_AND_ROAD_SAFETY', 'COMMUNITY_EMPOWERMENT')) null, "allocated_on" date not null, "amount" numeric(12,2) not null, "description" text null);`,
    );
    this.addSql(`create index "budget_allocation_ward_code_financial_year_index" on "budget_allocation" ("ward_code", "financial_year");`);

    this.addSql(
      `alter table "indicator_value" add constraint "indicator_value_source_id_foreign" foreign key ("source_id") references "data_source" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "indicator_value" add constraint "indicator_value_indicator_id_foreign" foreign key ("indicator_id") references "indicator" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "crime_outcome" add constraint "crime_outcome_source_id_foreign" foreign key ("source_id") references "data_source" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "crime_outcome" add constraint "crime_outcome_lsoa_code_foreign" foreign key ("lsoa_code") references "lsoa" ("code") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "crime" add constraint "crime_source_id_foreign" foreign key ("source_id") references "data_source" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "crime" add constraint "crime_lsoa_code_foreign" foreign key ("lsoa_code") references "lsoa" ("code") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "housing_month" add constraint "housing_month_source_id_foreign" foreign key ("source_id") references "data_source" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "housing_month" add constraint "housing_month_ward_code_foreign" foreign key ("ward_code") references "ward" ("code") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "budget_allocation" add constraint "budget_allocation_source_id_foreign" foreign key ("source_id") references "data_source" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "budget_allocation" add constraint "budget_allocation_ward_code_foreign" foreign key ("ward_code") references "ward" ("code") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "data_source" add column "rows_read" int null, add column "rows_skipped" jsonb not null default '{}', add column "sha256" text null, add column "loaded_by" text null;`,
    );

    this.addSql(`alter table "lsoa_deprivation" add column "domains" jsonb not null default '{}';`);
  }

  override down(): void {
    this.addSql(`alter table "indicator_value" drop constraint "indicator_value_indicator_id_foreign";`);

    this.addSql(`drop table if exists "indicator" cascade;`);

    this.addSql(`drop table if exists "indicator_value" cascade;`);

    this.addSql(`drop table if exists "crime_outcome" cascade;`);

    this.addSql(`drop table if exists "crime" cascade;`);

    this.addSql(`drop table if exists "housing_month" cascade;`);

    this.addSql(`drop table if exists "budget_allocation" cascade;`);

    this.addSql(
      `alter table "data_source" drop column "rows_read", drop column "rows_skipped", drop column "sha256", drop column "loaded_by";`,
    );

    this.addSql(`alter table "lsoa_deprivation" drop column "domains";`);
  }
}
