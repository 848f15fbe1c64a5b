import { Migration } from '@mikro-orm/migrations';

/**
 * The database's own guard for case data, so that a check missed in application code still leaks
 * nothing. The hub's request connections run as the role `hub_app` (not the owner, not a superuser),
 * so row-level security applies to them:
 * - case tables show only rows of the groups listed in the transaction setting `hub.group_ids`
 *   (set by the hub for each scoped transaction), or every row when `hub.system` is on (the hub's
 *   own jobs). With neither set, they show nothing;
 * - the `*_fact` views expose the non-personal columns that aggregates need to every caller: views
 *   run with their owner's rights, which row-level security does not restrict. The place of a case
 *   appears only as a hash, enough to count repeats at one place without saying where it is;
 * - audit entries can be added and read but never changed or removed, by anyone: a trigger refuses
 *   UPDATE, DELETE and TRUNCATE, and `hub_app` is not granted them either.
 */
export class Migration20261125051300 extends Migration {
  override up(): void {
    // Roles belong to the whole server, so another database on it may have made this one already.
    this.addSql(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'hub_app') then create role hub_app nologin; end if;
    end $$;`);
    this.addSql(`do $$ begin
      execute format('grant hub_app to %I', current_user);
    exception when others then null; -- already a member, or a superuser, who needs no grant
    end $$;`);
    this.addSql(`grant usage on schema public to hub_app;`);
    this.addSql(`grant select, insert, update, delete on all tables in schema public to hub_app;`);
    this.addSql(`grant usage, select on all sequences in schema public to hub_app;`);
    this.addSql(`alter default privileges in schema public grant select, insert, update, delete on tables to hub_app;`);
    this.addSql(`alter default privileges in schema public grant usage, select on sequences to hub_app;`);
    this.addSql(`revoke insert, update, delete on mikro_orm_migrations from hub_app;`);
    this.addSql(`revoke update, delete, truncate on audit_entry from hub_app;`);

    this.addSql(`create function hub_viewer_groups() returns int[] language sql stable as $$
      select coalesce(nullif(current_setting('hub.group_ids', true), ''), '{}')::int[]
    $$;`);
    this.addSql(`create function hub_system() returns boolean language sql stable as $$
      select coalesce(current_setting('hub.system', true), '') = 'on'
    $$;`);

    const byGroup = `group_id = any(hub_viewer_groups()) or hub_system()`;
    const byCase = `exists (select 1 from tasking_case c where c.id = case_id)`;
    const byMeeting = `exists (select 1 from meeting m where m.id = meeting_id)`;
    const policies: [string, string][] = [
      ['tasking_case', byGroup],
      ['meeting', byGroup],
      ['neighbourhood_issue', byGroup],
      ['case_person', byCase],
      ['case_address', byCase],
      ['case_note', byCase],
      ['case_action', byCase],
      ['meeting_agenda_item', byMeeting],
      ['meeting_attendee', byMeeting],
      ['meeting_decision', byMeeting],
    ];
    for (const [table, rule] of policies) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`create policy "${table}_members" on "${table}" to hub_app using (${rule}) with check (${rule});`);
    }

    this.addSql(`create view case_fact as
      select c.id, c.group_id, g.locality_id, c.ward_code, c.lsoa_code, md5(c.place_key) as place_hash, c.category, c.status,
             c.risk_level, c.lead_agency_id, c.opened_at, c.closed_at
        from tasking_case c join tasking_group g on g.id = c.group_id;`);
    this.addSql(`create view action_fact as
      select a.id, a.case_id, c.group_id, g.locality_id, c.ward_code, a.assigned_agency_id, a.due_on, a.status, a.completed_at
        from case_action a join tasking_case c on c.id = a.case_id join tasking_group g on g.id = c.group_id;`);
    this.addSql(`create view issue_fact as
      select i.id, i.group_id, g.locality_id, i.ward_code, i.lsoa_code, i.category, i.raised_on, i.response_due_on, i.responded_on
        from neighbourhood_issue i join tasking_group g on g.id = i.group_id;`);
    this.addSql(`create view meeting_fact as
      select m.id, m.group_id, g.locality_id, m.starts_at from meeting m join tasking_group g on g.id = m.group_id;`);
    this.addSql(`grant select on case_fact, action_fact, issue_fact, meeting_fact to hub_app;`);

    this.addSql(`create function audit_entry_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit entries cannot be changed or removed' using errcode = 'insufficient_privilege';
      end
    $$;`);
    this.addSql(`create trigger audit_entry_no_change before update or delete on audit_entry
      for each row execute function audit_entry_append_only();`);
    this.addSql(`create trigger audit_entry_no_truncate before truncate on audit_entry
      for each statement execute function audit_entry_append_only();`);
  }

  override down(): void {
    this.addSql(`drop view if exists case_fact, action_fact, issue_fact, meeting_fact;`);
    this.addSql(`drop trigger if exists audit_entry_no_change on audit_entry;`);
    this.addSql(`drop trigger if exists audit_entry_no_truncate on audit_entry;`);
    this.addSql(`drop function if exists audit_entry_append_only();`);
    for (const table of [
      'tasking_case',
      'meeting',
      'neighbourhood_issue',
      'case_person',
      'case_address',
      'case_note',
      'case_action',
      'meeting_agenda_item',
      'meeting_attendee',
      'meeting_decision',
    ]) {
      this.addSql(`drop policy if exists "${table}_members" on "${table}";`);
      this.addSql(`alter table "${table}" disable row level security;`);
    }
    this.addSql(`drop function if exists hub_viewer_groups();`);
    this.addSql(`drop function if exists hub_system();`);
  }
}
