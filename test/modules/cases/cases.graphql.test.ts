import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { loadViewer } from '../../../src/modules/access/access.service';
import { addCaseNote } from '../../../src/modules/cases/cases.service';
import { APP_ROLE, ormOptions } from '../../../src/orm';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  AddCaseNoteDocument,
  AssignActionDocument,
  CasePeopleDocument,
  ChangeCaseStatusDocument,
  OpenCaseDocument,
  UpdateActionDocument,
  UpdateCaseDocument,
  type CaseStatus,
  type OpenCaseInput,
} from '../../generated/graphql';
import { useTestApp, type GraphQLResult, type ResponseError } from '../../support/app';
import { authHeader } from '../../support/auth';

/**
 * Cases through GraphQL: bad input is refused with an error naming the field and writes nothing;
 * the status workflow, versions and events of a case; and concurrent edits of one version.
 */

const hub = useTestApp({ OVERDUE_CHECK_SECONDS: '86400' });

const NJTG = '1';
const NORTH_WARD = 'E05012999'; // Dalton & Thrybergh, North
const NORTH_LSOA = 'E01007718'; // in Dalton & Thrybergh
const CENTRAL_WARD = 'E05013004'; // Keppel, Central
const RAWMARSH_LSOA = 'E01007700'; // in Rawmarsh East, North
const CHAIR = 'seed:north-chair';
const MEMBER = 'seed:north-police';

async function as<T, V>(subject: string, document: TypedDocumentNode<T, V>, variables: V): Promise<GraphQLResult<T>> {
  return (await hub.gqlAs(subject, document, variables)).body;
}

const iso = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function caseInput(overrides: Partial<OpenCaseInput> = {}): OpenCaseInput {
  return {
    groupId: NJTG,
    title: 'Youths gathering at the shops',
    category: 'ANTI_SOCIAL_BEHAVIOUR',
    wardCode: NORTH_WARD,
    lsoaCode: NORTH_LSOA,
    location: 'Parade, Kimberworth Park',
    riskLevel: 'MEDIUM',
    leadAgencyId: '1',
    people: [{ name: 'Rhoda Residentson', role: 'RESIDENT', dateOfBirth: '1970-01-02' }],
    addresses: [{ address: '3 The Parade', postcode: 'S61 3AA' }],
    note: 'Reported at the neighbourhood meeting.',
    ...overrides,
  };
}

async function openCase(overrides: Partial<OpenCaseInput> = {}, subject = CHAIR) {
  const body = await as(subject, OpenCaseDocument, { input: caseInput(overrides) });
  expect(body.errors).toBeUndefined();
  return body.data!.openCase;
}

/** What a refused request must leave as it was. */
async function state(caseId?: string) {
  const [counts] = await hub.ownerSql<Record<string, number>>(
    `select (select count(*)::int from tasking_case) as cases, (select count(*)::int from case_person) as people,
            (select count(*)::int from case_address) as addresses, (select count(*)::int from case_note) as notes,
            (select count(*)::int from case_action) as actions, (select count(*)::int from outbox_event) as events,
            (select count(*)::int from audit_entry) as audits`,
  );
  const [row] = caseId
    ? await hub.ownerSql('select version, status, title, updated_at, closed_at from tasking_case where id = $1', [caseId])
    : [undefined];
  return { counts, case: row };
}

function only(body: GraphQLResult<unknown>): ResponseError {
  expect(body.errors).toHaveLength(1);
  return body.errors![0];
}

async function eventsOf(caseId: string): Promise<string[]> {
  const rows = await hub.ownerSql<{ type: string }>(`select type from outbox_event where payload->>'caseId' = $1 order by txid, id`, [
    caseId,
  ]);
  return rows.map((r) => r.type);
}

describe('bad input is refused naming the field, and nothing is written', () => {
  /** Runs a refused request and checks that nothing changed; returns its one error. */
  async function refused<T, V>(subject: string, document: TypedDocumentNode<T, V>, variables: V, caseId?: string): Promise<ResponseError> {
    const before = await state(caseId);
    const body = await as(subject, document, variables);
    expect(body.data).toBeNull();
    const error = only(body);
    expect(await state(caseId)).toEqual(before);
    return error;
  }

  it('an illegal status move (REFERRED to ESCALATED) names status and lists the allowed moves', async () => {
    const c = await openCase();
    expect(c.status).toBe('REFERRED');
    const error = await refused(
      CHAIR,
      ChangeCaseStatusDocument,
      { input: { id: c.id, version: c.version, status: 'ESCALATED', reason: 'Serious' } },
      c.id,
    );
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    expect(error.message).toBe(`Case ${c.reference} is REFERRED; it cannot move to ESCALATED. Allowed: OPEN, CLOSED.`);
  });

  it.each<[CaseStatus, CaseStatus, string]>([
    ['OPEN', 'REFERRED', 'UNDER_REVIEW, ESCALATED, CLOSED'],
    ['CLOSED', 'ESCALATED', 'OPEN'],
  ])('from %s, a move to %s is refused listing %s', async (from, to, allowed) => {
    const c = await openCase({ status: 'OPEN' });
    let version = c.version;
    if (from === 'CLOSED') {
      const closed = await as(CHAIR, ChangeCaseStatusDocument, { input: { id: c.id, version, status: 'CLOSED' } });
      expect(closed.errors).toBeUndefined();
      version += 1;
    }
    const error = await refused(CHAIR, ChangeCaseStatusDocument, { input: { id: c.id, version, status: to } }, c.id);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    expect(error.message).toMatch(new RegExp(`is ${from}; it cannot move to ${to}\\. Allowed: ${allowed}\\.$`));
  });

  it('a due date in the past on assignAction names dueOn', async () => {
    const c = await openCase();
    const error = await refused(
      CHAIR,
      AssignActionDocument,
      { input: { caseId: c.id, title: 'Visit', agencyId: '7', dueOn: iso(-1) } },
      c.id,
    );
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dueOn' });
    expect(error.message).toMatch(/'dueOn' \(\d{4}-\d\d-\d\d\) is in the past/);
    // Today is allowed.
    const ok = await as(CHAIR, AssignActionDocument, { input: { caseId: c.id, title: 'Visit', agencyId: '7', dueOn: iso(0) } });
    expect(ok.errors).toBeUndefined();
  });

  it('an unknown ward names wardCode', async () => {
    const error = await refused(CHAIR, OpenCaseDocument, { input: caseInput({ wardCode: 'E05099999', lsoaCode: null }) });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'wardCode' });
    expect(error.message).toBe('There is no ward with code "E05099999".');
  });

  it("a ward outside the group's locality names wardCode", async () => {
    const error = await refused(CHAIR, OpenCaseDocument, { input: caseInput({ wardCode: CENTRAL_WARD, lsoaCode: null }) });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'wardCode' });
    expect(error.message).toMatch(/Keppel \(E05013004\) is not in the locality of North Joint Tasking Group/);
  });

  it('an LSOA that is not in the ward names lsoaCode', async () => {
    const error = await refused(CHAIR, OpenCaseDocument, { input: caseInput({ lsoaCode: RAWMARSH_LSOA }) });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'lsoaCode' });
    expect(error.message).toBe(`LSOA ${RAWMARSH_LSOA} is not in ward ${NORTH_WARD}.`);
  });

  it('a stale version is CONFLICT with the expected and actual versions', async () => {
    const c = await openCase();
    const moved = await as(CHAIR, UpdateCaseDocument, { input: { id: c.id, version: c.version, title: 'First edit' } });
    expect(moved.data!.updateCase.version).toBe(c.version + 1);
    for (const staleWrite of [
      () => refused(CHAIR, UpdateCaseDocument, { input: { id: c.id, version: c.version, title: 'Second edit from a stale read' } }, c.id),
      () => refused(CHAIR, ChangeCaseStatusDocument, { input: { id: c.id, version: c.version, status: 'OPEN' } }, c.id),
    ]) {
      const error = await staleWrite();
      expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'version', expected: c.version, actual: c.version + 1 });
      expect(error.message).toMatch(/has changed since you read it \(you sent version 1; it is now at version 2\)/);
    }
    const [row] = await hub.ownerSql<{ title: string }>('select title from tasking_case where id = $1', [c.id]);
    expect(row.title).toBe('First edit');
  });

  it.each([
    ['blank', '  ', 'BAD_USER_INPUT'],
    ['empty', '', 'BAD_USER_INPUT'],
  ])('a %s purpose for personal data names purpose and reads nothing', async (_what, purpose, code) => {
    const c = await openCase();
    const before = await state(c.id);
    const body = await as(CHAIR, CasePeopleDocument, { id: c.id, purpose });
    expect(body.data!.case).toEqual({ id: c.id, personal: null });
    expect(only(body).extensions).toMatchObject({ code, field: 'purpose' });
    expect(JSON.stringify(body)).not.toContain('Rhoda');
    expect(await state(c.id)).toEqual(before);
  });

  it('a missing purpose fails validation', async () => {
    const c = await openCase();
    const before = await state(c.id);
    const res = await hub.post({ query: `{ case(id: "${c.id}") { personal { people { name } } } }` }, await authHeader(CHAIR));
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors![0].message).toMatch(/argument "purpose" of type "String!" is required/);
    expect(await state(c.id)).toEqual(before);
  });

  it('a 201-character title names title; 200 is accepted', async () => {
    const error = await refused(CHAIR, OpenCaseDocument, { input: caseInput({ title: 't'.repeat(201) }) });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    expect(error.message).toBe("'title' is 201 characters long; the most allowed is 200.");
    const c = await openCase();
    const update = await refused(CHAIR, UpdateCaseDocument, { input: { id: c.id, version: c.version, title: 'u'.repeat(201) } }, c.id);
    expect(update.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    await openCase({ title: 't'.repeat(200) });
  });

  it('a blank title names title', async () => {
    const error = await refused(CHAIR, OpenCaseDocument, { input: caseInput({ title: '   ' }) });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
  });

  it('a 5001-character note names the field (text on addCaseNote, note on openCase, reason on a status move); 5000 is accepted', async () => {
    const c = await openCase();
    const note = await refused(CHAIR, AddCaseNoteDocument, { input: { caseId: c.id, text: 'n'.repeat(5001) } }, c.id);
    expect(note.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(note.message).toBe("'text' is 5001 characters long; the most allowed is 5000.");
    const first = await refused(CHAIR, OpenCaseDocument, { input: caseInput({ note: 'n'.repeat(5001) }) });
    expect(first.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    const reason = await refused(
      CHAIR,
      ChangeCaseStatusDocument,
      { input: { id: c.id, version: c.version, status: 'OPEN', reason: 'r'.repeat(5001) } },
      c.id,
    );
    expect(reason.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const ok = await as(CHAIR, AddCaseNoteDocument, { input: { caseId: c.id, text: 'n'.repeat(5000) } });
    expect(ok.errors).toBeUndefined();
  });

  it('a date of birth in the future names people.0.dateOfBirth', async () => {
    const error = await refused(CHAIR, OpenCaseDocument, {
      input: caseInput({ people: [{ name: 'Future Person', role: 'OTHER', dateOfBirth: iso(2) }] }),
    });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'people.0.dateOfBirth' });
    expect(error.message).toMatch(/is in the future/);
  });

  it('several problems at once are all listed in problems, the first in field', async () => {
    const error = await refused(CHAIR, OpenCaseDocument, {
      input: caseInput({
        title: 't'.repeat(201),
        note: 'n'.repeat(5001),
        wardCode: 'E05099999',
        lsoaCode: null,
        people: [
          { name: 'Fine Person', role: 'OTHER' },
          { name: 'Future Person', role: 'OTHER', dateOfBirth: iso(30) },
        ],
      }),
    });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.field).toBe('title');
    const problems = error.extensions?.problems ?? [];
    expect(problems.map((p) => p.field)).toEqual(['title', 'note', 'people.1.dateOfBirth', 'wardCode']);
    for (const p of problems) expect(p.message).toMatch(/\w/);
    expect(error.message).toMatch(/^4 problems: /);
  });

  it('closing a case as a member who is not the chair is FORBIDDEN', async () => {
    const c = await openCase({ status: 'OPEN' });
    const error = await refused(
      MEMBER,
      ChangeCaseStatusDocument,
      { input: { id: c.id, version: c.version, status: 'CLOSED', reason: 'Done' } },
      c.id,
    );
    expect(error.extensions?.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/only the chair of North Joint Tasking Group may do this; you are a member/);
    // The member may make other moves.
    const moved = await as(MEMBER, ChangeCaseStatusDocument, { input: { id: c.id, version: c.version, status: 'UNDER_REVIEW' } });
    expect(moved.errors).toBeUndefined();
  });
});

describe('the life of a case', () => {
  it('open, OPEN, UNDER_REVIEW, ESCALATED, CLOSED by the chair with a reason: versions go up by one and each change is one event', async () => {
    const before = await state();
    const opened = await openCase({ status: 'OPEN' });
    expect(opened).toMatchObject({ status: 'OPEN', version: 1 });
    expect(opened.reference).toMatch(/^NJTG-\d{4}-\d{4}$/);
    const afterOpen = await state();
    expect(afterOpen.counts).toMatchObject({
      cases: before.counts.cases + 1,
      people: before.counts.people + 1,
      addresses: before.counts.addresses + 1,
      notes: before.counts.notes + 1,
      events: before.counts.events + 1,
    });
    expect(await eventsOf(opened.id)).toEqual(['CASE_OPENED']);

    const edited = await as(CHAIR, UpdateCaseDocument, {
      input: { id: opened.id, version: 1, title: 'Youths gathering, now at night', riskLevel: 'HIGH' },
    });
    expect(edited.data!.updateCase).toMatchObject({ title: 'Youths gathering, now at night', version: 2 });

    let version = 2;
    const moves: [CaseStatus, string | undefined, string][] = [
      ['UNDER_REVIEW', undefined, 'CASE_UPDATED'],
      ['ESCALATED', 'Threats made to residents', 'CASE_ESCALATED'],
      ['CLOSED', 'Dispersal order worked; nothing for three months', 'CASE_CLOSED'],
    ];
    for (const [status, reason, event] of moves) {
      const eventsBefore = (await eventsOf(opened.id)).length;
      const body = await as(CHAIR, ChangeCaseStatusDocument, { input: { id: opened.id, version, status, reason } });
      expect(body.errors).toBeUndefined();
      const changed = body.data!.changeCaseStatus;
      expect(changed).toMatchObject({ status, version: version + 1 });
      expect(changed.closedAt === null).toBe(status !== 'CLOSED');
      version += 1;
      const events = await eventsOf(opened.id);
      expect(events).toHaveLength(eventsBefore + 1);
      expect(events[events.length - 1]).toBe(event);
    }
    expect(await eventsOf(opened.id)).toEqual(['CASE_OPENED', 'CASE_UPDATED', 'CASE_UPDATED', 'CASE_ESCALATED', 'CASE_CLOSED']);

    const [row] = await hub.ownerSql<{ status: string; version: number; closed_at: Date | null; risk_level: string }>(
      'select status, version, closed_at, risk_level from tasking_case where id = $1',
      [opened.id],
    );
    expect(row).toMatchObject({ status: 'CLOSED', version: 5, risk_level: 'HIGH' });
    expect(row.closed_at).toBeInstanceOf(Date);
    const notes = await hub.ownerSql<{ text: string }>('select text from case_note where case_id = $1 order by id', [opened.id]);
    expect(notes.map((n) => n.text)).toEqual([
      'Reported at the neighbourhood meeting.',
      'Threats made to residents',
      'Dispersal order worked; nothing for three months',
    ]);
    // Every event names the group and the case, and nothing personal.
    const payloads = await hub.ownerSql<{ channel: string; payload: Record<string, unknown> }>(
      `select channel, payload from outbox_event where payload->>'caseId' = $1`,
      [opened.id],
    );
    for (const p of payloads) {
      expect(p.channel).toBe(`group:${NJTG}`);
      expect(p.payload).toEqual({ groupId: Number(NJTG), caseId: Number(opened.id) });
    }
  });
});

describe('concurrent edits of one version', () => {
  it("10 updateCase calls with the same version: exactly one wins, 9 get CONFLICT, and the row has the winner's title", async () => {
    const c = await openCase();
    const eventsBefore = (await eventsOf(c.id)).length;
    const titles = Array.from({ length: 10 }, (_, i) => `Concurrent title ${i}`);
    const bodies = await Promise.all(
      titles.map((title) => as(CHAIR, UpdateCaseDocument, { input: { id: c.id, version: c.version, title } })),
    );
    const winners = bodies.filter((b) => !b.errors);
    const losers = bodies.filter((b) => b.errors);
    expect({ winners: winners.length, losers: losers.map((b) => b.errors!.map((e) => e.extensions?.code).join()) }).toEqual({
      winners: 1,
      losers: Array(9).fill('CONFLICT'),
    });
    const winner = winners[0].data!.updateCase;
    expect(winner.version).toBe(c.version + 1);
    const [row] = await hub.ownerSql<{ title: string; version: number }>('select title, version from tasking_case where id = $1', [c.id]);
    expect(row).toEqual({ title: winner.title, version: c.version + 1 });
    expect(titles).toContain(row.title);
    expect((await eventsOf(c.id)).length).toBe(eventsBefore + 1);
  });

  it('two updateAction calls marking the same action DONE: one wins, the other gets CONFLICT, one ACTION_COMPLETED event', async () => {
    const c = await openCase({ status: 'OPEN' });
    const assigned = await as(CHAIR, AssignActionDocument, {
      input: { caseId: c.id, title: 'Clear the alley', agencyId: '2', dueOn: iso(10) },
    });
    expect(assigned.errors).toBeUndefined();
    const action = assigned.data!.assignAction;
    const bodies = await Promise.all(
      ['Cleared by us', 'Cleared by them'].map((outcome, i) =>
        as(i ? MEMBER : CHAIR, UpdateActionDocument, { input: { id: action.id, version: action.version, status: 'DONE', outcome } }),
      ),
    );
    const winners = bodies.filter((b) => !b.errors);
    expect(winners).toHaveLength(1);
    expect(bodies.filter((b) => b.errors).map((b) => b.errors![0].extensions?.code)).toEqual(['CONFLICT']);
    const won = winners[0].data!.updateAction;
    expect(won).toMatchObject({ status: 'DONE', version: action.version + 1 });
    const [row] = await hub.ownerSql<{ status: string; outcome: string; version: number; completed_at: Date | null }>(
      'select status, outcome, version, completed_at from case_action where id = $1',
      [action.id],
    );
    expect(row).toMatchObject({ status: 'DONE', outcome: won.outcome, version: action.version + 1 });
    expect(row.completed_at).toBeInstanceOf(Date);
    const events = await hub.ownerSql<{ type: string }>(`select type from outbox_event where payload->>'actionId' = $1 order by txid, id`, [
      action.id,
    ]);
    expect(events.map((e) => e.type)).toEqual(['ACTION_ASSIGNED', 'ACTION_COMPLETED']);
  });
});

describe('concurrent writes and the connection pool', () => {
  it('a write needs one pooled connection, not two: it succeeds on a pool of one', async () => {
    // Each write holds one connection for its transaction. If it also asks the pool for a second
    // connection while holding the first (a read outside its transaction), N concurrent writes on a
    // pool of N wait on each other until the pool's acquire timeout (60 s by default) and fail.
    // A pool of one shows that with a single write; a short acquire timeout makes it fail fast.
    const orm = await MikroORM.init({
      ...ormOptions({ clientUrl: hub.db.url, role: APP_ROLE, poolMax: 1 }),
      driverOptions: { acquireConnectionTimeout: 3000 },
    });
    try {
      const viewer = await loadViewer(orm.em.fork(), 1, 'jwt', null);
      const before = await state('6');
      const outcome = await addCaseNote(
        orm.em.fork() as EntityManager,
        viewer,
        { caseId: '6', text: 'Written on a pool of one' },
        hub.app.bus,
      ).then(
        (c) => `case ${c.id} updated`,
        (err: unknown) => `failed: ${String(err instanceof Error ? err.message : err).split('\n')[0]}`,
      );
      expect(outcome).toBe('case 6 updated');
      expect((await state('6')).counts.notes).toBe(before.counts.notes + 1);
    } finally {
      await orm.close(true);
    }
  });
});
