import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../../src/errors';
import { createLogger } from '../../../src/logger';
import { loadViewer } from '../../../src/modules/access/access.service';
import { inScope } from '../../../src/modules/live/live.transaction';
import type { Viewer } from '../../../src/modules/access/viewer';
import { CaseCategory } from '../../../src/modules/cases/cases.enums';
import { readEvents, type StoredEvent } from '../../../src/modules/live/live.outbox';
import { Meeting } from '../../../src/modules/meetings/meeting.entity';
import { meetingsLoaders } from '../../../src/modules/meetings/meetings.loaders';
import {
  findMeeting,
  listMeetings,
  listNeighbourhoodIssues,
  meetingsByIds,
  raiseNeighbourhoodIssue,
  recordAttendance,
  recordDecision,
  respondedOnTime,
  respondToNeighbourhoodIssue,
  scheduleMeeting,
} from '../../../src/modules/meetings/meetings.service';
import { groupChannel } from '../../../src/modules/live/live.channels';
import { openOrm, type Orm } from '../../../src/orm';
import { today } from '../../../src/validation';
import { createWakeUpBus, type WakeUpBus } from '../../../src/modules/live/live.wakeups';
import { useCleanup } from '../../support/cleanup';
import { createTestDatabase, type TestDatabase } from '../../support/db';

let db: TestDatabase;
/** The owner: fixtures and checks, past row-level security. */
let owner: Orm;
/** As the app serves requests: role hub_app, so row-level security applies. */
let app: Orm;
let bus: WakeUpBus;

const fx = {
  northId: 0,
  wardNorth: '',
  wardNorthOther: '',
  lsoaNorth: '',
  wardSouth: '',
  partners: [] as number[],
  groupA: 0,
  groupB: 0,
  caseA1: 0,
  caseA2: 0,
  caseB1: 0,
};
const v = {} as Record<'chairA' | 'memberA' | 'memberB' | 'outsider', Viewer>;

const appEm = () => app.em.fork();
const ownerSql = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  owner.em.fork().getConnection().execute<T[]>(sql, params);
const one = async <T = number>(sql: string, params: unknown[] = []): Promise<T> => Object.values((await ownerSql(sql, params))[0])[0] as T;

const TABLES = ['meeting', 'meeting_agenda_item', 'meeting_attendee', 'meeting_decision', 'neighbourhood_issue', 'outbox_event'] as const;

/** Rows in every table a meeting write touches, plus a checksum of the mutable columns, to prove nothing changed. */
async function snapshot(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const t of TABLES) out[t] = await one(`select count(*)::int from ${t}`);
  out.meetingVersions = await one(`select coalesce(string_agg(id || ':' || version, ',' order by id), '') from meeting`);
  out.attendees = await one(
    `select coalesce(string_agg(meeting_id || ':' || agency_id || ':' || people, ',' order by id), '') from meeting_attendee`,
  );
  out.issues = await one(
    `select coalesce(string_agg(id || ':' || version || ':' || coalesce(responded_on::text, '-') || ':' || coalesce(response, '-'), ',' order by id), '') from neighbourhood_issue`,
  );
  return out;
}

/** Runs `fn`, expects it to fail with `type`, and checks that nothing was written. */
async function refused<E extends Error>(type: new (...args: never[]) => E, fn: () => Promise<unknown>): Promise<E> {
  const before = await snapshot();
  const err = await fn().then(
    () => {
      throw new Error(`expected ${type.name}, but it succeeded`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  expect(await snapshot()).toEqual(before);
  return err as E;
}

async function badInput(field: string, fn: () => Promise<unknown>): Promise<void> {
  const err = await refused(BadUserInputError, fn);
  expect(err.extensions.code).toBe('BAD_USER_INPUT');
  expect(err.extensions.field).toBe(field);
}

/** Events on the group's channel after `since`, waiting for `count` (transaction ids are cluster-wide). */
async function eventsAfter(groupId: number, since: StoredEvent | undefined, count: number): Promise<StoredEvent[]> {
  for (let i = 0; ; i += 1) {
    const events = await readEvents(owner.em.fork(), [groupChannel(groupId)], since?.cursor ?? null);
    if (events.length >= count || i === 100) return events;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function lastEvent(groupId: number): Promise<StoredEvent | undefined> {
  return (await eventsAfter(groupId, undefined, 0)).at(-1);
}

/** Runs a write and returns its result and the events it added to the group's channel. */
async function withEvents<T>(groupId: number, fn: () => Promise<T>): Promise<{ result: T; events: StoredEvent[]; outboxRows: number }> {
  const since = await lastEvent(groupId);
  const rowsBefore = await one(`select count(*)::int from outbox_event`);
  const result = await fn();
  const outboxRows = (await one(`select count(*)::int from outbox_event`)) - rowsBefore;
  const events = await eventsAfter(groupId, since, outboxRows);
  return { result, events, outboxRows };
}

let userSeq = 0;
async function insertUser(name: string, partnerId: number): Promise<number> {
  userSeq += 1;
  const [row] = await ownerSql<{ id: number }>(
    `insert into hub_user (subject, name, kind, partner_id) values (?, ?, 'PERSON', ?) returning id`,
    [`test:meetings-${userSeq}`, name, partnerId],
  );
  return row.id;
}

async function insertGroup(code: string, localityId: number): Promise<number> {
  const [row] = await ownerSql<{ id: number }>(
    `insert into tasking_group (name, kind, code, locality_id) values (?, 'JOINT_TASKING_GROUP', ?, ?) returning id`,
    [`Test group ${code}`, code, localityId],
  );
  return row.id;
}

let caseSeq = 0;
async function insertCase(groupId: number, code: string, createdBy: number): Promise<number> {
  caseSeq += 1;
  const [row] = await ownerSql<{ id: number }>(
    `insert into tasking_case (reference, group_id, title, category, ward_code, location, place_key, risk_level, lead_agency_id, status, created_by_id)
     values (?, ?, 'Test case', 'ANTI_SOCIAL_BEHAVIOUR', ?, 'Test Street', 'test street', 'LOW', ?, 'OPEN', ?) returning id`,
    [`${code}-2031-${String(caseSeq).padStart(4, '0')}`, groupId, fx.wardNorth, fx.partners[0], createdBy],
  );
  return row.id;
}

async function insertMeeting(groupId: number, startsAt = new Date(Date.now() + 7 * 86_400_000)): Promise<number> {
  const [row] = await ownerSql<{ id: number }>(`insert into meeting (group_id, starts_at, venue) values (?, ?, 'Town Hall') returning id`, [
    groupId,
    startsAt,
  ]);
  return row.id;
}

async function insertIssue(groupId: number, raisedOn: string, dueOn: string): Promise<number> {
  const [row] = await ownerSql<{ id: number }>(
    `insert into neighbourhood_issue (group_id, ward_code, category, summary, raised_on, response_due_on)
     values (?, ?, 'FLY_TIPPING', 'Rubbish dumped behind the shops', ?, ?) returning id`,
    [groupId, fx.wardNorth, raisedOn, dueOn],
  );
  return row.id;
}

const daysFromToday = (n: number) => today(new Date(Date.now() + n * 86_400_000));
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

const cleanup = useCleanup();

beforeAll(async () => {
  db = await createTestDatabase();
  cleanup(() => db.drop());
  owner = await openOrm({ clientUrl: db.url });
  cleanup(() => owner.close());
  app = await openOrm({ clientUrl: db.url, role: 'hub_app' });
  cleanup(() => app.close());
  bus = createWakeUpBus({ databaseUrl: db.url, log: createLogger({ level: 'silent', format: 'json' }) });
  cleanup(() => bus.stop());
  await bus.start();

  fx.northId = await one(`select id from locality where name = 'North'`);
  const northWards = await ownerSql<{ code: string }>(`select code from ward where locality_id = ? order by code`, [fx.northId]);
  fx.wardNorth = northWards[0].code;
  fx.wardNorthOther = northWards[1].code;
  fx.lsoaNorth = await one<string>(`select code from lsoa where ward_code = ? order by code limit 1`, [fx.wardNorth]);
  fx.wardSouth = await one<string>(
    `select w.code from ward w join locality l on l.id = w.locality_id where l.name = 'South' order by w.code limit 1`,
  );
  fx.partners = (await ownerSql<{ id: number }>(`select id from partner order by id limit 3`)).map((r) => r.id);

  fx.groupA = await insertGroup('TSTMA', fx.northId);
  fx.groupB = await insertGroup('TSTMB', fx.northId);
  const users = {
    chairA: await insertUser('Chair of A', fx.partners[0]),
    memberA: await insertUser('Member of A', fx.partners[1]),
    memberB: await insertUser('Chair of B', fx.partners[2]),
    outsider: await insertUser('In no group', fx.partners[0]),
  };
  for (const [user, group, role] of [
    [users.chairA, fx.groupA, 'CHAIR'],
    [users.memberA, fx.groupA, 'MEMBER'],
    [users.memberB, fx.groupB, 'CHAIR'],
  ] as const) {
    await ownerSql(`insert into group_member (group_id, user_id, role) values (?, ?, ?)`, [group, user, role]);
  }
  for (const [key, id] of Object.entries(users)) {
    v[key as keyof typeof v] = (await loadViewer(owner.em.fork(), id, 'jwt', null))!;
  }
  fx.caseA1 = await insertCase(fx.groupA, 'TSTMA', users.chairA);
  fx.caseA2 = await insertCase(fx.groupA, 'TSTMA', users.chairA);
  fx.caseB1 = await insertCase(fx.groupB, 'TSTMB', users.memberB);
});

describe('scheduleMeeting', () => {
  it('lets the chair schedule a meeting with cases of the group on the agenda, with one event', async () => {
    const { result, events, outboxRows } = await withEvents(fx.groupA, () =>
      scheduleMeeting(
        appEm(),
        v.chairA,
        { groupId: String(fx.groupA), startsAt: inAWeek(), venue: '  Town Hall  ', agendaCaseIds: [String(fx.caseA2), String(fx.caseA1)] },
        bus,
      ),
    );
    expect(result.id).toBeGreaterThan(0);
    expect(result.version).toBe(1);
    const [row] = await ownerSql<{ group_id: number; venue: string }>(`select group_id, venue from meeting where id = ?`, [result.id]);
    expect(row).toEqual({ group_id: fx.groupA, venue: 'Town Hall' });
    const agenda = await ownerSql<{ case_id: number }>(`select case_id from meeting_agenda_item where meeting_id = ? order by id`, [
      result.id,
    ]);
    expect(agenda.map((r) => r.case_id)).toEqual([fx.caseA2, fx.caseA1]);
    expect(outboxRows).toBe(1);
    expect(events.map((e) => [e.type, e.payload])).toEqual([['MEETING_SCHEDULED', { groupId: fx.groupA, meetingId: result.id }]]);
  });

  it('refuses a start time in the past, naming startsAt, and writes nothing', async () => {
    await badInput('startsAt', () =>
      scheduleMeeting(appEm(), v.chairA, { groupId: String(fx.groupA), startsAt: new Date(Date.now() - 60_000) }, bus),
    );
  });

  it("refuses another group's case on the agenda, naming its position, and writes nothing", async () => {
    await badInput('agendaCaseIds.1', () =>
      scheduleMeeting(
        appEm(),
        v.chairA,
        { groupId: String(fx.groupA), startsAt: inAWeek(), agendaCaseIds: [String(fx.caseA1), String(fx.caseB1)] },
        bus,
      ),
    );
    await badInput('agendaCaseIds.0', () =>
      scheduleMeeting(appEm(), v.chairA, { groupId: String(fx.groupA), startsAt: inAWeek(), agendaCaseIds: ['999999'] }, bus),
    );
    await badInput('agendaCaseIds.1', () =>
      scheduleMeeting(
        appEm(),
        v.chairA,
        { groupId: String(fx.groupA), startsAt: inAWeek(), agendaCaseIds: [String(fx.caseA1), String(fx.caseA1)] },
        bus,
      ),
    );
  });

  it('refuses an over-long venue', async () => {
    await badInput('venue', () =>
      scheduleMeeting(appEm(), v.chairA, { groupId: String(fx.groupA), startsAt: inAWeek(), venue: 'x'.repeat(201) }, bus),
    );
  });

  it('is for the chair only: members and other groups are forbidden, and nothing is written', async () => {
    await refused(ForbiddenError, () => scheduleMeeting(appEm(), v.memberA, { groupId: String(fx.groupA), startsAt: inAWeek() }, bus));
    await refused(ForbiddenError, () => scheduleMeeting(appEm(), v.memberB, { groupId: String(fx.groupA), startsAt: inAWeek() }, bus));
    await refused(ForbiddenError, () => scheduleMeeting(appEm(), v.outsider, { groupId: String(fx.groupA), startsAt: inAWeek() }, bus));
  });
});

describe('recordAttendance', () => {
  let meetingId: number;
  beforeAll(async () => {
    meetingId = await insertMeeting(fx.groupA, daysAgo(2));
  });

  it('lets a member replace the attendance, bumping the version, with no event', async () => {
    const first = await withEvents(fx.groupA, () =>
      recordAttendance(
        appEm(),
        v.memberA,
        {
          meetingId: String(meetingId),
          version: 1,
          attendees: [
            { agencyId: String(fx.partners[0]), people: 3 },
            { agencyId: String(fx.partners[1]), people: 1 },
          ],
        },
        bus,
      ),
    );
    expect(first.result.version).toBe(2);
    expect(first.outboxRows).toBe(0);
    expect(first.events).toEqual([]);
    const second = await recordAttendance(
      appEm(),
      v.memberA,
      { meetingId: String(meetingId), version: 2, attendees: [{ agencyId: String(fx.partners[1]), people: 5 }] },
      bus,
    );
    expect(second.version).toBe(3);
    expect(await ownerSql(`select agency_id, people from meeting_attendee where meeting_id = ?`, [meetingId])).toEqual([
      { agency_id: fx.partners[1], people: 5 },
    ]);
    expect(await one(`select version from meeting where id = ?`, [meetingId])).toBe(3);
  });

  it('refuses a stale version with CONFLICT and writes nothing', async () => {
    const version = await one(`select version from meeting where id = ?`, [meetingId]);
    const err = await refused(ConflictError, () =>
      recordAttendance(
        appEm(),
        v.memberA,
        { meetingId: String(meetingId), version: version - 1, attendees: [{ agencyId: String(fx.partners[0]), people: 2 }] },
        bus,
      ),
    );
    expect(err.extensions).toMatchObject({ code: 'CONFLICT', field: 'version', expected: version - 1, actual: version });
  });

  it('refuses bad numbers of people, unknown and repeated agencies, naming the entry', async () => {
    const version = await one(`select version from meeting where id = ?`, [meetingId]);
    const send = (attendees: { agencyId: string; people: number }[]) => () =>
      recordAttendance(appEm(), v.memberA, { meetingId: String(meetingId), version, attendees }, bus);
    await badInput('attendees.0.people', send([{ agencyId: String(fx.partners[0]), people: 0 }]));
    await badInput(
      'attendees.1.people',
      send([
        { agencyId: String(fx.partners[0]), people: 50 },
        { agencyId: String(fx.partners[1]), people: 51 },
      ]),
    );
    await badInput('attendees.0.agencyId', send([{ agencyId: '999999', people: 2 }]));
    await badInput(
      'attendees.1.agencyId',
      send([
        { agencyId: String(fx.partners[0]), people: 2 },
        { agencyId: String(fx.partners[0]), people: 1 },
      ]),
    );
  });

  it("is forbidden to other groups' members and NOT_FOUND for a meeting that does not exist", async () => {
    await refused(ForbiddenError, () =>
      recordAttendance(appEm(), v.memberB, { meetingId: String(meetingId), version: 3, attendees: [] }, bus),
    );
    await refused(ForbiddenError, () =>
      recordAttendance(appEm(), v.outsider, { meetingId: String(meetingId), version: 3, attendees: [] }, bus),
    );
    await refused(NotFoundError, () => recordAttendance(appEm(), v.memberA, { meetingId: '999999', version: 1, attendees: [] }, bus));
  });
});

describe('recordDecision', () => {
  let meetingId: number;
  beforeAll(async () => {
    meetingId = await insertMeeting(fx.groupA, daysAgo(2));
  });

  it('lets the chair record a decision about a case of the group, with one event', async () => {
    const { result, events, outboxRows } = await withEvents(fx.groupA, () =>
      recordDecision(
        appEm(),
        v.chairA,
        { meetingId: String(meetingId), caseId: String(fx.caseA1), text: ' Refer to the ASB panel. ' },
        bus,
      ),
    );
    const [row] = await ownerSql(`select meeting_id, case_id, text, recorded_by_id from meeting_decision where id = ?`, [result.id]);
    expect(row).toEqual({ meeting_id: meetingId, case_id: fx.caseA1, text: 'Refer to the ASB panel.', recorded_by_id: v.chairA.userId });
    expect(outboxRows).toBe(1);
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      ['DECISION_RECORDED', { groupId: fx.groupA, meetingId, decisionId: result.id, caseId: fx.caseA1 }],
    ]);
  });

  it('records a decision about no case', async () => {
    const decision = await recordDecision(appEm(), v.chairA, { meetingId: String(meetingId), text: 'Next meeting in the library.' }, bus);
    expect(await one(`select case_id from meeting_decision where id = ?`, [decision.id])).toBeNull();
  });

  it("refuses over-long text and another group's case, and writes nothing", async () => {
    await badInput('text', () => recordDecision(appEm(), v.chairA, { meetingId: String(meetingId), text: 'x'.repeat(5001) }, bus));
    await badInput('caseId', () =>
      recordDecision(appEm(), v.chairA, { meetingId: String(meetingId), caseId: String(fx.caseB1), text: 'Close it.' }, bus),
    );
    await badInput('caseId', () =>
      recordDecision(appEm(), v.chairA, { meetingId: String(meetingId), caseId: '999999', text: 'Close it.' }, bus),
    );
  });

  it("is for the chair only, and forbidden to another group's chair", async () => {
    await refused(ForbiddenError, () => recordDecision(appEm(), v.memberA, { meetingId: String(meetingId), text: 'Decided.' }, bus));
    await refused(ForbiddenError, () => recordDecision(appEm(), v.memberB, { meetingId: String(meetingId), text: 'Decided.' }, bus));
  });
});

describe('a meeting that has not happened yet', () => {
  let meetingId: number;
  let startsAt: Date;
  beforeAll(async () => {
    startsAt = inAWeek();
    meetingId = await insertMeeting(fx.groupA, startsAt);
  });

  it('takes no attendance: BAD_USER_INPUT on meetingId giving its date, and writes nothing', async () => {
    const err = await refused(BadUserInputError, () =>
      recordAttendance(
        appEm(),
        v.memberA,
        { meetingId: String(meetingId), version: 1, attendees: [{ agencyId: String(fx.partners[0]), people: 2 }] },
        bus,
      ),
    );
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'meetingId' });
    expect(err.message).toContain(`is on ${today(startsAt)}`);
  });

  it('takes no decisions: BAD_USER_INPUT on meetingId giving its date, and writes nothing', async () => {
    const err = await refused(BadUserInputError, () =>
      recordDecision(appEm(), v.chairA, { meetingId: String(meetingId), text: 'Decided early.' }, bus),
    );
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'meetingId' });
    expect(err.message).toContain(`is on ${today(startsAt)}`);
  });

  it("still tells another group's member FORBIDDEN first, so the date is not given away", async () => {
    await refused(ForbiddenError, () =>
      recordAttendance(appEm(), v.memberB, { meetingId: String(meetingId), version: 1, attendees: [] }, bus),
    );
    await refused(ForbiddenError, () => recordDecision(appEm(), v.memberB, { meetingId: String(meetingId), text: 'Decided.' }, bus));
  });
});

describe('raiseNeighbourhoodIssue', () => {
  const input = () => ({
    groupId: String(fx.groupA),
    wardCode: fx.wardNorth,
    lsoaCode: fx.lsoaNorth,
    category: CaseCategory.FLY_TIPPING,
    summary: 'Fly-tipping on the back lane',
    raisedOn: daysFromToday(-1),
    responseDueOn: daysFromToday(13),
  });

  it('lets a member record an issue raised at a meeting of the group, with one event', async () => {
    const meetingId = await insertMeeting(fx.groupA);
    const { result, events, outboxRows } = await withEvents(fx.groupA, () =>
      raiseNeighbourhoodIssue(appEm(), v.memberA, { ...input(), meetingId: String(meetingId) }, bus),
    );
    const [row] = await ownerSql(
      `select group_id, meeting_id, ward_code, lsoa_code, raised_on::text, response_due_on::text, responded_on from neighbourhood_issue where id = ?`,
      [result.id],
    );
    expect(row).toEqual({
      group_id: fx.groupA,
      meeting_id: meetingId,
      ward_code: fx.wardNorth,
      lsoa_code: fx.lsoaNorth,
      raised_on: daysFromToday(-1),
      response_due_on: daysFromToday(13),
      responded_on: null,
    });
    expect(respondedOnTime(result)).toBeNull();
    expect(outboxRows).toBe(1);
    expect(events.map((e) => [e.type, e.payload])).toEqual([['ISSUE_RAISED', { groupId: fx.groupA, issueId: result.id, meetingId }]]);
  });

  it('refuses unknown wards and wards outside the locality, naming wardCode', async () => {
    await badInput('wardCode', () =>
      raiseNeighbourhoodIssue(appEm(), v.memberA, { ...input(), wardCode: 'E05999999', lsoaCode: null }, bus),
    );
    await badInput('wardCode', () =>
      raiseNeighbourhoodIssue(appEm(), v.memberA, { ...input(), wardCode: fx.wardSouth, lsoaCode: null }, bus),
    );
    await badInput('lsoaCode', () => raiseNeighbourhoodIssue(appEm(), v.memberA, { ...input(), wardCode: fx.wardNorthOther }, bus));
  });

  it('refuses dates in the future, a due date before the issue was raised, and over-long text', async () => {
    await badInput('raisedOn', () =>
      raiseNeighbourhoodIssue(appEm(), v.memberA, { ...input(), raisedOn: daysFromToday(1), responseDueOn: daysFromToday(14) }, bus),
    );
    await badInput('responseDueOn', () =>
      raiseNeighbourhoodIssue(appEm(), v.memberA, { ...input(), responseDueOn: daysFromToday(-2) }, bus),
    );
    await badInput('summary', () => raiseNeighbourhoodIssue(appEm(), v.memberA, { ...input(), summary: 'x'.repeat(1001) }, bus));
  });

  it('refuses a meeting of another group, and is forbidden to non-members', async () => {
    const other = await insertMeeting(fx.groupB);
    await badInput('meetingId', () => raiseNeighbourhoodIssue(appEm(), v.memberA, { ...input(), meetingId: String(other) }, bus));
    await refused(ForbiddenError, () => raiseNeighbourhoodIssue(appEm(), v.memberB, input(), bus));
    await refused(ForbiddenError, () => raiseNeighbourhoodIssue(appEm(), v.outsider, input(), bus));
  });
});

describe('respondToNeighbourhoodIssue', () => {
  it('lets a member respond, bumping the version, with one event', async () => {
    const id = await insertIssue(fx.groupA, daysFromToday(-20), daysFromToday(-6));
    const { result, events, outboxRows } = await withEvents(fx.groupA, () =>
      respondToNeighbourhoodIssue(
        appEm(),
        v.memberA,
        { id: String(id), version: 1, respondedOn: daysFromToday(-3), response: 'Cleared by Street Scene.' },
        bus,
      ),
    );
    expect(result.version).toBe(2);
    expect(respondedOnTime(result)).toBe(false);
    expect(await ownerSql(`select responded_on::text, response, version from neighbourhood_issue where id = ?`, [id])).toEqual([
      { responded_on: daysFromToday(-3), response: 'Cleared by Street Scene.', version: 2 },
    ]);
    expect(outboxRows).toBe(1);
    expect(events.map((e) => [e.type, e.payload])).toEqual([['ISSUE_RESPONDED', { groupId: fx.groupA, issueId: id }]]);

    const onTime = await insertIssue(fx.groupA, daysFromToday(-5), daysFromToday(5));
    const answered = await respondToNeighbourhoodIssue(
      appEm(),
      v.memberA,
      { id: String(onTime), version: 1, respondedOn: today(), response: 'Done.' },
      bus,
    );
    expect(respondedOnTime(answered)).toBe(true);
  });

  it('refuses a stale version with CONFLICT and writes nothing', async () => {
    const id = await insertIssue(fx.groupA, daysFromToday(-4), daysFromToday(10));
    await respondToNeighbourhoodIssue(
      appEm(),
      v.memberA,
      { id: String(id), version: 1, respondedOn: today(), response: 'First answer.' },
      bus,
    );
    const err = await refused(ConflictError, () =>
      respondToNeighbourhoodIssue(
        appEm(),
        v.memberA,
        { id: String(id), version: 1, respondedOn: today(), response: 'Second answer.' },
        bus,
      ),
    );
    expect(err.extensions).toMatchObject({ field: 'version', expected: 1, actual: 2 });
  });

  it('refuses a response date before the issue was raised or in the future, and over-long text', async () => {
    const id = await insertIssue(fx.groupA, daysFromToday(-4), daysFromToday(10));
    const send =
      (respondedOn: string, response = 'Answer.') =>
      () =>
        respondToNeighbourhoodIssue(appEm(), v.memberA, { id: String(id), version: 1, respondedOn, response }, bus);
    await badInput('respondedOn', send(daysFromToday(-5)));
    await badInput('respondedOn', send(daysFromToday(1)));
    await badInput('response', send(today(), 'x'.repeat(2001)));
  });

  it('is forbidden to other groups, and NOT_FOUND for an issue that does not exist', async () => {
    const id = await insertIssue(fx.groupA, daysFromToday(-4), daysFromToday(10));
    await refused(ForbiddenError, () =>
      respondToNeighbourhoodIssue(appEm(), v.memberB, { id: String(id), version: 1, respondedOn: today(), response: 'Mine now.' }, bus),
    );
    await refused(NotFoundError, () =>
      respondToNeighbourhoodIssue(appEm(), v.memberA, { id: '999999', version: 1, respondedOn: today(), response: 'Nothing.' }, bus),
    );
  });
});

describe('reading meetings and issues', () => {
  let meetingA: number;
  let meetingB: number;
  beforeAll(async () => {
    meetingA = (
      await scheduleMeeting(appEm(), v.chairA, { groupId: String(fx.groupA), startsAt: inAWeek(), agendaCaseIds: [String(fx.caseA1)] }, bus)
    ).id;
    // Attendance and decisions are recorded once a meeting has happened: let a week pass.
    await ownerSql(`update meeting set starts_at = starts_at - interval '14 days' where id = ?`, [meetingA]);
    await recordAttendance(
      appEm(),
      v.memberA,
      { meetingId: String(meetingA), version: 1, attendees: [{ agencyId: String(fx.partners[2]), people: 4 }] },
      bus,
    );
    await recordDecision(appEm(), v.chairA, { meetingId: String(meetingA), caseId: String(fx.caseA1), text: 'Keep open.' }, bus);
    meetingB = (
      await scheduleMeeting(
        appEm(),
        v.memberB,
        { groupId: String(fx.groupB), startsAt: inAWeek(), agendaCaseIds: [String(fx.caseB1)] },
        bus,
      )
    ).id;
  });

  it('finds a meeting for its members; FORBIDDEN for others, NOT_FOUND when there is none', async () => {
    expect((await findMeeting(appEm(), v.memberA, String(meetingA))).id).toBe(meetingA);
    await expect(findMeeting(appEm(), v.memberB, String(meetingA))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(findMeeting(appEm(), v.outsider, String(meetingA))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(findMeeting(appEm(), v.memberA, '999999')).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lists the viewer's groups' meetings only, and refuses a group the viewer is not in", async () => {
    const mine = await listMeetings(appEm(), v.memberA, { first: 100 }, 100);
    expect(mine.nodes.length).toBeGreaterThan(0);
    expect(new Set(mine.nodes.map((m) => m.group.id))).toEqual(new Set([fx.groupA]));
    const theirs = await listMeetings(appEm(), v.memberB, { first: 100 }, 100);
    expect(theirs.nodes.map((m) => m.id)).toContain(meetingB);
    expect(new Set(theirs.nodes.map((m) => m.group.id))).toEqual(new Set([fx.groupB]));
    expect((await listMeetings(appEm(), v.outsider, {}, 100)).totalCount).toBe(0);
    await expect(listMeetings(appEm(), v.memberB, { groupId: String(fx.groupA) }, 100)).rejects.toBeInstanceOf(ForbiddenError);
    const err = await listMeetings(appEm(), v.memberA, { from: inAWeek(), to: new Date() }, 100).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadUserInputError);
    expect((err as BadUserInputError).extensions.field).toBe('from');
  });

  it('lists issues, open ones only when asked', async () => {
    const all = await listNeighbourhoodIssues(appEm(), v.memberA, { groupId: String(fx.groupA), first: 100 }, 100);
    const open = await listNeighbourhoodIssues(appEm(), v.memberA, { groupId: String(fx.groupA), openOnly: true, first: 100 }, 100);
    expect(all.totalCount).toBe(await one(`select count(*)::int from neighbourhood_issue where group_id = ?`, [fx.groupA]));
    expect(open.totalCount).toBe(
      await one(`select count(*)::int from neighbourhood_issue where group_id = ? and responded_on is null`, [fx.groupA]),
    );
    expect(open.nodes.every((i) => i.respondedOn == null)).toBe(true);
    expect(open.totalCount).toBeLessThan(all.totalCount);
    expect((await listNeighbourhoodIssues(appEm(), v.memberB, { first: 100 }, 100)).nodes.filter((i) => i.group.id === fx.groupA)).toEqual(
      [],
    );
    await expect(listNeighbourhoodIssues(appEm(), v.memberB, { groupId: String(fx.groupA) }, 100)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('loads agendas, attendance and decisions of many meetings in one batch, for members only', async () => {
    const { meetings: loaders } = meetingsLoaders(appEm(), v.memberA);
    const [agendaA, agendaB] = await Promise.all([loaders.meetingAgenda.load(meetingA), loaders.meetingAgenda.load(meetingB)]);
    expect(agendaA.map((e) => e.case.id)).toEqual([fx.caseA1]);
    expect(agendaB).toEqual([]);
    const [attendees, decisions] = await Promise.all([loaders.meetingAttendees.load(meetingA), loaders.meetingDecisions.load(meetingA)]);
    expect(attendees.map((a) => [a.agency.id, a.people])).toEqual([[fx.partners[2], 4]]);
    expect(decisions.map((d) => [d.text, d.case?.id])).toEqual([['Keep open.', fx.caseA1]]);
    expect(await loaders.meeting.load(meetingB)).toBeUndefined();

    const { meetings: theirs } = meetingsLoaders(appEm(), v.memberB);
    expect(await theirs.meetingAgenda.load(meetingA)).toEqual([]);
    expect(await theirs.meetingAttendees.load(meetingA)).toEqual([]);
    expect(await theirs.meetingDecisions.load(meetingA)).toEqual([]);
    expect(await theirs.meeting.load(meetingA)).toBeUndefined();
  });

  it('shows another group nothing even when the service filter is bypassed (row-level security)', async () => {
    // A forged group list: a member of B asks for A's meetings by id and by group.
    expect(await meetingsByIds(appEm(), v.memberB, [meetingA])).toEqual([]);
    const raw = await inScope(appEm(), v.memberB, async (tx) => ({
      meetings: await tx.execute<{ n: number }[]>('select count(*)::int as n from meeting where group_id = ?', [fx.groupA]),
      all: await tx.execute<{ n: number }[]>('select count(*)::int as n from meeting'),
      agenda: await tx.execute<{ n: number }[]>('select count(*)::int as n from meeting_agenda_item where meeting_id = ?', [meetingA]),
      attendees: await tx.execute<{ n: number }[]>('select count(*)::int as n from meeting_attendee where meeting_id = ?', [meetingA]),
      decisions: await tx.execute<{ n: number }[]>('select count(*)::int as n from meeting_decision where meeting_id = ?', [meetingA]),
      issues: await tx.execute<{ n: number }[]>('select count(*)::int as n from neighbourhood_issue where group_id = ?', [fx.groupA]),
      entities: await tx.find(Meeting, { group: fx.groupA }),
    }));
    expect(raw.meetings[0].n).toBe(0);
    expect(raw.all[0].n).toBe(await one(`select count(*)::int from meeting where group_id = ?`, [fx.groupB]));
    expect(raw.agenda[0].n).toBe(0);
    expect(raw.attendees[0].n).toBe(0);
    expect(raw.decisions[0].n).toBe(0);
    expect(raw.issues[0].n).toBe(0);
    expect(raw.entities).toEqual([]);
    // The owner sees that the rows are there.
    expect(await one(`select count(*)::int from meeting where group_id = ?`, [fx.groupA])).toBeGreaterThan(0);
    // With no scope at all (a query outside inScope), the app's role sees nothing.
    expect((await appEm().getConnection().execute<{ n: number }[]>('select count(*)::int as n from meeting'))[0].n).toBe(0);
  });
});
