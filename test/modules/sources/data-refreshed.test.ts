import { loadSeeds } from '../../../seeds/load';
import { readSeedData } from '../../../seeds/read';
import { openOrm } from '../../../src/orm';
import { useTestApp } from '../../support/app';
import { runSeedCommand } from '../../support/commands';
import { seedFiles } from '../../support/seed-files';
import { DataRefreshedWithWardsDocument, LocalityNamesDocument, type DataRefreshedWithWardsSubscription } from '../../generated/graphql';
import { subscribe, useSocketClient } from '../../support/ws';

type Event = DataRefreshedWithWardsSubscription;

const hub = useTestApp();
const client = useSocketClient(hub);

/** Subscribes and collects events; returns once the server has the subscription running. */
async function listen(kinds?: string[]): Promise<{ events: Event[]; next: () => Promise<Event>; stop: () => void }> {
  const events: Event[] = [];
  const waiting: ((e: Event) => void)[] = [];
  const stop = subscribe(
    client,
    DataRefreshedWithWardsDocument,
    { kinds },
    {
      next: (value) => {
        events.push(value.data!);
        waiting.shift()?.(value.data!);
      },
      error: (err) => {
        throw err;
      },
      complete: () => {},
    },
  );
  // A query over the same socket completes after the subscription before it has been set up.
  await new Promise<void>((resolve, reject) =>
    subscribe(client, LocalityNamesDocument, {}, { next: () => {}, error: reject, complete: resolve }),
  );
  await new Promise((r) => setTimeout(r, 100));
  return {
    events,
    stop,
    next: () =>
      new Promise<Event>((resolve) => {
        if (events.length > waiting.length) resolve(events[waiting.length]);
        else waiting.push(resolve);
      }),
  };
}

describe('subscription dataRefreshed', () => {
  it('announces a load made by another process (npm run seed) once it commits, with its kinds, sources and wards', async () => {
    const all = await listen();
    const crime = await listen(['crime']);
    const plans = await listen(['ward-plans']);
    const none = await listen(['no-such-kind']);

    await runSeedCommand(hub.db.url);

    // First the seed files' load, then one announcement per published file imported.
    const event = (await all.next()).dataRefreshed;
    const seeds = seedFiles();
    const baseSources = seeds.sources.filter((s) => s.kind !== 'deprivation');
    expect(event.kinds).toEqual([...new Set(baseSources.map((s) => s.kind))].sort());
    expect(event.sources.map((s) => s.key).sort()).toEqual(baseSources.map((s) => s.key).sort());
    expect(event.wards.map((w) => w.code)).toEqual(seeds.wards.map((w) => w.code).sort());
    expect((await plans.next()).dataRefreshed.kinds).toContain('ward-plans');
    const crimeEvent = (await crime.next()).dataRefreshed;
    expect(crimeEvent.kinds).toEqual(['crime']);
    expect(crimeEvent.sources).toEqual([{ key: 'police-street:2022-11 to 2024-10', illustrative: true }]);
    expect(crimeEvent.wards).toHaveLength(25);
    await new Promise((r) => setTimeout(r, 300));
    expect(none.events).toEqual([]);
    for (const s of [all, crime, plans, none]) s.stop();
  });

  it('announces nothing when a load fails and rolls back', async () => {
    const all = await listen();
    const orm = await openOrm({ clientUrl: hub.db.url });
    try {
      const data = readSeedData();
      await expect(loadSeeds(orm.em.fork(), { data: { ...data, partners: [...data.partners, data.partners[0]] } })).rejects.toThrow();
      await loadSeeds(orm.em.fork());
    } finally {
      await orm.close();
    }
    // The good load after the failed one is the first and only announcement.
    await all.next();
    await new Promise((r) => setTimeout(r, 300));
    expect(all.events).toHaveLength(1);
    all.stop();
  });
});
