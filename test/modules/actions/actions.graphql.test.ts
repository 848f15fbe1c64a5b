import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  AssignActionDocument,
  OverdueActionsByAgencyDocument,
  UpdateActionDocument,
  type AssignActionInput,
} from '../../generated/graphql';
import { useTestApp, type GraphQLResult } from '../../support/app';

/** Actions on cases through GraphQL: assigning, completing, refusals, and the overdue job. */

// The overdue job runs only when a test asks for it.
const hub = useTestApp({ OVERDUE_CHECK_SECONDS: '86400' });

const NORTH_CASE = '6'; // NJTG, OPEN in the seed
const CHAIR = 'seed:north-chair';
const MEMBER = 'seed:north-police';
const POLICE = '7'; // South Yorkshire Police
const HOUSING = '6'; // Housing (RMBC)
const USER = { northChair: '1', northHousing: '2', northPolice: '5' } as const;

async function as<T, V>(subject: string, document: TypedDocumentNode<T, V>, variables: V): Promise<GraphQLResult<T>> {
  return (await hub.gqlAs(subject, document, variables)).body;
}

const iso = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function counts(): Promise<{ actions: number; events: number }> {
  const [row] = await hub.ownerSql<{ actions: number; events: number }>(
    'select (select count(*)::int from case_action) as actions, (select count(*)::int from outbox_event) as events',
  );
  return row;
}

async function actionRow(id: string) {
  const [row] = await hub.ownerSql<{ status: string; outcome: string | null; version: number; completed_at: Date | null; due_on: Date }>(
    'select status, outcome, version, completed_at, due_on from case_action where id = $1',
    [id],
  );
  return row;
}

async function eventsOf(actionId: string): Promise<{ type: string; channel: string; payload: Record<string, unknown> }[]> {
  return hub.ownerSql(`select type, channel, payload from outbox_event where payload->>'actionId' = $1 order by txid, id`, [actionId]);
}

async function assign(overrides: Partial<AssignActionInput> = {}, subject = CHAIR) {
  const body = await as(subject, AssignActionDocument, {
    input: { caseId: NORTH_CASE, title: 'Patrol the parade at night', agencyId: POLICE, dueOn: iso(14), ...overrides },
  });
  expect(body.errors).toBeUndefined();
  return body.data!.assignAction;
}

describe('assignAction', () => {
  it('creates an OPEN action at version 1 and one ACTION_ASSIGNED event naming the group, case and action', async () => {
    const before = await counts();
    const body = await as(MEMBER, AssignActionDocument, {
      input: { caseId: NORTH_CASE, title: '  Visit the flats  ', agencyId: POLICE, assigneeId: USER.northPolice, dueOn: iso(7) },
    });
    expect(body.errors).toBeUndefined();
    const action = body.data!.assignAction;
    expect(action).toEqual({
      id: expect.any(String),
      title: 'Visit the flats',
      status: 'OPEN',
      dueOn: iso(7),
      version: 1,
      assignedAgency: { id: POLICE },
      assignedTo: { id: USER.northPolice },
      case: { id: NORTH_CASE },
    });
    expect(await counts()).toEqual({ actions: before.actions + 1, events: before.events + 1 });
    expect(await eventsOf(action.id)).toEqual([
      { type: 'ACTION_ASSIGNED', channel: 'group:1', payload: { groupId: 1, caseId: Number(NORTH_CASE), actionId: Number(action.id) } },
    ]);
  });

  it('refuses an assignee from another agency, naming assigneeId, and writes nothing', async () => {
    const before = await counts();
    // The north chair works for Neighbourhoods, not the police.
    const body = await as(CHAIR, AssignActionDocument, {
      input: { caseId: NORTH_CASE, title: 'Patrol', agencyId: POLICE, assigneeId: USER.northChair, dueOn: iso(7) },
    });
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'assigneeId' });
    expect(body.errors![0].message).toBe(
      'Nadia Exampleton does not work for South Yorkshire Police; assign someone from that agency or no one.',
    );
    expect(await counts()).toEqual(before);
    // The same person is fine for their own agency.
    const ok = await as(CHAIR, AssignActionDocument, {
      input: { caseId: NORTH_CASE, title: 'Patrol', agencyId: '1', assigneeId: USER.northChair, dueOn: iso(7) },
    });
    expect(ok.errors).toBeUndefined();
  });

  it('refuses an unknown agency or assignee, naming each', async () => {
    const before = await counts();
    const body = await as(CHAIR, AssignActionDocument, {
      input: { caseId: NORTH_CASE, title: 'Patrol', agencyId: '999999', assigneeId: '999999', dueOn: iso(7) },
    });
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'agencyId' });
    expect((body.errors![0].extensions?.problems ?? []).map((p) => p.field)).toEqual(['agencyId', 'assigneeId']);
    expect(await counts()).toEqual(before);
  });

  it('refuses a due date in the past, naming dueOn, and writes nothing', async () => {
    const before = await counts();
    const body = await as(CHAIR, AssignActionDocument, {
      input: { caseId: NORTH_CASE, title: 'Patrol', agencyId: POLICE, dueOn: iso(-7) },
    });
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dueOn' });
    expect(await counts()).toEqual(before);
  });
});

describe('updateAction', () => {
  it('refuses DONE without an outcome, naming outcome, and writes nothing', async () => {
    const action = await assign();
    for (const outcome of [undefined, '   ']) {
      const before = await counts();
      const body = await as(CHAIR, UpdateActionDocument, { input: { id: action.id, version: action.version, status: 'DONE', outcome } });
      expect(body.data).toBeNull();
      expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'outcome' });
      expect(body.errors![0].message).toMatch(/needs an 'outcome'/);
      expect(await counts()).toEqual(before);
      expect(await actionRow(action.id)).toMatchObject({ status: 'OPEN', version: 1, completed_at: null });
    }
  });

  it('marks an action DONE with its outcome: completedAt set, version up, one ACTION_COMPLETED event', async () => {
    const action = await assign();
    const progress = await as(MEMBER, UpdateActionDocument, { input: { id: action.id, version: 1, status: 'IN_PROGRESS' } });
    expect(progress.data!.updateAction).toMatchObject({ status: 'IN_PROGRESS', version: 2, completedAt: null });
    const sentAt = Date.now();
    const done = await as(MEMBER, UpdateActionDocument, {
      input: { id: action.id, version: 2, status: 'DONE', outcome: '  Two arrests; dispersal order served  ' },
    });
    const answeredAt = Date.now();
    expect(done.errors).toBeUndefined();
    const result = done.data!.updateAction;
    expect(result).toMatchObject({ status: 'DONE', outcome: 'Two arrests; dispersal order served', version: 3 });
    // Completed while the request was being served (to the database clock's millisecond rounding).
    expect(new Date(result.completedAt!).getTime()).toBeGreaterThanOrEqual(sentAt - 1);
    expect(new Date(result.completedAt!).getTime()).toBeLessThanOrEqual(answeredAt + 1);
    expect((await eventsOf(action.id)).map((e) => e.type)).toEqual(['ACTION_ASSIGNED', 'ACTION_UPDATED', 'ACTION_COMPLETED']);
    // A DONE action cannot go back.
    const back = await as(MEMBER, UpdateActionDocument, { input: { id: action.id, version: 3, status: 'OPEN' } });
    expect(back.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    expect(await actionRow(action.id)).toMatchObject({ status: 'DONE', version: 3 });
  });

  it('refuses setting OVERDUE by hand, naming status, and writes nothing', async () => {
    const action = await assign();
    const before = await counts();
    const body = await as(CHAIR, UpdateActionDocument, { input: { id: action.id, version: 1, status: 'OVERDUE' } });
    expect(body.data).toBeNull();
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    expect(body.errors![0].message).toBe('The hub marks actions OVERDUE itself when their due date passes.');
    expect(await counts()).toEqual(before);
    expect(await actionRow(action.id)).toMatchObject({ status: 'OPEN', version: 1 });
  });

  it('refuses a stale version with CONFLICT and writes nothing', async () => {
    const action = await assign();
    expect((await as(CHAIR, UpdateActionDocument, { input: { id: action.id, version: 1, status: 'IN_PROGRESS' } })).errors).toBeUndefined();
    const before = await counts();
    const body = await as(CHAIR, UpdateActionDocument, { input: { id: action.id, version: 1, dueOn: iso(30) } });
    expect(body.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'version', expected: 1, actual: 2 });
    expect(await counts()).toEqual(before);
  });
});

describe('overdue detection', () => {
  async function insertAction(dueOn: string, status = 'OPEN'): Promise<string> {
    const [row] = await hub.ownerSql<{ id: number }>(
      `insert into case_action (case_id, title, assigned_agency_id, due_on, status) values ($1, 'Fixture: remove the abandoned car', $2, $3, $4) returning id`,
      [NORTH_CASE, HOUSING, dueOn, status],
    );
    return String(row.id);
  }

  beforeAll(async () => {
    // The seed has actions already past due: let the job deal with them first.
    expect(await hub.app.scheduler.runNow('overdue-actions')).toBe(true);
  });

  it('marks an OPEN action due last week OVERDUE with exactly one ACTION_OVERDUE event; running again adds none', async () => {
    const late = await insertAction(iso(-7));
    const lateInProgress = await insertAction(iso(-1), 'IN_PROGRESS');
    const dueToday = await insertAction(iso(0));
    const done = await insertAction(iso(-7), 'DONE');

    expect(await hub.app.scheduler.runNow('overdue-actions')).toBe(true);

    expect(await actionRow(late)).toMatchObject({ status: 'OVERDUE', version: 2 });
    expect(await actionRow(lateInProgress)).toMatchObject({ status: 'OVERDUE', version: 2 });
    expect(await actionRow(dueToday)).toMatchObject({ status: 'OPEN', version: 1 });
    expect(await actionRow(done)).toMatchObject({ status: 'DONE', version: 1 });
    expect(await eventsOf(late)).toEqual([
      { type: 'ACTION_OVERDUE', channel: 'group:1', payload: { groupId: 1, caseId: Number(NORTH_CASE), actionId: Number(late) } },
    ]);
    expect((await eventsOf(lateInProgress)).map((e) => e.type)).toEqual(['ACTION_OVERDUE']);
    expect(await eventsOf(dueToday)).toEqual([]);
    expect(await eventsOf(done)).toEqual([]);

    const before = await counts();
    expect(await hub.app.scheduler.runNow('overdue-actions')).toBe(true);
    expect(await counts()).toEqual(before);
    expect((await eventsOf(late)).map((e) => e.type)).toEqual(['ACTION_OVERDUE']);
    expect(await actionRow(late)).toMatchObject({ status: 'OVERDUE', version: 2 });

    // An OVERDUE action given a new due date by a member is OPEN again.
    const moved = await as(CHAIR, UpdateActionDocument, { input: { id: late, version: 2, dueOn: iso(5) } });
    expect(moved.data!.updateAction).toMatchObject({ status: 'OPEN', dueOn: iso(5), version: 3 });
  });

  it('the overdueActions aggregate counts the action as overdue for its agency', async () => {
    const overdue = async () => (await as('seed:analyst', OverdueActionsByAgencyDocument, {})).data!.overdueActions;
    const before = (await overdue()).find((r) => r.agency.id === HOUSING) ?? {
      open: 0,
      overdue: 0,
    };
    await insertAction(iso(-3));
    expect(await hub.app.scheduler.runNow('overdue-actions')).toBe(true);
    const after = (await overdue()).find((r) => r.agency.id === HOUSING);
    expect(after).toMatchObject({ open: before.open + 1, overdue: before.overdue + 1 });
  });
});
