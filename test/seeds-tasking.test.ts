import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { taskingJson } from '../seeds/generate-tasking';
import { loadSeeds, londonToday } from '../seeds/load';
import { readSeedData, SeedError, SEED_FILES } from '../seeds/read';
import { readTaskingSeed, TASKING_FILE, taskingShiftDays, type TaskingSeed, type TaskingSeedFile } from '../seeds/tasking';
import { placeKey } from '../src/modules/cases/place-key';
import { openOrm, type Orm } from '../src/orm';
import { projectRoot } from '../src/paths';
import { createTestDatabase, type TestDatabase } from './support/db';

const SEED_DIR = path.join(projectRoot(), 'seeds/data');

/** The five agencies of every Joint Tasking Group (DOMAIN.md), as partners.csv names them. */
const JTG_AGENCIES = [
  'Early Help (RMBC)',
  'Environmental Enforcement / Community Protection Unit (RMBC)',
  'Housing (RMBC)',
  'Neighbourhoods (RMBC)',
  'South Yorkshire Police',
].sort();

/** Every table the tasking seed writes, by natural key (no surrogate ids), so that two loads can be compared. */
const TABLES: Record<string, string> = {
  tasking_group: `select g.code, g.name, g.kind, l.name as locality from tasking_group g join locality l on l.id = g.locality_id`,
  hub_user: `select u.subject, u.name, u.email, u.kind, p.name as partner, u.roles, u.active
               from hub_user u join partner p on p.id = u.partner_id`,
  group_member: `select g.code, u.subject, m.role, m.granted_at, m.revoked_at
                   from group_member m join tasking_group g on g.id = m.group_id join hub_user u on u.id = m.user_id`,
  tasking_case: `select c.reference, g.code, c.title, c.category, c.ward_code, c.lsoa_code, c.location, c.place_key, c.risk_level,
                        p.name as lead, c.status, c.version, c.opened_at, c.updated_at, c.closed_at, c.personal_erased_at, u.subject
                   from tasking_case c join tasking_group g on g.id = c.group_id
                   join partner p on p.id = c.lead_agency_id join hub_user u on u.id = c.created_by_id`,
  case_person: `select c.reference, x.name, x.date_of_birth, x.role from case_person x join tasking_case c on c.id = x.case_id`,
  case_address: `select c.reference, x.address, x.postcode from case_address x join tasking_case c on c.id = x.case_id`,
  case_note: `select c.reference, x.text, u.subject, x.created_at
                from case_note x join tasking_case c on c.id = x.case_id join hub_user u on u.id = x.author_id`,
  case_action: `select c.reference, x.title, p.name, u.subject, x.due_on, x.status, x.outcome, x.completed_at, x.version, x.created_at
                  from case_action x join tasking_case c on c.id = x.case_id
                  join partner p on p.id = x.assigned_agency_id left join hub_user u on u.id = x.assigned_to_id`,
  meeting: `select g.code, m.starts_at, m.venue, m.version from meeting m join tasking_group g on g.id = m.group_id`,
  meeting_agenda_item: `select g.code, m.starts_at, c.reference
                          from meeting_agenda_item a join meeting m on m.id = a.meeting_id
                          join tasking_group g on g.id = m.group_id join tasking_case c on c.id = a.case_id`,
  meeting_attendee: `select g.code, m.starts_at, p.name, a.people
                       from meeting_attendee a join meeting m on m.id = a.meeting_id
                       join tasking_group g on g.id = m.group_id join partner p on p.id = a.agency_id`,
  meeting_decision: `select g.code, m.starts_at, c.reference, d.text, u.subject, d.recorded_at
                       from meeting_decision d join meeting m on m.id = d.meeting_id join tasking_group g on g.id = m.group_id
                       left join tasking_case c on c.id = d.case_id join hub_user u on u.id = d.recorded_by_id`,
  neighbourhood_issue: `select g.code, m.starts_at as meeting, i.ward_code, i.lsoa_code, i.category, i.summary, i.raised_on,
                               i.response_due_on, i.responded_on, i.response, i.version
                          from neighbourhood_issue i join tasking_group g on g.id = i.group_id left join meeting m on m.id = i.meeting_id`,
  // The rows the tasking seed refers to: they must not change either.
  partner: `select name, kind, description from partner`,
  ward: `select code, name, locality_id from ward`,
};

/** Row count and an md5 of the sorted rows, per table. */
async function checksum(client: Client): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, sql] of Object.entries(TABLES)) {
    const { rows } = await client.query<{ n: number; md5: string }>(
      `select count(*)::int as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as md5 from (${sql}) t`,
    );
    out[table] = `${rows[0].n} rows, ${rows[0].md5}`;
  }
  return out;
}

/** tasking.json in `dir` as it is on disk, unchecked. */
function readSeedFile(dir: string): TaskingSeedFile {
  return JSON.parse(fs.readFileSync(path.join(dir, TASKING_FILE), 'utf8')) as TaskingSeedFile;
}

/** A temporary copy of the seed folder (tasking.json included), with tasking.json changed by `edit`. */
function copySeedDir(edit: (json: TaskingSeedFile) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-seeds-tasking-'));
  for (const file of [...Object.values(SEED_FILES), TASKING_FILE]) fs.copyFileSync(path.join(SEED_DIR, file), path.join(dir, file));
  const json = readSeedFile(dir);
  edit(json);
  fs.writeFileSync(path.join(dir, TASKING_FILE), JSON.stringify(json, null, 2));
  return dir;
}

const committed = readTaskingSeed();
const shiftDays = taskingShiftDays(committed.asAt, londonToday());
/** A date of the file as the loader moves it (whole weeks, to the week it is loaded in). */
const shifted = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + shiftDays * 86_400_000).toISOString().slice(0, 10);

describe('the joint tasking seed in the database', () => {
  let db: TestDatabase;
  let orm: Orm;
  let client: Client;
  const query = async <T extends object>(sql: string, params: unknown[] = []) =>
    (await client.query<T & Record<string, unknown>>(sql, params)).rows;

  beforeAll(async () => {
    db = await createTestDatabase();
    orm = await openOrm({ clientUrl: db.url });
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await orm.close();
    await db.drop();
  });

  it('has a Joint Tasking Group, a Neighbourhood Meeting and a Locality Area Managers group in each locality, with their work', async () => {
    const rows = await query<{ kind: string; groups: number; cases: number; meetings: number; issues: number }>(`
      select g.kind, count(*)::int as groups,
             sum((select count(*) from tasking_case c where c.group_id = g.id))::int as cases,
             sum((select count(*) from meeting m where m.group_id = g.id))::int as meetings,
             sum((select count(*) from neighbourhood_issue i where i.group_id = g.id))::int as issues
        from tasking_group g group by g.kind order by g.kind`);
    expect(rows).toEqual([
      { kind: 'JOINT_TASKING_GROUP', groups: 3, cases: 26, meetings: 27, issues: 0 },
      { kind: 'LOCALITY_AREA_MANAGERS', groups: 3, cases: 2, meetings: 15, issues: 0 },
      { kind: 'NEIGHBOURHOOD_MEETING', groups: 3, cases: 8, meetings: 27, issues: 30 },
    ]);
    const perLocality = await query<{ locality: string; codes: string[]; cases: number }>(`
      select l.name as locality, array_agg(g.code order by g.code) as codes,
             sum((select count(*) from tasking_case c where c.group_id = g.id))::int as cases
        from tasking_group g join locality l on l.id = g.locality_id group by l.name order by l.name`);
    expect(perLocality).toEqual([
      { locality: 'Central', codes: ['CJTG', 'CLAM', 'CNM'], cases: 12 },
      { locality: 'North', codes: ['NJTG', 'NLAM', 'NNM'], cases: 12 },
      { locality: 'South', codes: ['SJTG', 'SLAM', 'SNM'], cases: 12 },
    ]);
  });

  it('gives every Joint Tasking Group five members, one from each of its five agencies, chaired by Neighbourhoods', async () => {
    const rows = await query<{ code: string; name: string; agencies: string[]; chairs: string[] }>(`
      select g.code, g.name, array_agg(p.name order by p.name) as agencies,
             array_agg(p.name order by p.name) filter (where m.role = 'CHAIR') as chairs
        from tasking_group g join group_member m on m.group_id = g.id and m.revoked_at is null
        join hub_user u on u.id = m.user_id join partner p on p.id = u.partner_id
       where g.kind = 'JOINT_TASKING_GROUP' group by g.code, g.name order by g.code`);
    expect(rows).toEqual(
      ['Central', 'North', 'South'].map((l) => ({
        code: `${l[0]}JTG`,
        name: `${l} Joint Tasking Group`,
        agencies: JTG_AGENCIES,
        chairs: ['Neighbourhoods (RMBC)'],
      })),
    );
    // The chairs also chair their locality's Neighbourhood Meeting, with the JTG's police member in it.
    const nm = await query<{ code: string; members: string[] }>(`
      select g.code, array_agg(u.subject || ' ' || m.role order by u.subject) as members
        from tasking_group g join group_member m on m.group_id = g.id join hub_user u on u.id = m.user_id
       where g.kind <> 'JOINT_TASKING_GROUP' group by g.code order by g.code`);
    expect(nm).toEqual([
      { code: 'CLAM', members: ['seed:central-street-scene MEMBER'] },
      { code: 'CNM', members: ['seed:central-chair CHAIR', 'seed:central-police MEMBER'] },
      { code: 'NNM', members: ['seed:north-chair CHAIR', 'seed:north-police MEMBER'] },
      { code: 'SNM', members: ['seed:south-chair CHAIR', 'seed:south-parish MEMBER', 'seed:south-police MEMBER'] },
    ]);
  });

  it('seeds the accounts with their roles, and no API keys', async () => {
    const rows = await query<{ subject: string; kind: string; partner: string; roles: string[]; email: string }>(`
      select u.subject, u.kind, p.name as partner, u.roles, u.email from hub_user u join partner p on p.id = u.partner_id
       where u.subject like 'seed:%' order by u.subject`);
    expect(rows).toHaveLength(21);
    const bySubject = new Map(rows.map((r) => [r.subject, r]));
    expect(bySubject.get('seed:analyst')).toMatchObject({ kind: 'PERSON', partner: 'Public Health (RMBC)', roles: ['ANALYST'] });
    expect(bySubject.get('seed:admin')).toMatchObject({ kind: 'PERSON', partner: 'Neighbourhoods (RMBC)', roles: ['ADMIN'] });
    expect(bySubject.get('seed:dashboard')).toMatchObject({
      kind: 'SERVICE',
      partner: 'Voluntary Action Rotherham',
      roles: ['PARTNER_DASHBOARD'],
    });
    expect(bySubject.get('seed:housing-dashboard')).toMatchObject({
      kind: 'SERVICE',
      partner: 'Housing (RMBC)',
      roles: ['PARTNER_DASHBOARD'],
    });
    for (const r of rows) expect(r.email).toBe(`${r.subject.slice('seed:'.length)}@example.org`);
    expect(await query('select 1 from api_key')).toEqual([]);
  });

  it('holds the cases, actions and meetings the hub needs to show its features', async () => {
    const [facts] = await query<Record<string, unknown>>(
      `
      select array(select distinct status from tasking_case order by 1) as statuses,
             array(select distinct category from tasking_case order by 1) as categories,
             (select count(*)::int from tasking_case where closed_at < $1) as closed_before_june_2024,
             (select count(*)::int from tasking_case where (status = 'CLOSED') <> (closed_at is not null)) as closed_mismatch,
             (select count(*)::int from case_action where status = 'OPEN' and due_on < $2) as open_actions_due_2025,
             (select count(*)::int from case_action where due_on >= $3) as actions_due_2027,
             (select count(*)::int from tasking_case c join ward w on w.code = c.ward_code join tasking_group g on g.id = c.group_id
               where w.locality_id <> g.locality_id) as cases_outside_locality,
             (select count(*)::int from tasking_case c join lsoa l on l.code = c.lsoa_code where l.ward_code <> c.ward_code) as lsoa_in_other_ward,
             (select count(*)::int from tasking_case c where not exists (
                select 1 from group_member m where m.group_id = c.group_id and m.user_id = c.created_by_id)) as created_by_outsider,
             array(select g.code from tasking_group g where g.kind = 'JOINT_TASKING_GROUP' and exists (
                select 1 from meeting m where m.group_id = g.id and m.starts_at >= $3) order by 1) as jtgs_with_2027_meeting`,
      // The file's dates, moved as the loader moved them to the day the template was seeded.
      ['2024-06-01', '2026-01-01', '2027-01-01'].map(shifted),
    );
    expect(facts).toEqual({
      statuses: ['CLOSED', 'ESCALATED', 'OPEN', 'REFERRED', 'UNDER_REVIEW'],
      categories: [
        'ANTI_SOCIAL_BEHAVIOUR',
        'DRUG_DEALING',
        'ENVIRONMENTAL',
        'FLY_TIPPING',
        'NUISANCE_NEIGHBOUR',
        'OTHER',
        'VULNERABLE_PERSON',
      ],
      closed_before_june_2024: 3,
      closed_mismatch: 0,
      open_actions_due_2025: expect.any(Number),
      actions_due_2027: expect.any(Number),
      cases_outside_locality: 0,
      lsoa_in_other_ward: 0,
      created_by_outsider: 0,
      jtgs_with_2027_meeting: ['CJTG', 'NJTG', 'SJTG'],
    });
    expect(facts.open_actions_due_2025).toBeGreaterThanOrEqual(3);
    expect(facts.actions_due_2027).toBeGreaterThanOrEqual(3);

    // Repeats: the same LSOA and category within 90 days. Exactly the three planned pairs, one of them at one
    // place written two ways (the place key matches them).
    const repeats = await query<{ first: string; second: string; same_place: boolean; same_text: boolean }>(`
      select a.reference as first, b.reference as second, a.place_key = b.place_key as same_place, a.location = b.location as same_text
        from case_fact x join case_fact y on y.lsoa_code = x.lsoa_code and y.category = x.category and y.id > x.id
             and abs(extract(epoch from y.opened_at - x.opened_at)) <= 90 * 86400
        join tasking_case a on a.id = x.id join tasking_case b on b.id = y.id order by 1`);
    expect(repeats).toEqual([
      { first: 'CJTG-2025-0001', second: 'CJTG-2025-0002', same_place: false, same_text: false },
      { first: 'NJTG-2025-0001', second: 'NJTG-2025-0002', same_place: true, same_text: false },
      { first: 'SJTG-2025-0001', second: 'SJTG-2025-0002', same_place: false, same_text: false },
    ]);
    const [{ keys }] = await query<{ keys: number }>('select count(distinct place_key)::int as keys from tasking_case');
    expect(keys).toBe(35);

    // Neighbourhood issues: most answered on time, some late, some not answered.
    const [issues] = await query<Record<string, number>>(`
      select count(*) filter (where responded_on <= response_due_on)::int as on_time,
             count(*) filter (where responded_on > response_due_on)::int as late,
             count(*) filter (where responded_on is null)::int as unanswered,
             count(*) filter (where meeting_id is not null)::int as raised_at_meetings
        from neighbourhood_issue`);
    expect(issues.on_time).toBeGreaterThan(issues.late + issues.unanswered);
    expect(issues.late).toBeGreaterThan(0);
    expect(issues.unanswered).toBeGreaterThan(0);
    expect(issues.raised_at_meetings).toBe(24);
  });

  it('matches tasking.json, and loading it again changes nothing', async () => {
    const before = await checksum(client);
    const counts = await loadSeeds(orm.em.fork());
    expect(counts).toMatchObject({
      taskingGroups: 9,
      users: 21,
      memberships: 23,
      cases: 36,
      actions: committed.cases.reduce((n, c) => n + c.actions.length, 0),
      meetings: 69,
      issues: 30,
    });
    const expected = {
      tasking_group: committed.groups.length,
      group_member: committed.memberships.length,
      tasking_case: committed.cases.length,
      case_person: committed.cases.reduce((n, c) => n + c.people.length, 0),
      case_address: committed.cases.reduce((n, c) => n + c.addresses.length, 0),
      case_note: committed.cases.reduce((n, c) => n + c.notes.length, 0),
      case_action: counts.actions,
      meeting: committed.meetings.length,
      meeting_agenda_item: committed.meetings.reduce((n, m) => n + m.agenda.length, 0),
      meeting_attendee: committed.meetings.reduce((n, m) => n + m.attendees.length, 0),
      meeting_decision: committed.meetings.reduce((n, m) => n + m.decisions.length, 0),
      neighbourhood_issue: committed.issues.length,
    };
    for (const [table, n] of Object.entries(expected)) expect([table, before[table].split(' ')[0]]).toEqual([table, String(n)]);
    expect(await checksum(client)).toEqual(before);
  });

  it('refuses a broken tasking.json, naming the path of every problem at once, and loads nothing', async () => {
    const otherWard = (ward: string) => readSeedData().lsoas.find((l) => l.ward_code !== ward)!.code;
    const dir = copySeedDir((json) => {
      json.cases[3].ward_code = 'E05099999';
      json.cases[5].lsoa_code = otherWard(json.cases[5].ward_code);
      Object.assign(json.cases[7], { status: 'PENDING' }); // not a status, so not one the file's type allows
      json.cases[10].created_by = 'analyst';
      json.users[2].partner = 'Ministry of Magic';
      json.memberships[0].user = 'nobody';
      json.meetings[0].agenda.push('SJTG-2025-0001');
      json.issues[0].meeting = 99;
    });
    const json = readSeedFile(dir);
    let error: SeedError | undefined;
    try {
      readTaskingSeed(dir);
    } catch (err) {
      error = err as SeedError;
    }
    expect(error).toBeInstanceOf(SeedError);
    expect(error!.problems).toEqual(
      expect.arrayContaining([
        'tasking.json cases[3].ward_code: unknown ward "E05099999"',
        `tasking.json cases[5].lsoa_code: LSOA "${json.cases[5].lsoa_code}" is in ward "${readSeedData().lsoas.find((l) => l.code === json.cases[5].lsoa_code)!.ward_code}", not "${json.cases[5].ward_code}"`,
        expect.stringMatching(/^tasking\.json cases\[7\]\.status: Invalid option/),
        `tasking.json cases[10].created_by: user "analyst" is not a member of group ${json.cases[10].group}`,
        'tasking.json users[2].partner: unknown partner "Ministry of Magic" (partners.csv lists the partners)',
        'tasking.json memberships[0].user: unknown user "nobody"',
        `tasking.json meetings[0].agenda[${json.meetings[0].agenda.length - 1}]: case "SJTG-2025-0001" belongs to group SJTG, not ${json.meetings[0].group}`,
        `tasking.json issues[0].meeting: group ${json.issues[0].group} has 9 meetings (counted from 0)`,
      ]),
    );

    const before = await checksum(client);
    await expect((async () => loadSeeds(orm.em.fork(), { data: readSeedData(dir), tasking: readTaskingSeed(dir) }))()).rejects.toThrow(
      SeedError,
    );
    expect(await checksum(client)).toEqual(before);
  });

  it('writes nothing when the tasking step fails half way: it is part of the seed transaction', async () => {
    const before = await checksum(client);
    const data = readTaskingSeed();
    const broken: TaskingSeed = {
      ...data,
      groups: data.groups.map((g) => ({ ...g, name: `${g.name} (renamed)` })),
      cases: data.cases.map((c) => ({ ...c, title: `${c.title} (changed)` })),
      // Passes the file checks when changed here, but breaks a foreign key at the very last insert.
      issues: data.issues.map((s, i) => (i === data.issues.length - 1 ? { ...s, ward_code: 'E05099999', lsoa_code: null } : s)),
    };
    await expect(loadSeeds(orm.em.fork(), { data: readSeedData(), tasking: broken })).rejects.toThrow(/neighbourhood_issue/);
    expect(await checksum(client)).toEqual(before);
  });
});

describe('tasking.json', () => {
  it('is what seeds/generate-tasking.ts writes, byte for byte, and two runs agree', () => {
    const first = taskingJson();
    expect(taskingJson()).toBe(first);
    expect(fs.readFileSync(path.join(SEED_DIR, TASKING_FILE), 'utf8')).toBe(first);
  });

  it('says it is illustrative and uses made-up contact details', () => {
    const raw = readSeedFile(SEED_DIR);
    expect(raw.about).toMatch(/illustrative/i);
    for (const u of committed.users) expect(u.email).toBe(`${u.slug}@example.org`);
    for (const c of committed.cases) for (const a of c.addresses) if (a.postcode) expect(a.postcode).toMatch(/^S\d\d \dXX$/);
  });
});

describe('placeKey', () => {
  it('folds case, punctuation and spacing, so one place written two ways matches', () => {
    expect(placeKey('12-14 Foundry Row, Parkgate')).toBe('12 14 foundry row parkgate');
    expect(placeKey('  12/14 foundry row   parkgate.')).toBe('12 14 foundry row parkgate');
    expect(placeKey("Mason's Yard")).toBe('mason s yard');
    expect(placeKey('---')).toBe('');
  });
});
