import { Migration } from '@mikro-orm/migrations';

/**
 * At most one active membership per person and group, kept by the database: two admins granting
 * the same membership at once each saw none and both inserted one. Any duplicates made before are
 * first revoked, keeping one per person and group deterministically (a chair over a member, then
 * the earliest granted, then the lowest id), so the index can be built and the history stays.
 */
export class Migration20261203060000 extends Migration {
  override up(): void {
    this.addSql(`update "group_member" m set "revoked_at" = now()
      from (
        select "id", row_number() over (
          partition by "user_id", "group_id"
          order by case "role" when 'CHAIR' then 0 else 1 end, "granted_at", "id") as "rank"
        from "group_member" where "revoked_at" is null
      ) ranked
      where ranked."id" = m."id" and ranked."rank" > 1;`);
    this.addSql(`create unique index "group_member_one_active" on "group_member" ("user_id", "group_id") where "revoked_at" is null;`);
  }

  override down(): void {
    this.addSql(`drop index if exists "group_member_one_active";`);
  }
}
