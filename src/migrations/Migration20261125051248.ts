import { Migration } from '@mikro-orm/migrations';

export class Migration20261125051248 extends Migration {
  override up(): void {
    this.addSql(
      `create table "audit_entry" ("id" bigserial primary key, "at" timestamptz not null default now(), "user_id" int not null, "user_name" text not null, "organisation" text not null, "role" text not null, "purpose" text not null, "operation" text check ("operation" in ('READ', 'PUSH', 'ERASE')) not null, "case_ids" integer[] not null);`,
    );
    this.addSql(`create index "audit_entry_at_index" on "audit_entry" ("at");`);
    this.addSql(`create index "audit_entry_user_id_index" on "audit_entry" ("user_id");`);

    this.addSql(
      `create table "hub_user" ("id" serial primary key, "subject" text not null, "name" text not null, "email" text null, "kind" text check ("kind" in ('PERSON', 'SERVICE')) not null, "partner_id" int not null, "roles" text[] not null default '{}', "active" boolean not null default true);`,
    );
    this.addSql(`alter table "hub_user" add constraint "hub_user_subject_unique" unique ("subject");`);
    this.addSql(`create index "hub_user_partner_id_index" on "hub_user" ("partner_id");`);

    this.addSql(
      `create table "api_key" ("id" serial primary key, "prefix" text not null, "hash" text not null, "user_id" int not null, "label" text not null, "created_at" timestamptz not null default now(), "expires_at" timestamptz null, "revoked_at" timestamptz null);`,
    );
    this.addSql(`alter table "api_key" add constraint "api_key_prefix_unique" unique ("prefix");`);
    this.addSql(`create index "api_key_user_id_index" on "api_key" ("user_id");`);

    this.addSql(
      `create table "tasking_group" ("id" serial primary key, "name" text not null, "kind" text check ("kind" in ('JOINT_TASKING_GROUP', 'NEIGHBOURHOOD_MEETING', 'LOCALITY_AREA_MANAGERS')) not null, "code" text not null, "locality_id" int not null);`,
    );
    this.addSql(`alter table "tasking_group" add constraint "tasking_group_name_unique" unique ("name");`);
    this.addSql(`alter table "tasking_group" add constraint "tasking_group_code_unique" unique ("code");`);
    this.addSql(`create index "tasking_group_locality_id_index" on "tasking_group" ("locality_id");`);

    this.addSql(
      `create table "meeting" ("id" serial primary key, "group_id" int not null, "starts_at" timestamptz not null, "venue" text null, "version" int not null default 1);`,
    );
    this.addSql(`create index "meeting_group_id_index" on "meeting" ("group_id");`);

    this.addSql(
      `create table "meeting_attendee" ("id" serial primary key, "meeting_id" int not null, "agency_id" int not null, "people" smallint not null);`,
    );
    this.addSql(
      `alter table "meeting_attendee" add constraint "meeting_attendee_meeting_id_agency_id_unique" unique ("meeting_id", "agency_id");`,
    );

    this.addSql(
      `create table "group_member" ("id" serial primary key, "group_id" int not null, "user_id" int not null, "role" text check ("role" in ('CHAIR', 'MEMBER')) not null, "granted_at" timestamptz not null default now(), "revoked_at" timestamptz null);`,
    );
    this.addSql(`create index "group_member_group_id_index" on "group_member" ("group_id");`);
    this.addSql(`create index "group_member_user_id_revoked_at_index" on "group_member" ("user_id", "revoked_at");`);

    this.addSql(
      `create table "tasking_case" ("id" serial primary key, "reference" text not null, "group_id" int not null, "title" text not null, "category" text check ("category" in ('ANTI_SOCIAL_BEHAVIOUR', 'DRUG_DEALING', 'FLY_TIPPING', 'NUISANCE_NEIGHBOUR', 'ENVIRONMENTAL', 'VULNERABLE_PERSON', 'OTHER')) not null, "ward_code" text not null, "lsoa_code" text null, "location" text not null, "place_key" text not null, "risk_level" text check ("risk_level" in ('LOW', 'MEDIUM', 'HIGH')) not null, "lead_agency_id" int not null, "status" text check ("status" in ('REFERRED', 'OPEN', 'UNDER_REVIEW', 'ESCALATED', 'CLOSED')) not null, "version" int not null default 1, "opened_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "closed_at" timestamptz null, "personal_erased_at" timestamptz null, "created_by_id" int not null);`,
    );
    this.addSql(`alter table "tasking_case" add constraint "tasking_case_reference_unique" unique ("reference");`);
    this.addSql(`create index "tasking_case_group_id_index" on "tasking_case" ("group_id");`);
    this.addSql(`create index "tasking_case_ward_code_index" on "tasking_case" ("ward_code");`);
    this.addSql(`create index "tasking_case_lsoa_code_category_opened_at_index" on "tasking_case" ("lsoa_code", "category", "opened_at");`);

    this.addSql(
      `create table "meeting_decision" ("id" serial primary key, "meeting_id" int not null, "case_id" int null, "text" text not null, "recorded_by_id" int not null, "recorded_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "meeting_decision_meeting_id_index" on "meeting_decision" ("meeting_id");`);
    this.addSql(`create index "meeting_decision_case_id_index" on "meeting_decision" ("case_id");`);

    this.addSql(`create table "meeting_agenda_item" ("id" serial primary key, "meeting_id" int not null, "case_id" int not null);`);
    this.addSql(`create index "meeting_agenda_item_case_id_index" on "meeting_agenda_item" ("case_id");`);
    this.addSql(
      `alter table "meeting_agenda_item" add constraint "meeting_agenda_item_meeting_id_case_id_unique" unique ("meeting_id", "case_id");`,
    );

    this.addSql(
      `create table "case_person" ("id" serial primary key, "case_id" int not null, "name" text not null, "date_of_birth" date null, "role" text check ("role" in ('VICTIM', 'ALLEGED_PERPETRATOR', 'WITNESS', 'RESIDENT', 'OTHER')) not null);`,
    );
    this.addSql(`create index "case_person_case_id_index" on "case_person" ("case_id");`);

    this.addSql(
      `create table "case_note" ("id" serial primary key, "case_id" int not null, "text" text not null, "author_id" int not null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "case_note_case_id_index" on "case_note" ("case_id");`);

    this.addSql(
      `create table "case_address" ("id" serial primary key, "case_id" int not null, "address" text not null, "postcode" text null);`,
    );
    this.addSql(`create index "case_address_case_id_index" on "case_address" ("case_id");`);

    this.addSql(
      `create table "case_action" ("id" serial primary key, "case_id" int not null, "title" text not null, "assigned_agency_id" int not null, "assigned_to_id" int null, "due_on" date not null, "status" text check ("status" in ('OPEN', 'IN_PROGRESS', 'DONE', 'OVERDUE')) not null, "outcome" text null, "completed_at" timestamptz null, "version" int not null default 1, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "case_action_case_id_index" on "case_action" ("case_id");`);
    this.addSql(`create index "case_action_assigned_agency_id_index" on "case_action" ("assigned_agency_id");`);
    this.addSql(`create index "case_action_status_due_on_index" on "case_action" ("status", "due_on");`);

    this.addSql(
      `create table "neighbourhood_issue" ("id" serial primary key, "group_id" int not null, "meeting_id" int null, "ward_code" text not null, "lsoa_code" text null, "category" text check ("category" in ('ANTI_SOCIAL_BEHAVIOUR', 'DRUG_DEALING', 'FLY_TIPPING', 'NUISANCE_NEIGHBOUR', 'ENVIRONMENTAL', 'VULNERABLE_PERSON', 'OTHER')) not null, "summary" text not null, "raised_on" date not null, "response_due_on" date not null, "responded_on" date null, "response" text null, "version" int not null default 1);`,
    );
    this.addSql(`create index "neighbourhood_issue_ward_code_index" on "neighbourhood_issue" ("ward_code");`);
    this.addSql(`create index "neighbourhood_issue_group_id_raised_on_index" on "neighbourhood_issue" ("group_id", "raised_on");`);

    this.addSql(
      `alter table "hub_user" add constraint "hub_user_partner_id_foreign" foreign key ("partner_id") references "partner" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "api_key" add constraint "api_key_user_id_foreign" foreign key ("user_id") references "hub_user" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "tasking_group" add constraint "tasking_group_locality_id_foreign" foreign key ("locality_id") references "locality" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "meeting" add constraint "meeting_group_id_foreign" foreign key ("group_id") references "tasking_group" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "meeting_attendee" add constraint "meeting_attendee_meeting_id_foreign" foreign key ("meeting_id") references "meeting" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "meeting_attendee" add constraint "meeting_attendee_agency_id_foreign" foreign key ("agency_id") references "partner" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "group_member" add constraint "group_member_group_id_foreign" foreign key ("group_id") references "tasking_group" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "group_member" add constraint "group_member_user_id_foreign" foreign key ("user_id") references "hub_user" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "tasking_case" add constraint "tasking_case_group_id_foreign" foreign key ("group_id") references "tasking_group" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "tasking_case" add constraint "tasking_case_ward_code_foreign" foreign key ("ward_code") references "ward" ("code") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "tasking_case" add constraint "tasking_case_lsoa_code_foreign" foreign key ("lsoa_code") references "lsoa" ("code") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "tasking_case" add constraint "tasking_case_lead_agency_id_foreign" foreign key ("lead_agency_id") references "partner" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "tasking_case" add constraint "tasking_case_created_by_id_foreign" foreign key ("created_by_id") references "hub_user" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "meeting_decision" add constraint "meeting_decision_meeting_id_foreign" foreign key ("meeting_id") references "meeting" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "meeting_decision" add constraint "meeting_decision_case_id_foreign" foreign key ("case_id") references "tasking_case" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "meeting_decision" add constraint "meeting_decision_recorded_by_id_foreign" foreign key ("recorded_by_id") references "hub_user" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "meeting_agenda_item" add constraint "meeting_agenda_item_meeting_id_foreign" foreign key ("meeting_id") references "meeting" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "meeting_agenda_item" add constraint "meeting_agenda_item_case_id_foreign" foreign key ("case_id") references "tasking_case" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "case_person" add constraint "case_person_case_id_foreign" foreign key ("case_id") references "tasking_case" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "case_note" add constraint "case_note_case_id_foreign" foreign key ("case_id") references "tasking_case" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "case_note" add constraint "case_note_author_id_foreign" foreign key ("author_id") references "hub_user" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "case_address" add constraint "case_address_case_id_foreign" foreign key ("case_id") references "tasking_case" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "case_action" add constraint "case_action_case_id_foreign" foreign key ("case_id") references "tasking_case" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "case_action" add constraint "case_action_assigned_agency_id_foreign" foreign key ("assigned_agency_id") references "partner" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "case_action" add constraint "case_action_assigned_to_id_foreign" foreign key ("assigned_to_id") references "hub_user" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "neighbourhood_issue" add constraint "neighbourhood_issue_group_id_foreign" foreign key ("group_id") references "tasking_group" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "neighbourhood_issue" add constraint "neighbourhood_issue_meeting_id_foreign" foreign key ("meeting_id") references "meeting" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "neighbourhood_issue" add constraint "neighbourhood_issue_ward_code_foreign" foreign key ("ward_code") references "ward" ("code") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "neighbourhood_issue" add constraint "neighbourhood_issue_lsoa_code_foreign" foreign key ("lsoa_code") references "lsoa" ("code") on update cascade on delete restrict;`,
    );
  }

  override down(): void {
    this.addSql(`alter table "api_key" drop constraint "api_key_user_id_foreign";`);

    this.addSql(`alter table "group_member" drop constraint "group_member_user_id_foreign";`);

    this.addSql(`alter table "tasking_case" drop constraint "tasking_case_created_by_id_foreign";`);

    this.addSql(`alter table "meeting_decision" drop constraint "meeting_decision_recorded_by_id_foreign";`);

    this.addSql(`alter table "case_note" drop constraint "case_note_author_id_foreign";`);

    this.addSql(`alter table "case_action" drop constraint "case_action_assigned_to_id_foreign";`);

    this.addSql(`alter table "meeting" drop constraint "meeting_group_id_foreign";`);

    this.addSql(`alter table "group_member" drop constraint "group_member_group_id_foreign";`);

    this.addSql(`alter table "tasking_case" drop constraint "tasking_case_group_id_foreign";`);

    this.addSql(`alter table "neighbourhood_issue" drop constraint "neighbourhood_issue_group_id_foreign";`);

    this.addSql(`alter table "meeting_attendee" drop constraint "meeting_attendee_meeting_id_foreign";`);

    this.addSql(`alter table "meeting_decision" drop constraint "meeting_decision_meeting_id_foreign";`);

    this.addSql(`alter table "meeting_agenda_item" drop constraint "meeting_agenda_item_meeting_id_foreign";`);

    this.addSql(`alter table "neighbourhood_issue" drop constraint "neighbourhood_issue_meeting_id_foreign";`);

    this.addSql(`alter table "meeting_decision" drop constraint "meeting_decision_case_id_foreign";`);

    this.addSql(`alter table "meeting_agenda_item" drop constraint "meeting_agenda_item_case_id_foreign";`);

    this.addSql(`alter table "case_person" drop constraint "case_person_case_id_foreign";`);

    this.addSql(`alter table "case_note" drop constraint "case_note_case_id_foreign";`);

    this.addSql(`alter table "case_address" drop constraint "case_address_case_id_foreign";`);

    this.addSql(`alter table "case_action" drop constraint "case_action_case_id_foreign";`);

    this.addSql(`drop table if exists "audit_entry" cascade;`);

    this.addSql(`drop table if exists "hub_user" cascade;`);

    this.addSql(`drop table if exists "api_key" cascade;`);

    this.addSql(`drop table if exists "tasking_group" cascade;`);

    this.addSql(`drop table if exists "meeting" cascade;`);

    this.addSql(`drop table if exists "meeting_attendee" cascade;`);

    this.addSql(`drop table if exists "group_member" cascade;`);

    this.addSql(`drop table if exists "tasking_case" cascade;`);

    this.addSql(`drop table if exists "meeting_decision" cascade;`);

    this.addSql(`drop table if exists "meeting_agenda_item" cascade;`);

    this.addSql(`drop table if exists "case_person" cascade;`);

    this.addSql(`drop table if exists "case_note" cascade;`);

    this.addSql(`drop table if exists "case_address" cascade;`);

    this.addSql(`drop table if exists "case_action" cascade;`);

    this.addSql(`drop table if exists "neighbourhood_issue" cascade;`);
  }
}
