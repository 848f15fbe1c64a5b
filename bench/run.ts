/**
 * `npm run bench`: measures the hub against a PostgreSQL of its own (embedded, in a temporary folder,
 * or DATABASE_URL's server with a scratch database). Figures are compared within one run, as ratios,
 * so they say something on any machine. Results print as a Markdown table for BENCHMARKS.md.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { addSyntheticWards } from '../seeds/scale';
import { migrateAndSeed } from '../seeds/seeder';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createApp, type AppHandle } from '../src/app';
import { loadViewer } from '../src/modules/access/access.service';
import { inScope } from '../src/modules/live/live.transaction';
import { appendEvent } from '../src/modules/live/live.outbox';
import { openOrm } from '../src/orm';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { policeStreetImporter } from '../src/modules/crime/police.importer';
import { importFile } from '../src/modules/imports/import.service';
import { councillorsByWards } from '../src/modules/places/places.service';
import { Ward } from '../src/modules/places/ward.entity';
import { intArray } from '../src/sql';
import { writePoliceFile } from './police-file';
import { benchServer, benchToken, freshDatabaseUrl } from './scratch';

const DASHBOARD = `{ localities { name wards { code name councillors { name }
  profile { population { total } deprivation { imdScore rankInBorough } } plan { year priorities { theme title } } } } }`;

async function timeEach(n: number, fn: () => Promise<unknown>): Promise<{ mean: number; p95: number }> {
  for (let i = 0; i < Math.min(10, n); i += 1) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { mean: times.reduce((a, b) => a + b, 0) / n, p95: times[Math.floor(n * 0.95)] };
}

/**
 * Live updates: how delivery scales from one subscriber to fifty on the same group, and how soon an
 * event reaches a subscriber after its transaction commits (wake-up by NOTIFY, poll only as backstop).
 */
async function benchLiveUpdates(app: AppHandle, url: string, secret: string): Promise<string[][]> {
  const owner = await openOrm({ clientUrl: url });
  const em = owner.em.fork();
  const [{ id: groupId }] = await em.getConnection().execute<{ id: number }[]>(`select id from tasking_group where code = 'NJTG'`);
  const token = await benchToken(secret, 'seed:north-police');
  const wsUrl = `ws://127.0.0.1:${app.port}/graphql`;
  const produce = async (count: number, perTx: number) => {
    for (let i = 0; i < count; i += perTx) {
      await em.transactional(async (tx) => {
        for (let j = 0; j < perTx && i + j < count; j += 1) await appendEvent(tx, `group:${groupId}`, 'CASE_UPDATED', { groupId }, app.bus);
      });
    }
  };
  const run = async (subscribers: number, events: number) => {
    const clients = Array.from({ length: subscribers }, () =>
      createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } }),
    );
    const started = clients.map(
      (client) =>
        new Promise<{ done: Promise<number> }>((ready) => {
          let n = 0;
          let finish!: (t: number) => void;
          const done = new Promise<number>((r) => (finish = r));
          client.subscribe(
            { query: 'subscription { taskingGroupUpdates(locality: "North") { cursor type } }' },
            {
              next: () => {
                if ((n += 1) === events) finish(performance.now());
              },
              error: (e) => {
                console.error(e);
              },
              complete: () => {},
            },
          );
          setTimeout(() => {
            ready({ done });
          }, 300);
        }),
    );
    const ready = await Promise.all(started);
    const t0 = performance.now();
    await produce(events, 20);
    const ends = await Promise.all(ready.map((r) => r.done));
    await Promise.all(
      clients.map(async (c) => {
        await c.dispose();
      }),
    );
    return (Math.max(...ends) - t0) / 1000;
  };
  const latency = async (samples: number) => {
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
    });
    let resolveNext: (() => void) | undefined;
    client.subscribe(
      { query: 'subscription { taskingGroupUpdates(locality: "North") { cursor } }' },
      { next: () => resolveNext?.(), error: () => {}, complete: () => {} },
    );
    await new Promise((r) => setTimeout(r, 300));
    const times: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      const arrived = new Promise<void>((r) => (resolveNext = r));
      const t = performance.now();
      await produce(1, 1);
      await arrived;
      times.push(performance.now() - t);
    }
    await client.dispose();
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(samples / 2)], p95: times[Math.floor(samples * 0.95)] };
  };
  try {
    const events = 2000;
    const one = await run(1, events);
    const fifty = await run(50, events);
    const lag = await latency(200);
    return [
      [
        `Live updates: ${events.toLocaleString('en-GB')} events (transactions of 20) to 1 subscriber`,
        `${one.toFixed(2)} s, ${Math.round(events / one).toLocaleString('en-GB')} events/s`,
      ],
      [
        `Same events to 50 subscribers of the same group`,
        `${fifty.toFixed(2)} s, ${Math.round((events * 50) / fifty).toLocaleString('en-GB')} deliveries/s`,
      ],
      ['Deliveries per second, 50 subscribers ÷ 1', `${((events * 50) / fifty / (events / one)).toFixed(1)}×`],
      [
        'Commit-to-subscriber latency (wake-up by NOTIFY; the poll backstop is 2 s)',
        `p50 ${lag.p50.toFixed(1)} ms, p95 ${lag.p95.toFixed(1)} ms (${(2000 / lag.p50).toFixed(0)}× sooner than polling alone at p50)`,
      ],
    ];
  } finally {
    await owner.close();
  }
}

/** The cost of row-level security: a member's page of cases through the scoped path vs the same rows read as the owner. */
async function benchRowSecurity(app: AppHandle, url: string): Promise<string[][]> {
  const owner = await openOrm({ clientUrl: url });
  try {
    const viewer = await loadViewer(
      app.orm.em.fork(),
      (await owner.em.fork().getConnection().execute<{ id: number }[]>(`select id from hub_user where subject = 'seed:north-chair'`))[0].id,
      'jwt',
      null,
    );
    const groups = viewer!.memberships.map((m) => m.groupId);
    const sql = 'select * from tasking_case where group_id = any(?::int[]) order by opened_at desc limit 50';
    const scoped = await timeEach(200, () => inScope(app.orm.em.fork(), viewer, (tx) => tx.execute(sql, [intArray(groups)])));
    const plain = await timeEach(200, () => owner.em.fork().execute(sql, [intArray(groups)]));
    return [
      ["A member's cases (50): scoped transaction with row-level security, as the hub reads them", `mean ${scoped.mean.toFixed(2)} ms`],
      ['Same rows read as the owner, no transaction, no row-level security', `mean ${plain.mean.toFixed(2)} ms`],
      ['Scoped ÷ unscoped', `${(scoped.mean / plain.mean).toFixed(2)}× (transaction, settings and policy check)`],
    ];
  } finally {
    await owner.close();
  }
}

async function main(): Promise<void> {
  const log = createLogger({ level: 'warn', format: 'pretty' });
  const server = await benchServer(log);
  const tmp = server.tmp;
  const url = await freshDatabaseUrl(server.adminUrl, 'hub_bench');
  const secret = randomBytes(32).toString('base64url');
  // Production carries no seeds: the scratch database is seeded first, as `npm run seed` would.
  await migrateAndSeed(url, log);
  const app = await createApp(
    loadConfig({ DATABASE_URL: url, PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: 'production', AUTH_JWT_SECRET: secret }),
    { log },
  );
  const endpoint = `http://127.0.0.1:${app.port}/graphql`;
  const analyst = { 'content-type': 'application/json', authorization: `Bearer ${await benchToken(secret, 'seed:analyst')}` };
  const post = (query: string) =>
    fetch(endpoint, { method: 'POST', headers: analyst, body: JSON.stringify({ query }) }).then(async (r) => {
      const body = (await r.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
    });
  try {
    const rows: string[][] = [];
    const small = await timeEach(100, () => post(DASHBOARD));
    const simple = await autocannon({
      url: endpoint,
      method: 'POST',
      headers: analyst,
      body: JSON.stringify({ query: '{ localities { name wards { code name } } }' }),
      connections: 10,
      duration: 5,
    });
    const dashboard = await autocannon({
      url: endpoint,
      method: 'POST',
      headers: analyst,
      body: JSON.stringify({ query: DASHBOARD }),
      connections: 10,
      duration: 5,
    });

    await addSyntheticWards(app.orm.em.fork(), 225);
    const large = await timeEach(100, () => post(DASHBOARD));

    const em = app.orm.em.fork();
    const codes = (await em.find(Ward, {})).map((w) => w.code);
    const batched = await timeEach(30, () => councillorsByWards(app.orm.em.fork(), codes));
    const perWard = await timeEach(30, async () => {
      const fork = app.orm.em.fork();
      for (const code of codes) await councillorsByWards(fork, [code]);
    });

    const ms = (v: number) => `${v.toFixed(2)} ms`;
    rows.push([
      'Dashboard query (localities › wards › councillors, profile, plan › priorities), 25 wards',
      `mean ${ms(small.mean)}, p95 ${ms(small.p95)}`,
    ]);
    rows.push(['Same query, 250 wards', `mean ${ms(large.mean)}, p95 ${ms(large.p95)}`]);
    rows.push([
      'Time per ward, 250 ÷ 25 wards',
      `${(large.mean / 250 / (small.mean / 25)).toFixed(2)}× (below 1: fixed costs spread over more wards)`,
    ]);
    rows.push([`Councillors of ${codes.length} wards: one batched statement`, `mean ${ms(batched.mean)}`]);
    rows.push([`Councillors of ${codes.length} wards: one statement per ward (no loader)`, `mean ${ms(perWard.mean)}`]);
    rows.push(['Per-ward ÷ batched', `${(perWard.mean / batched.mean).toFixed(1)}× slower without batching`]);
    rows.push([
      'Throughput, `{ localities { name wards { code name } } }`, 10 connections, 5 s',
      `${simple.requests.average.toFixed(0)} req/s (p99 ${simple.latency.p99} ms)`,
    ]);
    rows.push([
      'Throughput, dashboard query at 25 wards, 10 connections, 5 s',
      `${dashboard.requests.average.toFixed(0)} req/s (p99 ${dashboard.latency.p99} ms)`,
    ]);
    rows.push(['Dashboard ÷ simple throughput', (dashboard.requests.average / simple.requests.average).toFixed(2)]);
    rows.push(...(await benchLiveUpdates(app, url, secret)));
    rows.push(...(await benchRowSecurity(app, url)));
    const policeFile = path.join(tmp, 'police-street-1m.csv');
    const lsoas = await app.orm.em.getConnection().execute<{ code: string; name: string }[]>('select code, name from lsoa order by code');
    writePoliceFile(policeFile, 1_000_000, lsoas);
    const client = new Client({ connectionString: url });
    await client.connect();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const imported = await importFile(client, policeStreetImporter, policeFile, {
      who: 'bench',
      illustrative: true,
      onProgress: () => {
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      },
    });
    await client.end();
    fs.rmSync(policeFile);
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
    rows.push([
      'Import of a 1,000,000-row police.uk street file (90% in the borough; streamed, COPY into staging)',
      `${(imported.milliseconds / 1000).toFixed(1)} s, ${Math.round((imported.read / imported.milliseconds) * 1000).toLocaleString('en-GB')} rows/s; loaded ${imported.loaded.toLocaleString('en-GB')}, skipped ${Object.values(
        imported.skipped,
      )
        .reduce((a, b) => a + b, 0)
        .toLocaleString('en-GB')}`,
    ]);
    rows.push([
      'Memory while importing it (resident set, peak − before)',
      `${mb(rssPeak - rssBefore)} (file: ${mb(imported.read * 190)} approx.)`,
    ]);
    console.log(
      `\nPartnership Data Hub benchmark, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} cores\n`,
    );
    console.log('| measure | result |\n|---|---|');
    for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
    if (simple.non2xx || dashboard.non2xx) throw new Error(`Non-2xx responses under load: ${simple.non2xx + dashboard.non2xx}`);
  } finally {
    await app.close();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
