import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { GraphQLEnumType, print, type GraphQLObjectType } from 'graphql';
import type { Client } from 'graphql-ws';
import { Client as PgClient } from 'pg';
import { housingImporter } from '../../src/modules/housing/housing.importer';
import { importFile } from '../../src/modules/imports/import.service';
import {
  AssignActionDocument,
  CaseActionVersionsDocument,
  ChangeCaseStatusDocument,
  GroupMeetingsDocument,
  GroupUpdatesCursorDocument,
  LocalityDocument,
  OpenCaseDocument,
  QueryTypenameDocument,
  RaiseNeighbourhoodIssueDocument,
  RecordDecisionDocument,
  RespondToNeighbourhoodIssueDocument,
  ScheduleMeetingDocument,
  UpdateActionDocument,
  UpdateCaseDocument,
} from '../generated/graphql';
import { useTestApp } from '../support/app';
import { CALLERS, Callers, type Body, type Caller } from '../support/callers';
import { useCleanup } from '../support/cleanup';
import { fixture } from '../support/imports';
import { fieldOf, isRecord, valueAt } from '../support/narrow';
import { fullSelection, type Step } from '../support/walk';
import { collect, runOverSocket, type Collected } from '../support/ws';
import { Expectations, NORTH_JTG, NORTH_NEIGHBOURHOOD_MEETING, SAMPLES } from './expectations';

/**
 * Walks the subscriptions as a tasking-group chair and a dashboard live panel use them: every caller
 * subscribes over graphql-ws selecting every field of the event (its scalars and enums, and one level
 * into what it links to); the test then causes one event of every `TaskingEventType` (read from the
 * schema, so a new type fails here until a step below causes it) and one `dataRefreshed`. Each event
 * must arrive as data with no error, replayed from a cursor as well as live; callers the access rules
 * keep out must get exactly their documented error.
 */

const hub = useTestApp({ OVERDUE_CHECK_SECONDS: '86400' });
const callers = new Callers(hub);
const expected = new Expectations(() => hub.app.schema);
const cleanup = useCleanup();

beforeAll(async () => {
  await callers.init('Subscription walk');
  await expected.learn(callers);
});

function socket(caller: Caller): Client {
  const client = callers.socket(caller);
  cleanup(() => client.dispose());
  return client;
}

const subscriptionType = () => hub.app.schema.getSubscriptionType()!;
const objectType = (name: string) => hub.app.schema.getType(name) as GraphQLObjectType;

/** `subscription { field(args) { every field } }`, with its path for the expectations. */
function subscriptionOf(fieldName: string, args: string): { document: string; path: Step[]; type: GraphQLObjectType } {
  const field = subscriptionType().getFields()[fieldName];
  const type = objectType(String(field.type).replace(/!$/, ''));
  return {
    document: `subscription { ${fieldName}${args} ${fullSelection(SAMPLES, type)} }`,
    path: [{ parent: subscriptionType(), field: field as Step['field'] }],
    type,
  };
}

/** Every result and the ending's errors as one body per result, for the expectations' checks (a socket failure as an error with no code). */
function bodies(sub: Collected<unknown>): Body[] {
  const out: Body[] = sub.results.map((r) => ({ data: r.data, errors: r.errors }));
  if (sub.ended?.errors.length) out.push({ data: null, errors: sub.ended.errors.map((e) => (typeof e === 'string' ? { message: e } : e)) });
  return out;
}

/** Runs an operation as the north chair and returns its data, failing with the errors if there are any. */
async function act<T, V>(document: TypedDocumentNode<T, V>, variables: V): Promise<T> {
  const body = await callers.gql('northChair', document, variables);
  if (body.errors?.length || !body.data) throw new Error(`${print(document)}\n${JSON.stringify(body.errors)}`);
  return body.data;
}

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * One of each kind of change a North group sees, made through the API as its chair would (and, for
 * ACTION_OVERDUE, a day passing and the hub's own overdue check). Returns the event types caused.
 */
async function causeEveryTaskingEvent(): Promise<void> {
  const { locality } = await act(LocalityDocument, { name: 'North' });
  const wardCode = locality.wards[0].code;
  const { openCase } = await act(OpenCaseDocument, {
    input: {
      groupId: String(NORTH_JTG),
      title: 'Subscription walk: fly-tipping behind the shops',
      category: 'FLY_TIPPING',
      wardCode,
      location: 'Rear of 1-9 Example Parade',
      riskLevel: 'MEDIUM',
      leadAgencyId: '1',
      status: 'OPEN',
      people: [{ name: 'A Resident', role: 'RESIDENT' }],
    },
  });
  const caseId = openCase.id;
  let version = (await act(UpdateCaseDocument, { input: { id: caseId, version: openCase.version, riskLevel: 'HIGH' } })).updateCase.version;

  const { assignAction } = await act(AssignActionDocument, {
    input: { caseId, agencyId: '1', title: 'Clear the rubbish and check for evidence', dueOn: today() },
  });
  // A day passes: the action's due date is now behind it, and the hub's overdue check marks it.
  const pg = new PgClient({ connectionString: hub.db.url });
  await pg.connect();
  try {
    await pg.query(`update case_action set due_on = current_date - 1 where id = $1`, [assignAction.id]);
  } finally {
    await pg.end();
  }
  expect(await hub.app.scheduler.runNow('overdue-actions')).toBe(true);
  const actionVersion = async () =>
    (await act(CaseActionVersionsDocument, { id: caseId })).case.actions.find((a) => a.id === assignAction.id)!.version;
  await act(UpdateActionDocument, {
    input: { id: assignAction.id, version: await actionVersion(), status: 'IN_PROGRESS', dueOn: inDays(7) },
  });
  await act(UpdateActionDocument, {
    input: { id: assignAction.id, version: await actionVersion(), status: 'DONE', outcome: 'Rubbish cleared; no evidence found.' },
  });

  for (const status of ['ESCALATED', 'CLOSED'] as const) {
    version = (await act(ChangeCaseStatusDocument, { input: { id: caseId, version, status, reason: 'Subscription walk' } }))
      .changeCaseStatus.version;
  }

  await act(ScheduleMeetingDocument, {
    input: { groupId: String(NORTH_JTG), startsAt: `${inDays(14)}T10:00:00Z`, venue: 'Town Hall', agendaCaseIds: [caseId] },
  });
  const { meetings } = await act(GroupMeetingsDocument, { groupId: String(NORTH_JTG) });
  const held = meetings.nodes.find((m) => new Date(m.startsAt) < new Date());
  if (!held) throw new Error('The seed has no past meeting of the North JTG to record a decision for');
  await act(RecordDecisionDocument, { input: { meetingId: held.id, caseId, text: 'Agreed: Environmental Enforcement to lead.' } });

  const { raiseNeighbourhoodIssue: issue } = await act(RaiseNeighbourhoodIssueDocument, {
    input: {
      groupId: String(NORTH_NEIGHBOURHOOD_MEETING),
      category: 'ENVIRONMENTAL',
      wardCode,
      summary: 'Subscription walk: graffiti on the play area walls.',
      raisedOn: today(),
      responseDueOn: inDays(28),
    },
  });
  await act(RespondToNeighbourhoodIssueDocument, {
    input: { id: issue.id, version: issue.version, respondedOn: today(), response: 'Graffiti removed by the council.' },
  });
}

/** Which linked object each kind of event must carry, by the prefix of its type. */
const LINKED: Record<string, string> = { CASE: 'case', ACTION: 'action', MEETING: 'meeting', DECISION: 'decision', ISSUE: 'issue' };

/** One taskingGroupUpdates event of the walk's made-up selection: the fields read by name, the rest compared whole. */
type Event = { cursor: string; type: string; occurredAt: string } & Record<string, unknown>;

/** The event in a result, checked to carry the fields read by name. */
function eventOf(data: unknown): Event {
  const event = fieldOf(data, 'taskingGroupUpdates');
  if (!isRecord(event) || typeof event.cursor !== 'string' || typeof event.type !== 'string' || typeof event.occurredAt !== 'string')
    throw new Error(`Not a taskingGroupUpdates event: ${JSON.stringify(data)}`);
  return { ...event, cursor: event.cursor, type: event.type, occurredAt: event.occurredAt };
}

describe('every subscription answers every field, for every caller, over graphql-ws', () => {
  it('taskingGroupUpdates: one event of every type, live and replayed, with every field', async () => {
    const eventTypes = (hub.app.schema.getType('TaskingEventType') as GraphQLEnumType).getValues().map((v) => v.name);
    // Where the chair's page stands before anything changes; subscribing from it misses nothing.
    const start = await callers.gql('northChair', GroupUpdatesCursorDocument, { locality: 'North' });
    expect(start.errors).toBeUndefined();
    const since = start.data!.taskingGroupUpdatesCursor;
    const { document, path, type } = subscriptionOf('taskingGroupUpdates', `(locality: "North", since: ${JSON.stringify(since)})`);

    const subs = new Map(CALLERS.map((caller) => [caller, collect(socket(caller), document)]));
    await causeEveryTaskingEvent();

    for (const caller of CALLERS) {
      const sub = subs.get(caller)!;
      if (expected.rootOutcome(caller, 'Subscription.taskingGroupUpdates')) {
        await sub.until(() => false, 10_000).catch(() => undefined);
        expect({ caller, ended: !!sub.ended }).toEqual({ caller, ended: true });
      } else {
        // Stop at the first error: the checks below then say what it was.
        await sub.until(
          (rs) =>
            rs.some((r) => r.errors?.length) ||
            eventTypes.every((t) => rs.some((r) => valueAt(r.data, 'taskingGroupUpdates', 'type') === t)),
        );
      }
      sub.stop();
      const problems = bodies(sub).flatMap((body) => expected.check(caller, path, type, body));
      expect({ caller, problems }).toEqual({ caller, problems: [] });
    }

    const live = subs.get('northChair')!.results.map((r) => eventOf(r.data));
    expect([...new Set(live.map((e) => e.type))].sort()).toEqual([...eventTypes].sort());
    for (const event of live) {
      expect(Number.isNaN(Date.parse(event.occurredAt))).toBe(false);
      const linked = LINKED[event.type.split('_')[0]];
      expect({ type: event.type, [linked]: event[linked] != null }).toEqual({ type: event.type, [linked]: true });
    }

    // A chair whose connection dropped resubscribes from the first event's cursor: the rest is replayed, every field answering.
    const replay = collect(
      socket('northChair'),
      subscriptionOf('taskingGroupUpdates', `(locality: "North", since: ${JSON.stringify(live[0].cursor)})`).document,
    );
    await replay.until((rs) => rs.length >= live.length - 1);
    replay.stop();
    expect(replay.results.flatMap((r) => r.errors ?? [])).toEqual([]);
    // Linked objects are shown as they are now (the schema says so); the events themselves must match.
    const own = (e: Event) => ({ cursor: e.cursor, type: e.type, occurredAt: e.occurredAt, group: e.group });
    expect(replay.results.map((r) => own(eventOf(r.data)))).toEqual(live.slice(1).map(own));
  });

  it('dataRefreshed: an import arrives with every field, for every caller allowed to listen', async () => {
    const { document, path, type } = subscriptionOf('dataRefreshed', '');
    const clients = new Map(CALLERS.map((caller) => [caller, socket(caller)]));
    const subs = new Map(CALLERS.map((caller) => [caller, collect(clients.get(caller)!, document)]));
    // dataRefreshed has no cursor: wait until each socket has answered a query sent after its subscription.
    for (const caller of CALLERS) await runOverSocket(clients.get(caller)!, QueryTypenameDocument);
    await new Promise((r) => setTimeout(r, 300));

    const pg = new PgClient({ connectionString: hub.db.url });
    await pg.connect();
    try {
      await importFile(pg, housingImporter, fixture('housing', 'good.csv'), { who: 'subscription walk' });
    } finally {
      await pg.end();
    }

    for (const caller of CALLERS) {
      const sub = subs.get(caller)!;
      if (expected.rootOutcome(caller, 'Subscription.dataRefreshed')) await sub.until(() => false, 5_000).catch(() => undefined);
      else await sub.until((rs) => rs.length >= 1);
      sub.stop();
      const problems = bodies(sub).flatMap((body) => expected.check(caller, path, type, body));
      expect({ caller, problems }).toEqual({ caller, problems: [] });
      if (!expected.rootOutcome(caller, 'Subscription.dataRefreshed'))
        expect(valueAt(sub.results[0].data, 'dataRefreshed', 'kinds')).toEqual(['housing']);
    }
  });
});
