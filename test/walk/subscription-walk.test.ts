import { GraphQLEnumType, type GraphQLObjectType } from 'graphql';
import { Client as PgClient } from 'pg';
import type { Client } from 'graphql-ws';
import { housingImporter } from '../../src/modules/housing/housing.importer';
import { importFile } from '../../src/modules/imports/import.service';
import { useTestApp } from '../support/app';
import { CALLERS, Callers, type Body, type Caller } from '../support/callers';
import { fixture } from '../support/imports';
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
const sockets: Client[] = [];

beforeAll(async () => {
  await callers.init('Subscription walk');
  await expected.learn(callers);
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.dispose()));
});

function socket(caller: Caller): Client {
  const client = callers.socket(caller);
  sockets.push(client);
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

/** Every result and the ending's errors as one body per result, for the expectations' checks. */
function bodies<T>(sub: Collected<T>): Body[] {
  const out: Body[] = sub.results.map((r) => ({ data: r.data, errors: r.errors as Body['errors'] }));
  if (sub.ended?.errors.length) out.push({ data: null, errors: sub.ended.errors as Body['errors'] });
  return out;
}

/** Runs a mutation as the north chair and returns its data, failing with the errors if there are any. */
async function act<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await callers.run('northChair', query, variables);
  if (body.errors?.length || !body.data) throw new Error(`${query}\n${JSON.stringify(body.errors)}`);
  return body.data as T;
}

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * One of each kind of change a North group sees, made through the API as its chair would (and, for
 * ACTION_OVERDUE, a day passing and the hub's own overdue check). Returns the event types caused.
 */
async function causeEveryTaskingEvent(): Promise<void> {
  const { locality } = await act<{ locality: { wards: { code: string }[] } }>('{ locality(name: "North") { wards { code } } }');
  const wardCode = locality.wards[0].code;
  const { openCase } = await act<{ openCase: { id: string; version: number } }>(
    `mutation ($input: OpenCaseInput!) { openCase(input: $input) { id version } }`,
    {
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
    },
  );
  const caseId = openCase.id;
  let version = (
    await act<{ updateCase: { version: number } }>(`mutation ($input: UpdateCaseInput!) { updateCase(input: $input) { version } }`, {
      input: { id: caseId, version: openCase.version, riskLevel: 'HIGH' },
    })
  ).updateCase.version;

  const { assignAction } = await act<{ assignAction: { id: string } }>(
    `mutation ($input: AssignActionInput!) { assignAction(input: $input) { id version } }`,
    { input: { caseId, agencyId: '1', title: 'Clear the rubbish and check for evidence', dueOn: today() } },
  );
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
    (
      await act<{ case: { actions: { id: string; version: number }[] } }>(`{ case(id: "${caseId}") { actions { id version } } }`)
    ).case.actions.find((a) => a.id === assignAction.id)!.version;
  await act(`mutation ($input: UpdateActionInput!) { updateAction(input: $input) { id } }`, {
    input: { id: assignAction.id, version: await actionVersion(), status: 'IN_PROGRESS', dueOn: inDays(7) },
  });
  await act(`mutation ($input: UpdateActionInput!) { updateAction(input: $input) { id } }`, {
    input: { id: assignAction.id, version: await actionVersion(), status: 'DONE', outcome: 'Rubbish cleared; no evidence found.' },
  });

  for (const status of ['ESCALATED', 'CLOSED']) {
    version = (
      await act<{ changeCaseStatus: { version: number } }>(
        `mutation ($input: ChangeCaseStatusInput!) { changeCaseStatus(input: $input) { version } }`,
        {
          input: { id: caseId, version, status, reason: 'Subscription walk' },
        },
      )
    ).changeCaseStatus.version;
  }

  await act(`mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`, {
    input: { groupId: String(NORTH_JTG), startsAt: `${inDays(14)}T10:00:00Z`, venue: 'Town Hall', agendaCaseIds: [caseId] },
  });
  const { meetings } = await act<{ meetings: { nodes: { id: string; startsAt: string }[] } }>(
    `{ meetings(groupId: "${NORTH_JTG}", first: 50) { nodes { id startsAt } } }`,
  );
  const held = meetings.nodes.find((m) => new Date(m.startsAt) < new Date());
  if (!held) throw new Error('The seed has no past meeting of the North JTG to record a decision for');
  await act(`mutation ($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }`, {
    input: { meetingId: held.id, caseId, text: 'Agreed: Environmental Enforcement to lead.' },
  });

  const { raiseNeighbourhoodIssue: issue } = await act<{ raiseNeighbourhoodIssue: { id: string; version: number } }>(
    `mutation ($input: RaiseNeighbourhoodIssueInput!) { raiseNeighbourhoodIssue(input: $input) { id version } }`,
    {
      input: {
        groupId: String(NORTH_NEIGHBOURHOOD_MEETING),
        category: 'ENVIRONMENTAL',
        wardCode,
        summary: 'Subscription walk: graffiti on the play area walls.',
        raisedOn: today(),
        responseDueOn: inDays(28),
      },
    },
  );
  await act(`mutation ($input: RespondToNeighbourhoodIssueInput!) { respondToNeighbourhoodIssue(input: $input) { id } }`, {
    input: { id: issue.id, version: issue.version, respondedOn: today(), response: 'Graffiti removed by the council.' },
  });
}

/** Which linked object each kind of event must carry, by the prefix of its type. */
const LINKED: Record<string, string> = { CASE: 'case', ACTION: 'action', MEETING: 'meeting', DECISION: 'decision', ISSUE: 'issue' };

interface Update {
  taskingGroupUpdates: { cursor: string; type: string; occurredAt: string } & Record<string, unknown>;
}

describe('every subscription answers every field, for every caller, over graphql-ws', () => {
  it('taskingGroupUpdates: one event of every type, live and replayed, with every field', async () => {
    const eventTypes = (hub.app.schema.getType('TaskingEventType') as GraphQLEnumType).getValues().map((v) => v.name);
    // Where the chair's page stands before anything changes; subscribing from it misses nothing.
    const start = await callers.run('northChair', '{ taskingGroupUpdatesCursor(locality: "North") }');
    expect(start.errors).toBeUndefined();
    const since = (start.data as { taskingGroupUpdatesCursor: string }).taskingGroupUpdatesCursor;
    const { document, path, type } = subscriptionOf('taskingGroupUpdates', `(locality: "North", since: ${JSON.stringify(since)})`);

    const subs = new Map(CALLERS.map((caller) => [caller, collect<Update>(socket(caller), document)]));
    await causeEveryTaskingEvent();

    for (const caller of CALLERS) {
      const sub = subs.get(caller)!;
      if (expected.rootOutcome(caller, 'Subscription.taskingGroupUpdates')) {
        await sub.until(() => false, 10_000).catch(() => undefined);
        expect({ caller, ended: !!sub.ended }).toEqual({ caller, ended: true });
      } else {
        // Stop at the first error: the checks below then say what it was.
        await sub.until(
          (rs) => rs.some((r) => r.errors?.length) || eventTypes.every((t) => rs.some((r) => r.data?.taskingGroupUpdates.type === t)),
        );
      }
      sub.stop();
      const problems = bodies(sub).flatMap((body) => expected.check(caller, path, type, body));
      expect({ caller, problems }).toEqual({ caller, problems: [] });
    }

    const live = subs.get('northChair')!.results.map((r) => r.data!.taskingGroupUpdates);
    expect([...new Set(live.map((e) => e.type))].sort()).toEqual([...eventTypes].sort());
    for (const event of live) {
      expect(Number.isNaN(Date.parse(event.occurredAt))).toBe(false);
      const linked = LINKED[event.type.split('_')[0]];
      expect({ type: event.type, [linked]: event[linked] != null }).toEqual({ type: event.type, [linked]: true });
    }

    // A chair whose connection dropped resubscribes from the first event's cursor: the rest is replayed, every field answering.
    const replay = collect<Update>(
      socket('northChair'),
      subscriptionOf('taskingGroupUpdates', `(locality: "North", since: ${JSON.stringify(live[0].cursor)})`).document,
    );
    await replay.until((rs) => rs.length >= live.length - 1);
    replay.stop();
    expect(replay.results.flatMap((r) => r.errors ?? [])).toEqual([]);
    // Linked objects are shown as they are now (the schema says so); the events themselves must match.
    const own = (e: Update['taskingGroupUpdates']) => ({ cursor: e.cursor, type: e.type, occurredAt: e.occurredAt, group: e.group });
    expect(replay.results.map((r) => own(r.data!.taskingGroupUpdates))).toEqual(live.slice(1).map(own));
  });

  it('dataRefreshed: an import arrives with every field, for every caller allowed to listen', async () => {
    const { document, path, type } = subscriptionOf('dataRefreshed', '');
    const clients = new Map(CALLERS.map((caller) => [caller, socket(caller)]));
    const subs = new Map(
      CALLERS.map((caller) => [caller, collect<{ dataRefreshed: { kinds: string[] } }>(clients.get(caller)!, document)]),
    );
    // dataRefreshed has no cursor: wait until each socket has answered a query sent after its subscription.
    for (const caller of CALLERS) await runOverSocket(clients.get(caller)!, '{ __typename }');
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
        expect(sub.results[0].data!.dataRefreshed.kinds).toEqual(['housing']);
    }
  });
});
