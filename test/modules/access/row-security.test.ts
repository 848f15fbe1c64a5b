import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { loadViewer } from '../../../src/modules/access/access.service';
import { inScope } from '../../../src/modules/live/live.transaction';
import type { Viewer } from '../../../src/modules/access/viewer';
import { TaskingCase } from '../../../src/modules/cases/case.entity';
import { openOrm } from '../../../src/orm';
import { useCleanup } from '../../support/cleanup';
import { useTestApp } from '../../support/app';

/**
 * PostgreSQL's own guard, tried without the services' filters: an ORM opened exactly as the app
 * opens it (pooled connections as `hub_app`), running SQL straight at the case tables.
 */

const hub = useTestApp({ OVERDUE_CHECK_SECONDS: '86400' });

const NJTG = 1;
const NNM = 2;
const CJTG = 4;
const NORTH_CASE = 6;
const CENTRAL_CASE = 15;

/** Tables under row-level security, and how to tell which group a row belongs to (as the owner). */
const SCOPED: Record<string, string> = {
  tasking_case: 'select group_id from tasking_case t where t.id = x.id',
  case_person: 'select group_id from tasking_case t where t.id = x.case_id',
  case_note: 'select group_id from tasking_case t where t.id = x.case_id',
  case_address: 'select group_id from tasking_case t where t.id = x.case_id',
  case_action: 'select group_id from tasking_case t where t.id = x.case_id',
  meeting: 'select group_id from meeting m where m.id = x.id',
  meeting_decision: 'select group_id from meeting m where m.id = x.meeting_id',
  meeting_agenda_item: 'select group_id from meeting m where m.id = x.meeting_id',
  meeting_attendee: 'select group_id from meeting m where m.id = x.meeting_id',
  neighbourhood_issue: 'select group_id from neighbourhood_issue i where i.id = x.id',
};
const TABLES = Object.keys(SCOPED);

let orm: MikroORM;
let northChair: Viewer;
let analyst: Viewer;

const fork = () => orm.em.fork();

async function count(em: EntityManager, table: string): Promise<number> {
  const [row] = await em.execute<{ n: number }[]>(`select count(*)::int as n from ${table}`);
  return row.n;
}

async function ownerCount(table: string, groups?: number[]): Promise<number> {
  const where = groups ? `where (${SCOPED[table]}) = any($1::int[])` : '';
  const [row] = await hub.ownerSql<{ n: number }>(`select count(*)::int as n from ${table} x ${where}`, groups ? [groups] : []);
  return row.n;
}

/** The SQLSTATE and message of a failed statement (MikroORM wraps the driver's error). */
async function failure(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    type Wrapped = { code?: string; message: string; previous?: unknown; cause?: unknown };
    let e = err as Wrapped;
    for (let inner: Wrapped | undefined = e; inner; inner = (inner.previous ?? inner.cause) as Wrapped | undefined)
      if (typeof inner.code === 'string') e = inner;
    return { code: e.code, message: e.message };
  }
  throw new Error('the statement was expected to fail but succeeded');
}

const cleanup = useCleanup();

beforeAll(async () => {
  // One pooled connection, so every test below reuses the connection earlier scopes ran on.
  orm = await openOrm({ clientUrl: hub.db.url, role: 'hub_app', poolMax: 1 });
  cleanup(() => orm.close(true));
  northChair = (await loadViewer(fork(), 1, 'jwt', null))!;
  analyst = (await loadViewer(fork(), 18, 'jwt', null))!;
  expect(northChair.memberships.map((m) => m.groupId)).toEqual([NJTG, NNM]);
  expect(analyst.memberships).toEqual([]);
});

describe('connections run as hub_app', () => {
  it('are not the owner and not a superuser, so row-level security binds them', async () => {
    const [row] = await fork()
      .getConnection()
      .execute<{ who: string; superuser: boolean; bypass: boolean }[]>(
        `select current_user as who, (select rolsuper from pg_roles where rolname = current_user) as superuser,
              (select rolbypassrls from pg_roles where rolname = current_user) as bypass`,
      );
    expect(row).toEqual({ who: 'hub_app', superuser: false, bypass: false });
    const rls = await hub.ownerSql<{ relname: string; relrowsecurity: boolean }>(
      'select relname, relrowsecurity from pg_class where relname = any($1::text[]) order by relname',
      [TABLES],
    );
    expect(rls).toEqual(
      TABLES.slice()
        .sort()
        .map((relname) => ({ relname, relrowsecurity: true })),
    );
  });
});

describe('outside any scope', () => {
  it.each(TABLES)('%s shows no rows although the owner sees some', async (table) => {
    expect(await ownerCount(table)).toBeGreaterThan(0);
    expect(await count(fork(), table)).toBe(0);
  });

  it('the ORM finds nothing either, by id or by query', async () => {
    const em = fork();
    expect(await em.findOne(TaskingCase, NORTH_CASE)).toBeNull();
    expect(await em.count(TaskingCase, {})).toBe(0);
  });

  it('a scope that ended leaves nothing behind on the pooled connection', async () => {
    expect(await inScope(fork(), northChair, (tx) => count(tx, 'tasking_case'))).toBeGreaterThan(0);
    const [settings] = await fork()
      .getConnection()
      .execute<{ groups: string | null; system: string | null }[]>(
        `select current_setting('hub.group_ids', true) as groups, current_setting('hub.system', true) as system`,
      );
    expect(settings.groups ?? '').toBe('');
    expect(await count(fork(), 'tasking_case')).toBe(0);
  });
});

describe("inside a north chair's scope", () => {
  it.each(TABLES)('%s shows exactly the rows of North JTG and North Neighbourhood Meeting', async (table) => {
    const seen = await inScope(fork(), northChair, (tx) => count(tx, table));
    const north = await ownerCount(table, [NJTG, NNM]);
    expect(seen).toBe(north);
    // Pinned to the seed where the owner's count would hide a difference.
    if (table !== 'neighbourhood_issue' && table !== 'meeting_attendee') expect(await ownerCount(table)).toBeGreaterThan(north);
  });

  it('every case, meeting and issue row it sees belongs to those groups', async () => {
    const groups = await inScope(fork(), northChair, (tx) =>
      tx.execute<{ group_id: number }[]>(
        'select distinct group_id from (select group_id from tasking_case union all select group_id from meeting union all select group_id from neighbourhood_issue) g order by group_id',
      ),
    );
    expect(groups.map((g) => g.group_id)).toEqual([NJTG, NNM]);
    const cases = await inScope(fork(), northChair, (tx) => tx.find(TaskingCase, { id: { $in: [NORTH_CASE, CENTRAL_CASE] } }));
    expect(cases.map((c) => c.id)).toEqual([NORTH_CASE]);
  });

  it('an account with no groups (the analyst) sees nothing even inside its scope', async () => {
    for (const table of TABLES) expect(await inScope(fork(), analyst, (tx) => count(tx, table))).toBe(0);
  });

  it("system scope (the hub's own jobs) sees every row", async () => {
    expect(await inScope(fork(), null, (tx) => count(tx, 'tasking_case'), { system: true })).toBe(await ownerCount('tasking_case'));
  });
});

describe("writing another group's rows inside a north chair's scope", () => {
  const central = async () =>
    (
      await hub.ownerSql<{ title: string; group_id: number; version: number }>(
        'select title, group_id, version from tasking_case where id = $1',
        [CENTRAL_CASE],
      )
    )[0];

  it('an UPDATE or DELETE of a Central case touches no rows; the same UPDATE of a North case touches one', async () => {
    const before = await central();
    const updated = await inScope(fork(), northChair, (tx) =>
      tx.execute<{ affectedRows: number }>(`update tasking_case set title = 'Taken over' where id = ?`, [CENTRAL_CASE], 'run'),
    );
    expect(updated.affectedRows).toBe(0);
    const deleted = await inScope(fork(), northChair, (tx) =>
      tx.execute<{ affectedRows: number }>('delete from case_note where case_id = ?', [CENTRAL_CASE], 'run'),
    );
    expect(deleted.affectedRows).toBe(0);
    expect(await central()).toEqual(before);
    expect(await ownerCount('case_note', [CJTG])).toBeGreaterThan(0);

    // The control: the same statement on the chair's own case does change it (rolled back).
    const own = await inScope(fork(), northChair, async (tx) => {
      const r = await tx.execute<{ affectedRows: number }>(`update tasking_case set title = title where id = ?`, [NORTH_CASE], 'run');
      return r.affectedRows;
    });
    expect(own).toBe(1);
  });

  it('an INSERT of a case into Central JTG fails the policy', async () => {
    const n = await ownerCount('tasking_case');
    const err = await failure(
      inScope(fork(), northChair, (tx) =>
        tx.execute(
          `insert into tasking_case (reference, group_id, title, category, ward_code, location, place_key, risk_level, lead_agency_id, status, created_by_id)
           values ('CJTG-2026-9999', ?, 'Planted', 'OTHER', 'E05013004', 'Somewhere', 'somewhere', 'LOW', 1, 'OPEN', 1)`,
          [CJTG],
        ),
      ),
    );
    expect(err.code).toBe('42501');
    expect(err.message).toMatch(/row-level security policy/);
    expect(await ownerCount('tasking_case')).toBe(n);
  });

  it("moving a North case into Central JTG fails the policy's check", async () => {
    const err = await failure(
      inScope(fork(), northChair, (tx) => tx.execute('update tasking_case set group_id = ? where id = ?', [CJTG, NORTH_CASE])),
    );
    expect(err.code).toBe('42501');
    expect(err.message).toMatch(/row-level security policy/);
    const [row] = await hub.ownerSql<{ group_id: number }>('select group_id from tasking_case where id = $1', [NORTH_CASE]);
    expect(row.group_id).toBe(NJTG);
  });

  it('adding a note or a person to a Central case fails the policy; adding one to a North case works', async () => {
    const notes = await ownerCount('case_note');
    for (const sql of [
      `insert into case_note (case_id, text, author_id) values (?, 'Planted note', 1)`,
      `insert into case_person (case_id, name, role) values (?, 'Planted Person', 'OTHER')`,
    ]) {
      const err = await failure(inScope(fork(), northChair, (tx) => tx.execute(sql, [CENTRAL_CASE])));
      expect(err.message).toMatch(/row-level security policy/);
    }
    expect(await ownerCount('case_note')).toBe(notes);
    await inScope(fork(), northChair, (tx) =>
      tx.execute(`insert into case_note (case_id, text, author_id) values (?, 'Own note', 1)`, [NORTH_CASE]),
    );
    expect(await ownerCount('case_note')).toBe(notes + 1);
  });

  it("outside any scope even the chair's own case cannot be written", async () => {
    const r = await fork()
      .getConnection()
      .execute<{ affectedRows: number }>(`update tasking_case set title = title where id = ?`, [NORTH_CASE], 'run');
    expect(r.affectedRows).toBe(0);
  });
});

describe('case_fact', () => {
  it('gives every caller, in or out of scope, counts over all cases', async () => {
    const all = await ownerCount('tasking_case');
    expect(await count(fork(), 'case_fact')).toBe(all);
    expect(await inScope(fork(), analyst, (tx) => count(tx, 'case_fact'))).toBe(all);
    const [byStatus] = await fork()
      .getConnection()
      .execute<{ groups: number }[]>('select count(distinct group_id)::int as groups from case_fact');
    expect(byStatus.groups).toBeGreaterThan(2);
  });

  it('has no title, reference, location or personal columns', async () => {
    const columns = (
      await hub.ownerSql<{ column_name: string }>(
        `select column_name from information_schema.columns where table_name = 'case_fact' order by ordinal_position`,
      )
    ).map((c) => c.column_name);
    expect(columns).toEqual(expect.arrayContaining(['id', 'group_id', 'ward_code', 'category', 'status', 'opened_at', 'closed_at']));
    for (const forbidden of ['title', 'reference', 'location', 'created_by_id', 'personal_erased_at'])
      expect(columns).not.toContain(forbidden);
    const [people] = await hub.ownerSql<{ n: number }>(
      `select count(*)::int as n from information_schema.view_column_usage where view_name = 'case_fact' and table_name in ('case_person', 'case_address', 'case_note')`,
    );
    expect(people.n).toBe(0);
  });

  it("carries nothing of a case's location text to a caller outside its group", async () => {
    // Case 6 is at "Pitwheel Lane, Kimberworth Park"; the analyst is in no group.
    const [{ location }] = await hub.ownerSql<{ location: string }>('select location from tasking_case where id = $1', [NORTH_CASE]);
    expect(location).toMatch(/Pitwheel Lane/);
    const [row] = await inScope(fork(), analyst, (tx) =>
      tx.execute<Record<string, unknown>[]>('select * from case_fact where id = ?', [NORTH_CASE]),
    );
    const leaked = Object.entries(row).filter(([, v]) => typeof v === 'string' && /pitwheel/i.test(v));
    expect(leaked).toEqual([]);
  });
});

describe('audit_entry is append-only', () => {
  const insert = `insert into audit_entry (user_id, user_name, organisation, role, purpose, operation, case_ids)
                  values (1, 'Row security test', 'Test', 'MEMBER', 'Checking the trail', 'READ', '{6}')`;

  it('hub_app can INSERT (in or out of scope) and read entries back', async () => {
    await fork().getConnection().execute(insert);
    await inScope(fork(), northChair, (tx) => tx.execute(insert));
    const [row] = await hub.ownerSql<{ n: number }>(`select count(*)::int as n from audit_entry where user_name = 'Row security test'`);
    expect(row.n).toBe(2);
    expect(await count(fork(), 'audit_entry')).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['UPDATE', `update audit_entry set purpose = 'Rewritten'`],
    ['DELETE', 'delete from audit_entry'],
    ['TRUNCATE', 'truncate audit_entry'],
  ])('hub_app cannot %s: permission denied', async (_what, sql) => {
    const [before] = await hub.ownerSql<{ n: number; purposes: string }>(
      `select count(*)::int as n, string_agg(purpose, '|' order by id) as purposes from audit_entry`,
    );
    expect(before.n).toBeGreaterThan(0);
    for (const em of [fork(), null]) {
      const run = em ? em.execute(sql) : inScope(fork(), northChair, (tx) => tx.execute(sql), { system: true });
      const err = await failure(run);
      expect(err.code).toBe('42501');
      expect(err.message).toMatch(/permission denied for table audit_entry/);
    }
    const [after] = await hub.ownerSql<{ n: number; purposes: string }>(
      `select count(*)::int as n, string_agg(purpose, '|' order by id) as purposes from audit_entry`,
    );
    expect(after).toEqual(before);
  });

  it.each([
    ['UPDATE', `update audit_entry set purpose = 'Rewritten'`],
    ['DELETE', 'delete from audit_entry'],
    ['TRUNCATE', 'truncate audit_entry'],
  ])('even the owner cannot %s: the trigger refuses', async (_what, sql) => {
    const [before] = await hub.ownerSql<{ n: number }>('select count(*)::int as n from audit_entry');
    expect(before.n).toBeGreaterThan(0);
    await expect(hub.ownerSql(sql)).rejects.toThrow('audit entries cannot be changed or removed');
    const [after] = await hub.ownerSql<{ n: number }>('select count(*)::int as n from audit_entry');
    expect(after.n).toBe(before.n);
    // The owner can still add entries.
    await hub.ownerSql(insert);
    const [added] = await hub.ownerSql<{ n: number }>('select count(*)::int as n from audit_entry');
    expect(added.n).toBe(before.n + 1);
  });
});
