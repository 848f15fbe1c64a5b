/**
 * Reads, side by side: the hub in production mode and PostGraphile 5 (amber preset) on the same scratch
 * database, with a raw-SQL floor that runs the hub's own statements with `pg`. Each workload is checked
 * to return the same data from both before anything is timed; then hub, PostGraphile and floor take
 * turns, round after round, so that a busy machine slows all three alike and the ratios hold.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { addSyntheticWards } from '../../seeds/scale';
import { migrateAndSeed } from '../../seeds/seeder';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { CrimeCategory } from '../../src/modules/crime/crime.enums';
import { openOrm } from '../../src/orm';
import { currentRequestId, REQUEST_ID_HEADER } from '../../src/request-context';
import { benchToken, dropDatabase, freshDatabaseUrl } from '../scratch';
import type { CapturedStatement } from './floor';
import { PEER_DIR, peerNode } from './peer';
import { PEER_REFRESH_SQL, PEER_SCHEMA_SQL } from './peer-schema';
import { freePort, hubProductionArgs, startServer, type Server } from './processes';
import type { CompareContext, Section } from './section';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = Record<string, Json>;

/** One workload: the hub's query, PostGraphile's, and each answer brought to one comparable shape. */
interface Workload {
  key: string;
  label: string;
  hub: string;
  peer: string;
  hubShape(data: Obj): Json;
  peerShape(data: Obj): Json;
}

const o = (v: Json | undefined): Obj => {
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v))
    throw new Error(`expected an object, got ${JSON.stringify(v)}`);
  return v;
};
const a = (v: Json | undefined): Json[] => {
  if (!Array.isArray(v)) throw new Error(`expected a list, got ${JSON.stringify(v)}`);
  return v;
};
const nodes = (v: Json | undefined): Json[] => a(o(v).nodes);
/** A scalar as text (ids, enum values, dates). */
const text = (v: Json | undefined): string => {
  if (typeof v !== 'string' && typeof v !== 'number') throw new Error(`expected a string or number, got ${JSON.stringify(v)}`);
  return String(v);
};
const orNull = <T>(v: Json | undefined, f: (x: Obj) => T): T | null => (v === null || v === undefined ? null : f(o(v)));

const SIMPLE: Omit<Workload, 'key' | 'label'> = {
  hub: '{ localities { name wards { code name } } }',
  peer: '{ allLocalities { nodes { name wardsByLocalityId { nodes { code name } } } } }',
  hubShape: (d) => d.localities,
  peerShape: (d) => nodes(d.allLocalities).map((l) => ({ name: o(l).name, wards: nodes(o(l).wardsByLocalityId) })),
};

const DASHBOARD: Omit<Workload, 'key' | 'label'> = {
  hub: `{ localities { name wards { code name councillors { name }
    profile { population { total } deprivation { imdScore rankInBorough } } plan { year priorities { theme title } } } } }`,
  peer: `{ allLocalities { nodes { name wardsByLocalityId { nodes { code name councillorsByWardCode { nodes { name } }
    populationTotal deprivation { imdScore rankInBorough } newestPlan { year wardPrioritiesByPlanId { nodes { theme title } } } } } } } }`,
  hubShape: (d) => d.localities,
  peerShape: (d) =>
    nodes(d.allLocalities).map((l) => ({
      name: o(l).name,
      wards: nodes(o(l).wardsByLocalityId).map((wv) => {
        const w = o(wv);
        return {
          code: w.code,
          name: w.name,
          councillors: nodes(w.councillorsByWardCode),
          profile: {
            population: w.populationTotal === null ? null : { total: w.populationTotal },
            deprivation: orNull(w.deprivation, (x) => ({ imdScore: x.imdScore, rankInBorough: x.rankInBorough })),
          },
          plan: orNull(w.newestPlan, (p) => ({ year: p.year, priorities: nodes(p.wardPrioritiesByPlanId) })),
        };
      }),
    })),
};

const CATEGORY_KEY = new Map<string, string>(Object.entries(CrimeCategory).map(([k, v]) => [v, k]));

/** One ward's page: crime over the latest twelve months by month and type, indicators with the borough's and England's figures and the ward's rank, housing, budget, deprivation. */
export function wardPage(code: string): Omit<Workload, 'key' | 'label'> {
  return {
    hub: `{ ward(code: "${code}") { code name
      crime { from to total byMonth { month count } byCategory { category count previousYearCount } }
      indicators { indicator { id } sex latest { period value } borough { value } england { value } rankInBorough wardsRanked }
      housing { from to latestStock tenancyAsbCases homelessnessPresentations byMonth { month stock voids } }
      budget { financialYear total byFund { fund amount } }
      deprivation { imdScore rankInBorough wardsRanked lsoaCount } } }`,
    peer: `{ wardByCode(code: "${code}") { code name
      crimePeriod { fromMonth toMonth } crimeTotal crimeByMonth { nodes { month count } }
      crimeByCategory { nodes { category count previousYearCount } }
      indicators { nodes { indicatorId sex period value boroughValue englandValue rankInBorough wardsRanked } }
      housing { fromMonth toMonth latestStock tenancyAsbCases homelessnessPresentations } housingMonths { nodes { month stock voids } }
      budget { financialYear total } budgetByFund { nodes { fund amount } }
      deprivation { imdScore rankInBorough wardsRanked lsoaCount } } }`,
    hubShape: (d) => {
      const w = o(d.ward);
      const crime = o(w.crime);
      const housing = o(w.housing);
      return {
        code: w.code,
        name: w.name,
        crime: { from: crime.from, to: crime.to, total: crime.total, byMonth: crime.byMonth, byCategory: crime.byCategory },
        indicators: a(w.indicators).map((iv) => {
          const i = o(iv);
          return {
            id: text(o(i.indicator).id),
            sex: i.sex,
            period: orNull(i.latest, (x) => x.period),
            value: orNull(i.latest, (x) => x.value),
            borough: orNull(i.borough, (x) => x.value),
            england: orNull(i.england, (x) => x.value),
            rankInBorough: i.rankInBorough,
            wardsRanked: i.wardsRanked,
          };
        }),
        housing,
        budget: w.budget,
        deprivation: w.deprivation,
      };
    },
    peerShape: (d) => {
      const w = o(d.wardByCode);
      const period = o(w.crimePeriod);
      const housing = o(w.housing);
      return {
        code: w.code,
        name: w.name,
        crime: {
          from: period.fromMonth,
          to: period.toMonth,
          total: w.crimeTotal,
          byMonth: nodes(w.crimeByMonth),
          byCategory: nodes(w.crimeByCategory).map((cv) => {
            const c = o(cv);
            return { ...c, category: CATEGORY_KEY.get(text(c.category)) ?? c.category };
          }),
        },
        indicators: nodes(w.indicators).map((iv) => {
          const i = o(iv);
          return {
            id: text(i.indicatorId),
            sex: i.sex,
            period: i.period,
            value: i.value,
            borough: i.boroughValue,
            england: i.englandValue,
            rankInBorough: i.rankInBorough,
            wardsRanked: i.wardsRanked,
          };
        }),
        housing: {
          from: housing.fromMonth,
          to: housing.toMonth,
          latestStock: housing.latestStock,
          tenancyAsbCases: housing.tenancyAsbCases,
          homelessnessPresentations: housing.homelessnessPresentations,
          byMonth: nodes(w.housingMonths).map((m) => ({ ...o(m), month: text(o(m).month).slice(0, 7) })),
        },
        budget: orNull(w.budget, (b) => ({ financialYear: b.financialYear, total: b.total, byFund: nodes(w.budgetByFund) })),
        deprivation: w.deprivation,
      };
    },
  };
}

/** Numbers to ten significant digits and every list in a fixed order, so that only the data is compared. */
function canonical(v: Json): Json {
  if (typeof v === 'number') return Number(v.toPrecision(10));
  if (Array.isArray(v)) return v.map(canonical).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical(v[k])]),
    );
  return v;
}

/** Where two canonical answers differ, as paths with both values (the first `limit`). */
function differences(x: Json, y: Json, at = '', found: string[] = [], limit = 20): string[] {
  if (found.length >= limit) return found;
  if (Array.isArray(x) && Array.isArray(y)) {
    if (x.length !== y.length) found.push(`${at}: ${x.length} items vs ${y.length}`);
    for (let i = 0; i < Math.min(x.length, y.length); i += 1) differences(x[i], y[i], `${at}[${i}]`, found, limit);
  } else if (x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x) && !Array.isArray(y)) {
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) differences(x[k] ?? null, y[k] ?? null, `${at}.${k}`, found, limit);
  } else if (JSON.stringify(x) !== JSON.stringify(y)) {
    found.push(`${at}: hub ${JSON.stringify(x)} vs PostGraphile ${JSON.stringify(y)}`);
  }
  return found;
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Obj> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = (await r.json()) as { data?: Obj; errors?: unknown };
  if (!r.ok || json.errors || !json.data) throw new Error(`${url} answered ${r.status}: ${JSON.stringify(json).slice(0, 2000)}`);
  return json.data;
}

/** Fails with the differences unless the hub and PostGraphile give the same data for `w`. */
async function checkSame(w: Workload, hubUrl: string, hubHeaders: Record<string, string>, peerUrl: string): Promise<void> {
  const hub = canonical(w.hubShape(await postJson(hubUrl, { query: w.hub }, hubHeaders)));
  const peer = canonical(w.peerShape(await postJson(peerUrl, { query: w.peer })));
  const diff = differences(hub, peer);
  if (diff.length) throw new Error(`${w.label}: the hub and PostGraphile return different data:\n  ${diff.join('\n  ')}`);
}

/**
 * The statements the hub runs for one request of each workload, in-process, told apart by request id
 * as test/support/statements.ts does; with, for each, the statements whose results it waited for.
 */
export async function captureStatements(
  url: string,
  secret: string,
  token: string,
  workloads: Workload[],
  log: CompareContext['log'],
): Promise<Map<string, CapturedStatement[]>> {
  const app = await createApp(
    loadConfig({ DATABASE_URL: url, PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: 'production', AUTH_JWT_SECRET: secret }),
    {
      log: createLogger({ level: 'warn', format: 'pretty' }),
    },
  );
  const knex = app.orm.em.getConnection().getKnex();
  const captured = new Map<string, CapturedStatement[]>();
  try {
    for (const w of workloads) {
      const requestId = `compare-${randomUUID()}`;
      const statements: CapturedStatement[] = [];
      const byUid = new Map<string, number>();
      const answered: number[] = [];
      const onQuery = (q: { sql: string; bindings?: unknown[]; __knexQueryUid: string }) => {
        if (currentRequestId() !== requestId) return;
        byUid.set(q.__knexQueryUid, statements.length);
        statements.push({ sql: q.sql, bindings: q.bindings ?? [], after: [...answered] });
      };
      const onResponse = (_response: unknown, q: { __knexQueryUid: string }) => {
        const i = byUid.get(q.__knexQueryUid);
        if (i !== undefined) answered.push(i);
      };
      knex.on('query', onQuery);
      knex.on('query-response', onResponse);
      try {
        // The second request is the one kept: the first fills what the hub keeps between requests.
        await postJson(`http://127.0.0.1:${app.port}/graphql`, { query: w.hub }, { authorization: `Bearer ${token}` });
        await postJson(
          `http://127.0.0.1:${app.port}/graphql`,
          { query: w.hub },
          { authorization: `Bearer ${token}`, [REQUEST_ID_HEADER]: requestId },
        );
      } finally {
        knex.removeListener('query', onQuery);
        knex.removeListener('query-response', onResponse);
      }
      log(`${w.label}: the hub ran ${statements.length} statements in ${roundTrips(statements)} round trips`);
      captured.set(w.key, statements);
    }
  } finally {
    await app.close();
  }
  return captured;
}

/** Sequential round trips: the longest chain of statements each sent after the one before it was answered. */
function roundTrips(statements: CapturedStatement[]): number {
  const depth: number[] = [];
  for (const s of statements) depth.push(1 + Math.max(0, ...s.after.map((i) => depth[i])));
  return Math.max(0, ...depth);
}

interface Measure {
  reqPerSec: number;
  p99: number;
  cpuPerReq: number;
  requests: number;
  /** Answers other than 2xx, and connection errors and timeouts: reported, not counted as served. */
  failed: number;
}

async function measure(
  server: Server,
  path: string,
  body: string,
  headers: Record<string, string>,
  seconds: number,
  log: (message: string) => void,
): Promise<Measure> {
  const cpu = server.cpuMs();
  const r = await autocannon({ url: `${server.url}${path}`, method: 'POST', headers, body, connections: 10, duration: seconds });
  const used = server.cpuMs() - cpu;
  const failed = r.non2xx + r.errors + r.timeouts;
  if (failed) {
    const codes = Object.entries(r.statusCodeStats ?? {})
      .map(([code, c]) => `${code}: ${c.count ?? 0}`)
      .join(', ');
    log(
      `${server.name}: ${r.non2xx} non-2xx answers (${codes}), ${r.errors} errors, ${r.timeouts} timeouts; its log ends:\n${server.logTail(1500)}`,
    );
  }
  // Requests answered 2xx over the whole measurement: per-second samples read 0 when each request takes longer than a second.
  const served = r['2xx'];
  return { reqPerSec: served / r.duration, p99: r.latency.p99, cpuPerReq: served ? used / served : NaN, requests: served, failed };
}

/** Statements PostGraphile sends per request of `body`, from the count its server keeps (bench/peer/postgraphile.mjs). */
async function peerStatements(statsUrl: string, url: string, body: string, n = 5): Promise<number> {
  const count = async () => Number(await (await fetch(statsUrl)).text());
  const before = await count();
  for (let i = 0; i < n; i += 1) {
    await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text();
  }
  return ((await count()) - before) / n;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((p, q) => p - q);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
/** The median of the per-round ratios of throughput, over the rounds where both served something. */
const ratio = (pairs: [number, number][]) => {
  const usable = pairs.filter(([, d]) => d > 0).map(([n, d]) => n / d);
  return usable.length ? `${median(usable).toFixed(2)}x` : 'n/a';
};

interface Result {
  workload: Workload;
  statements: number;
  trips: number;
  peerStatements: number;
  rounds: { load: number; hub: Measure; peer: Measure; floor: Measure }[];
}

export async function compareReads(ctx: CompareContext): Promise<Section> {
  const log = createLogger({ level: 'warn', format: 'pretty' });
  const say = (message: string) => {
    ctx.log(message);
  };
  const dbName = 'hub_compare_reads';
  const seconds = ctx.quick ? 2 : 10;
  const rounds = 3;
  ctx.log('Reads: seeding the scratch database');
  const url = await freshDatabaseUrl(ctx.adminUrl, dbName);
  const servers: Server[] = [];
  try {
    // Production carries no seeds: the database is seeded first, as `npm run seed` would.
    await migrateAndSeed(url, log);
    const owner = new Client({ connectionString: url });
    await owner.connect();
    try {
      await owner.query(PEER_SCHEMA_SQL);
      await owner.query(PEER_REFRESH_SQL);
    } finally {
      await owner.end();
    }
    const secret = randomBytes(32).toString('base64url');
    const token = await benchToken(secret, 'seed:analyst');
    const hubHeaders = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const peerHeaders = { 'content-type': 'application/json' };
    const firstWard = await firstWardCode(url);

    const small: Workload[] = [
      { key: 'simple', label: '`{ localities { name wards { code name } } }`', ...SIMPLE },
      { key: 'dashboard25', label: 'dashboard, 25 wards', ...DASHBOARD },
      { key: 'ward', label: `ward page (${firstWard})`, ...wardPage(firstWard) },
    ];
    const large: Workload[] = [{ key: 'dashboard250', label: 'dashboard, 250 wards', ...DASHBOARD }];

    const hubPort = await freePort();
    const hub = await startServer({
      name: 'hub',
      node: process.execPath,
      args: hubProductionArgs(ctx.root),
      // Not the repository root: the hub reads a .env from its working folder, and a developer's must not change what is measured.
      cwd: ctx.workDir,
      env: {
        NODE_ENV: 'production',
        DATABASE_URL: url,
        HOST: '127.0.0.1',
        PORT: String(hubPort),
        AUTH_JWT_SECRET: secret,
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
      },
      url: `http://127.0.0.1:${hubPort}/graphql`,
      logFile: path.join(ctx.workDir, 'reads-hub.log'),
    });
    servers.push(hub);
    const peerPort = await freePort();
    const peerStatsPort = await freePort();
    const peerStats = `http://127.0.0.1:${peerStatsPort}/`;
    const peer = await startServer({
      name: 'PostGraphile',
      node: peerNode(ctx.root),
      args: ['postgraphile.mjs'],
      cwd: path.join(ctx.root, PEER_DIR),
      env: { NODE_ENV: 'production', DATABASE_URL: url, PORT: String(peerPort), STATS_PORT: String(peerStatsPort) },
      url: `http://127.0.0.1:${peerPort}/graphql`,
      logFile: path.join(ctx.workDir, 'reads-postgraphile.log'),
    });
    servers.push(peer);

    const results: Result[] = [];
    const run = async (workloads: Workload[]) => {
      for (const w of workloads) await checkSame(w, hub.url, hubHeaders, peer.url);
      ctx.log(`Reads: ${workloads.map((w) => w.label).join(', ')}: the hub and PostGraphile return the same data`);
      const captured = await captureStatements(url, secret, token, workloads, say);
      const file = path.join(ctx.workDir, `floor-${workloads[0].key}.json`);
      fs.writeFileSync(file, JSON.stringify(Object.fromEntries([...captured].map(([k, v]) => [`/${k}`, v]))));
      const floorPort = await freePort();
      const floor = await startServer({
        name: 'floor',
        node: process.execPath,
        args: [path.join(ctx.root, 'dist', 'bench', 'compare', 'floor.js')],
        cwd: ctx.root,
        env: { DATABASE_URL: url, PORT: String(floorPort), FLOOR_STATEMENTS: file },
        url: `http://127.0.0.1:${floorPort}`,
        logFile: path.join(ctx.workDir, 'reads-floor.log'),
      });
      servers.push(floor);
      try {
        for (const w of workloads) {
          const hubBody = JSON.stringify({ query: w.hub });
          const peerBody = JSON.stringify({ query: w.peer });
          // Warm-up: JIT, pools and PostgreSQL's caches for all three before anything counts.
          await measure(hub, '', hubBody, hubHeaders, 1, say);
          await measure(peer, '', peerBody, peerHeaders, 1, say);
          await measure(floor, `/${w.key}`, '', {}, 1, say);
          const statements = captured.get(w.key)!;
          const result: Result = {
            workload: w,
            statements: statements.length,
            trips: roundTrips(statements),
            peerStatements: await peerStatements(peerStats, peer.url, peerBody),
            rounds: [],
          };
          for (let r = 0; r < rounds; r += 1) {
            const load = os.loadavg()[0];
            const h = await measure(hub, '', hubBody, hubHeaders, seconds, say);
            const p = await measure(peer, '', peerBody, peerHeaders, seconds, say);
            const f = await measure(floor, `/${w.key}`, '', {}, seconds, say);
            ctx.log(
              `Reads: ${w.label}, round ${r + 1}: hub ${fmt(h.reqPerSec)} req/s, PostGraphile ${fmt(p.reqPerSec)}, floor ${fmt(f.reqPerSec)} (load ${load.toFixed(2)})`,
            );
            result.rounds.push({ load, hub: h, peer: p, floor: f });
          }
          results.push(result);
        }
      } finally {
        await floor.stop();
        servers.splice(servers.indexOf(floor), 1);
      }
    };

    await run(small);
    ctx.log('Reads: adding 225 synthetic wards (250 in all)');
    const orm = await openOrm({ clientUrl: url });
    try {
      await addSyntheticWards(orm.em.fork(), 225);
      await orm.em.getConnection().execute(PEER_REFRESH_SQL);
    } finally {
      await orm.close();
    }
    await run(large);
    return section(results, seconds, rounds);
  } finally {
    for (const s of servers) await s.stop();
    await dropDatabase(ctx.adminUrl, dbName);
  }
}

async function firstWardCode(url: string): Promise<string> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ code: string }>('select code from ward order by code limit 1');
    return rows[0].code;
  } finally {
    await c.end();
  }
}

function section(results: Result[], seconds: number, rounds: number): Section {
  const cell = (ms: Measure[]) =>
    `${fmt(median(ms.map((m) => m.reqPerSec)), 1)} req/s, p99 ${fmt(median(ms.map((m) => m.p99)))} ms, ${fmt(median(ms.map((m) => m.cpuPerReq)), 2)} ms Node CPU/req`;
  const table = [
    ['workload', 'hub', 'PostGraphile 5', 'raw-SQL floor', 'hub / PostGraphile', 'hub / floor'],
    ...results.map((r) => [
      r.workload.label,
      `${cell(r.rounds.map((x) => x.hub))}, ${r.statements} statements in ${r.trips} round trips`,
      `${cell(r.rounds.map((x) => x.peer))}, ${fmt(r.peerStatements, 1)} statements`,
      cell(r.rounds.map((x) => x.floor)),
      ratio(r.rounds.map((x) => [x.hub.reqPerSec, x.peer.reqPerSec])),
      ratio(r.rounds.map((x) => [x.hub.reqPerSec, x.floor.reqPerSec])),
    ]),
  ];
  const notes = [
    `10 connections, ${seconds} s per measurement, ${rounds} rounds of hub, PostGraphile, floor in turn (autocannon, after a 1 s warm-up of each). ` +
      'Figures are medians over the rounds; the ratios are medians of the per-round ratios of throughput. ' +
      'req/s: requests completed over the measurement divided by its length.',
    'Node CPU/req: utime + stime of the server process (/proc/<pid>/stat) over the measurement, divided by the requests served. ' +
      "Statements: the hub's SQL for one request (after one warm-up request), counted in-process by request id as test/support/statements.ts does; " +
      "round trips are the waits between them. PostGraphile's: statements its pg pool sent over 5 requests in a row, divided by 5 " +
      '(bench/peer/postgraphile.mjs counts them).',
    "The hub: `npm run start:production`'s command line (`node --max-semi-space-size=32 dist/src/main.js`), NODE_ENV=production, an analyst's token on each request. PostGraphile 5 (amber preset) on Node 22, " +
      'as the database owner, over the public schema and a bench_peer schema of SQL functions for what the hub works out ' +
      '(bench/compare/peer-schema.ts). Both answers are checked to be the same data before timing (lists compared in a fixed order, numbers to 10 digits).',
    "The floor replays the hub's captured statements for the workload with `pg` (10 connections, the same waits between them) and " +
      'serialises the rows as JSON, without building the nested answer.',
    'The ward page compares the indicator figures and ranks, not the Better/Similar/Worse comparisons, which PostGraphile would need the ' +
      'confidence-interval statistics in SQL for (the hub works them out for every indicator whatever is selected).',
    ...results.flatMap((r) =>
      r.rounds.flatMap((x, i) =>
        (['hub', 'peer', 'floor'] as const)
          .filter((k) => x[k].failed > 0)
          .map((k) => `${r.workload.label}, round ${i + 1}: ${x[k].failed} requests to the ${k} failed (not counted as served).`),
      ),
    ),
    ...results.map(
      (r) =>
        `${r.workload.label}, per round (1-minute load average at its start; hub, PostGraphile, floor req/s): ` +
        r.rounds
          .map(
            (x, i) =>
              `${i + 1}: load ${x.load.toFixed(2)}; ${fmt(x.hub.reqPerSec, 1)}, ${fmt(x.peer.reqPerSec, 1)}, ${fmt(x.floor.reqPerSec, 1)}`,
          )
          .join(' | '),
    ),
  ];
  return { title: 'Reads against PostGraphile 5', table, notes };
}
