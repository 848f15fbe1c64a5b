import type { Client } from 'graphql-ws';
import { GroupUpdatesDocument, type GroupUpdatesSubscription } from '../../generated/graphql';
import { startTestApp, type TestApp } from '../../support/app';
import { useCleanup } from '../../support/cleanup';
import { collect, socketClient, type Collected } from '../../support/ws';

// One execution per event per operation and access scope (src/server/live-execution.ts): many
// subscriptions of one account with the same selection share one; other accounts run their own and
// get only the events of their own groups.
let hub: TestApp;
const clients: Client[] = [];
const cleanup = useCleanup();

beforeAll(async () => {
  hub = await startTestApp({ MAX_SUBSCRIPTIONS_PER_CONNECTION: '20' });
  cleanup(() => hub.close());
  cleanup(() => Promise.all(clients.map(async (c) => c.dispose())));
});

const open = (subject: string) => {
  const client = socketClient(hub, subject);
  clients.push(client);
  return client;
};

async function groupId(code: string): Promise<number> {
  const [row] = await hub.ownerSql<{ id: number }>('select id from tasking_group where code = $1', [code]);
  return row.id;
}

/** Commits `n` events on a group's channel as another process would, waking the hub. */
async function write(group: number, n: number): Promise<void> {
  await hub.ownerSql(
    `with ins as (insert into outbox_event (channel, type, payload) select $1, 'CASE_UPDATED', jsonb_build_object('groupId', $2::int) from generate_series(1, $3) returning txid, id)
     select pg_notify('hub_outbox', $1 || ' ' || max(txid::text::numeric)::text || '.' || max(id)::text) from ins`,
    [`group:${group}`, group, n],
  );
}

const groupsOf = (sub: Collected<GroupUpdatesSubscription>) => sub.results.map((r) => r.data?.taskingGroupUpdates.group.id);

it('runs one execution per event for 50 subscriptions of one account with the same selection, and keeps other scopes apart', async () => {
  const [njtg, nnm, cjtg] = await Promise.all(['NJTG', 'NNM', 'CJTG'].map(groupId));
  // north-housing is in NJTG only; north-police in NJTG and NNM; central-chair in Central's groups.
  const housing = Array.from({ length: 5 }, () => open('seed:north-housing')).flatMap((c) =>
    Array.from({ length: 10 }, () => collect(c, GroupUpdatesDocument, { locality: 'North' })),
  );
  const police = collect(open('seed:north-police'), GroupUpdatesDocument, { locality: 'North' });
  const [{ head }] = await hub.ownerSql<{ head: string }>(
    `select txid::text || '.' || id::text as head from outbox_event order by txid desc, id desc limit 1`,
  );
  const central = collect(open('seed:central-chair'), GroupUpdatesDocument, { locality: 'Central', since: head });
  // Every stream running before anything is written.
  const streams = () => hub.app.live.feed.openCount;
  for (let i = 0; streams() < 52 && i < 400; i += 1) await new Promise((r) => setTimeout(r, 25));
  expect(streams()).toBe(52);

  const before = { ...hub.app.live.executions };
  await write(njtg, 3);
  await write(nnm, 2);
  await write(cjtg, 1);
  await Promise.all(housing.map((s) => s.until((rs) => rs.length >= 3)));
  await police.until((rs) => rs.length >= 5);
  await central.until((rs) => rs.length >= 1);
  await new Promise((r) => setTimeout(r, 300)); // anything extra would have come by now

  for (const s of housing) {
    expect(s.results.every((r) => r.errors === undefined)).toBe(true);
    expect(groupsOf(s)).toEqual([njtg, njtg, njtg].map(String));
  }
  expect(groupsOf(police).sort()).toEqual([njtg, njtg, njtg, nnm, nnm].map(String).sort());
  expect(groupsOf(central)).toEqual([String(cjtg)]);

  // Housing's 50 share one execution per event (3); police runs its own 5, central its 1.
  const executions = hub.app.live.executions.executions - before.executions;
  const shared = hub.app.live.executions.shared - before.shared;
  expect(executions).toBe(3 + 5 + 1);
  expect(shared).toBe(49 * 3);
});
