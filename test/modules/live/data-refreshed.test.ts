import { Client } from 'pg';
import { housingImporter } from '../../../src/modules/housing/housing.importer';
import { DATA_CHANNEL } from '../../../src/modules/live/live.channels';
import { compareCursors, decodeCursor } from '../../../src/modules/live/live.cursor';
import { DataRefreshedCursorDocument, DataRefreshedDocument, type DataRefreshedSubscription } from '../../generated/graphql';
import { useTestApp } from '../../support/app';
import { fixture, importWith, useTempDir } from '../../support/imports';
import { collect, useSocketClient, type Collected } from '../../support/ws';

// dataRefreshed reads the outbox's data channel like taskingGroupUpdates reads a group's: an import
// writes its event in its own transaction, so a client that was away replays it with `since`, and a
// load that rolls back leaves nothing to announce.

const hub = useTestApp();
const socket = useSocketClient(hub);
const tmp = useTempDir('data-refreshed-');

type Refresh = DataRefreshedSubscription['dataRefreshed'];

/** Imports a housing file as another process would (its own connection), waking the hub's subscribers through its bus. */
async function importHousing(file: string): Promise<void> {
  const client = new Client({ connectionString: hub.db.url });
  await client.connect();
  try {
    await importWith(client, housingImporter, file, { who: 'live test', bus: hub.app.bus });
  } finally {
    await client.end();
  }
}

/** A file every row of which is refused (more voids than stock): the import rolls back. */
function brokenFile(): string {
  return tmp.write(
    'broken.csv',
    'ward_code,month,stock,voids,repairs_completed,repairs_in_target,tenancy_asb_cases,homelessness_presentations\n' +
      'E05013010,2024-01,10,11,0,0,0,0\n',
  );
}

async function currentCursor(): Promise<string> {
  const res = await hub.gql(DataRefreshedCursorDocument, {});
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.dataRefreshedCursor;
}

const refreshes = (sub: Collected<DataRefreshedSubscription>): Refresh[] => sub.results.map((r) => r.data!.dataRefreshed);
const ordered = (cursors: string[]) =>
  cursors.every((c, i) => i === 0 || compareCursors(decodeCursor(cursors[i - 1]), decodeCursor(c)) < 0);

describe('dataRefreshed from the outbox', () => {
  it('replays with `since` an import that committed while the client was away, then goes live with no gap and no duplicate', async () => {
    const start = await currentCursor();
    const good = fixture('housing', 'good.csv');

    // Connected: the first import arrives live, with its cursor.
    const first = collect(socket, DataRefreshedDocument, { since: start });
    await importHousing(good);
    await first.until((rs) => rs.length >= 1);
    first.stop();
    const [a] = refreshes(first);
    expect(a.kinds).toEqual(['housing']);

    // Away: the second import commits with nobody listening.
    await importHousing(good);

    // Back, resuming after the last event received: the missed import first, then the next one live.
    const resumed = collect(socket, DataRefreshedDocument, { since: a.cursor });
    await resumed.until((rs) => rs.length >= 1);
    await importHousing(good);
    await resumed.until((rs) => rs.length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    resumed.stop();
    const [b, c] = refreshes(resumed);
    expect(refreshes(resumed)).toHaveLength(2);
    expect([b.kinds, c.kinds]).toEqual([['housing'], ['housing']]);
    expect(ordered([a.cursor, b.cursor, c.cursor])).toBe(true);

    // From the cursor read before any of it: all three, in commit order, each once.
    const replay = collect(socket, DataRefreshedDocument, { since: start });
    await replay.until((rs) => rs.length >= 3);
    await new Promise((r) => setTimeout(r, 300));
    replay.stop();
    expect(refreshes(replay).map((r) => r.cursor)).toEqual([a.cursor, b.cursor, c.cursor]);
    expect(replay.results.flatMap((r) => r.errors ?? [])).toEqual([]);
  });

  it('announces nothing for an import that rolls back', async () => {
    const start = await currentCursor();
    const events = async () =>
      (await hub.ownerSql<{ n: number }>('select count(*)::int as n from outbox_event where channel = $1', [DATA_CHANNEL]))[0].n;
    const before = await events();

    const live = collect(socket, DataRefreshedDocument, { since: start });
    await expect(importHousing(brokenFile())).rejects.toThrow(/voids is more than the stock/);
    await importHousing(fixture('housing', 'good.csv'));

    // The good import after the failed one is the first and only announcement, live and in the outbox.
    await live.until((rs) => rs.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    live.stop();
    expect(refreshes(live).map((r) => r.kinds)).toEqual([['housing']]);
    expect(await events()).toBe(before + 1);
  });

  it('refuses a malformed `since` before streaming, naming the argument', async () => {
    const sub = collect(socket, DataRefreshedDocument, { since: 'yesterday' });
    await sub.until(() => false).catch(() => undefined);
    expect(sub.results.flatMap((r) => r.errors ?? []).map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'since' }),
    ]);
  });
});
