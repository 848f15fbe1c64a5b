import { Client } from 'pg';
import { startCapturingHub, type CapturedLine, type CapturingHub } from '../../support/capturing-hub';
import { useCleanup } from '../../support/cleanup';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { checkStream, LiveSubscriber } from '../../support/live-subscriber';
import { committedEvents, compareCursors, outboxHead } from '../../support/outbox';

// Two hubs on one database, both checking for overdue actions every second: the scheduler's
// advisory lock and the job's own "still OPEN?" check must together mark each action once.
jest.setTimeout(60_000);

let db: TestDatabase;
let hubA: CapturingHub;
let hubB: CapturingHub;
const cleanup = useCleanup();

async function sql<R = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<R[]> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as R[];
  } finally {
    await client.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  db = await createTestDatabase();
  cleanup(() => db.drop());
  // 'trace' logs every SQL statement, which is how each hub's runs of the job are counted.
  [hubA, hubB] = await Promise.all([
    startCapturingHub(db, { OVERDUE_CHECK_SECONDS: '1' }, 'trace'),
    startCapturingHub(db, { OVERDUE_CHECK_SECONDS: '1' }, 'trace'),
  ]);
  cleanup(() => hubA.close());
  cleanup(() => hubB.close());
});

/** What one hub did with the overdue job: runs (its UPDATE, with the rows it marked) and skipped ticks. */
function jobActivity(lines: CapturedLine[]) {
  // The log leaves values out of SQL ('OVERDUE' shows as ?): the job's statement is the one update of case_action setting status and version.
  const runs = lines.filter(
    (l) => l.msg === 'sql' && /update case_action a set status = \?, version = a\.version \+ \?/.test(String(l.orm)),
  );
  const marked = runs.map((l) => Number(/(\d+) (?:results?|rows? affected)\b/.exec(String(l.orm))?.[1] ?? NaN));
  const skipped = lines.filter((l) => l.job === 'overdue-actions' && /running in another process/.test(l.msg)).length;
  const failed = lines.filter((l) => l.job === 'overdue-actions' && l.level >= 50).length;
  return {
    runs: runs.length,
    marked: marked.reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0),
    markedPerRun: marked.filter((n) => n > 0),
    skipped,
    failed,
  };
}

it('marks 20 past-due actions OVERDUE with exactly one ACTION_OVERDUE event each, and a subscriber gets each once', async () => {
  // Let the first ticks deal with any past-due actions in the seed data before counting anything.
  await sleep(1500);
  const seedRuns = [jobActivity(hubA.lines).marked, jobActivity(hubB.lines).marked];
  const since = await outboxHead(db.url);
  const [{ case_id: caseId, group_id: groupId }] = await sql<{ case_id: number; group_id: number }>(
    `select c.id as case_id, c.group_id from tasking_case c join tasking_group g on g.id = c.group_id where g.code = 'NJTG' order by c.id limit 1`,
  );
  const [{ id: agency }] = await sql<{ id: number }>(`select id from partner order by id limit 1`);
  const subscriber = new LiveSubscriber({
    name: 'north-chair',
    url: hubA.url,
    subject: 'seed:north-chair',
    locality: 'North',
    since,
    withAction: true,
  }).start();
  cleanup(() => subscriber.stop());

  // Four batches of five, spread over several ticks, with both hubs also asked to run the job at the same moment.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const ids: number[] = [];
  const raced: boolean[][] = [];
  for (let batch = 0; batch < 4; batch += 1) {
    const rows = await sql<{ id: number }>(
      `insert into case_action (case_id, title, assigned_agency_id, due_on, status)
       select $1, 'Overdue test action ' || ($2::int * 5 + n), $3, $4::date, 'OPEN' from generate_series(1, 5) n returning id`,
      [caseId, batch, agency, yesterday],
    );
    ids.push(...rows.map((r) => r.id));
    if (batch % 2)
      raced.push(await Promise.all([hubA.app.scheduler.runNow('overdue-actions'), hubB.app.scheduler.runNow('overdue-actions')]));
    await sleep(350);
  }
  expect(ids).toHaveLength(20);
  const insertedAt = Date.now();

  const until = Date.now() + 10_000;
  for (;;) {
    const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n from case_action where id = any($1) and status = 'OVERDUE'`, [ids]);
    if (n === 20) break;
    if (Date.now() > until) throw new Error(`Only ${n} of 20 actions became OVERDUE`);
    await sleep(50);
  }
  const allOverdueMs = Date.now() - insertedAt;
  await sleep(2500); // more ticks on both hubs, which must find nothing left to do

  const events = await sql<{ cursor: string; action_id: string; case_id: string; group_id: string }>(
    `select txid::text || '.' || id::text as cursor, payload->>'actionId' as action_id, payload->>'caseId' as case_id, payload->>'groupId' as group_id
       from outbox_event where type = 'ACTION_OVERDUE' and (payload->>'actionId')::int = any($1) order by txid, id`,
    [ids],
  );
  const channel = `group:${groupId}`;
  const expected = (
    await committedEvents(
      db.url,
      (
        await sql<{ id: number }>(
          `select m.group_id as id from group_member m join hub_user u on u.id = m.user_id join tasking_group g on g.id = m.group_id join locality l on l.id = g.locality_id
      where u.subject = 'seed:north-chair' and l.name = 'North' and m.revoked_at is null`,
        )
      ).map((r) => `group:${r.id}`),
    )
  ).filter((e) => compareCursors(e.cursor, since) > 0);
  await subscriber.waitFor((s) => s.events.length >= expected.length, `${expected.length} events`, 10_000);
  await sleep(500);
  const received = subscriber.events.filter((e) => e.type === 'ACTION_OVERDUE' && ids.includes(Number(e.actionId)));

  const a = jobActivity(hubA.lines);
  const b = jobActivity(hubB.lines);
  console.log(
    `Overdue job with OVERDUE_CHECK_SECONDS=1 on two hubs (seed actions marked first: A ${seedRuns[0]}, B ${seedRuns[1]}): hub A ran it ${a.runs} times (marked ${a.markedPerRun.join('+') || 0}), skipped ${a.skipped} ticks; ` +
      `hub B ran it ${b.runs} times (marked ${b.markedPerRun.join('+') || 0}), skipped ${b.skipped}; concurrent runNow pairs returned ${JSON.stringify(raced)}; ` +
      `all 20 OVERDUE ${allOverdueMs} ms after the last insert; ${events.length} ACTION_OVERDUE events for them; the subscriber got ${received.length}.`,
  );
  expect(events).toHaveLength(20);
  expect(new Set(events.map((e) => Number(e.action_id)))).toEqual(new Set(ids));
  expect(events.every((e) => Number(e.case_id) === caseId && Number(e.group_id) === groupId)).toBe(true);
  // Both hubs took part: each ticked (ran the job or found it running elsewhere) several times, and
  // each of the concurrent runNow pairs ran the job in exactly one hub, or in both one after the other.
  expect(a.runs + a.skipped).toBeGreaterThanOrEqual(3);
  expect(b.runs + b.skipped).toBeGreaterThanOrEqual(3);
  expect(a.failed + b.failed).toBe(0);
  // Between them the hubs' UPDATEs marked exactly these 20 rows.
  expect(a.marked + b.marked - seedRuns[0] - seedRuns[1]).toBe(20);
  expect(raced.every((pair) => pair.some(Boolean))).toBe(true);
  // The subscriber: each action's event exactly once, and its whole stream exactly what was committed.
  expect(received.map((e) => Number(e.actionId)).sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
  expect(received.every((e) => e.groupId === String(groupId) && `group:${e.groupId}` === channel)).toBe(true);
  expect(checkStream(subscriber.events, expected)).toEqual([]);
  expect(subscriber.errors).toEqual([]);
});
