/**
 * The live part of `npm run bench:compare`: N graphql-ws subscribers to `taskingGroupUpdates`, spread
 * over the members of the three localities' groups, while each locality's chair opens cases by
 * mutation; against a raw `ws` broadcast of the same payloads to the same N (live-floor.ts).
 *
 * The hub runs in production mode (`node dist/src/main.js`) on a scratch database seeded here, as its
 * own process; the subscribers run in one or two processes of their own (live-clients.ts), so the
 * hub's CPU and memory are its own. All processes share one machine and so one clock: a delivery's
 * latency is its arrival time minus the time the mutation's response arrived (the commit happened
 * just before; negative values, deliveries before the response, count as 0). The floor's is measured
 * from the moment it was told to send.
 *
 * Alone: `npm run build && node dist/bench/compare/live.js [sizes]`, e.g. `100,1000`, on an embedded
 * PostgreSQL of its own (or DATABASE_URL's server); HUB_ROOT=<another checkout, built> measures that
 * checkout's hub with this bench.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import { createLogger } from '../../src/logger';
import { migrateAndSeed } from '../../seeds/seeder';
import { benchServer } from '../scratch';
import type { ClientSpec, FromClients, ToClients } from './live-clients';
import type { FromFloor, ToFloor } from './live-floor';
import { freePort, hubProductionArgs } from './processes';
import type { CompareContext, Section } from './section';

const SECRET = 'bench-compare-live-secret-0123456789abcdef';
const SUBSCRIPTION = `subscription Live($locality: String!) { taskingGroupUpdates(locality: $locality) { cursor type group { id } case { id } } }`;
const OPEN_CASE = `mutation Open($input: OpenCaseInput!) { openCase(input: $input) { id } }`;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] : NaN;

function token(subject: string): Promise<string> {
  const at = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer('partnership-data-hub')
    .setAudience('partnership-data-hub')
    .setIssuedAt(at)
    .setExpirationTime(at + 4 * 3600)
    .sign(new TextEncoder().encode(SECRET));
}

function rssBytes(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;
}

/** Who subscribes (every seeded member), in which locality, and the groups whose events they must get. */
interface Member {
  subject: string;
  locality: string;
  groups: number[];
}

/** Where each locality's chair opens cases: its joint tasking group and a ward in it. */
interface Producer {
  locality: string;
  chair: string;
  groupId: number;
  wardCode: string;
}

async function readSetup(url: string): Promise<{ members: Member[]; producers: Producer[] }> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const members = (
      await db.query<{ subject: string; locality: string; groups: number[] }>(
        `select u.subject, l.name as locality, array_agg(g.id order by g.id) as groups
           from group_member m join hub_user u on u.id = m.user_id join tasking_group g on g.id = m.group_id
           join locality l on l.id = g.locality_id
          where u.subject like 'seed:%' and m.revoked_at is null
          group by u.subject, l.name order by l.name, u.subject`,
      )
    ).rows;
    const producers = (
      await db.query<Producer>(
        `select l.name as locality, 'seed:' || lower(l.name) || '-chair' as chair, g.id as "groupId",
                (select w.code from ward w where w.locality_id = l.id order by w.code limit 1) as "wardCode"
           from tasking_group g join locality l on l.id = g.locality_id
          where g.kind = 'JOINT_TASKING_GROUP' order by l.name`,
      )
    ).rows;
    return { members, producers };
  } finally {
    await db.end();
  }
}

/** A forked helper process and its next message of a type. */
class Child<In, Out extends { type: string }> {
  private readonly waiting: { type: string; resolve: (m: Out) => void }[] = [];
  constructor(readonly proc: ChildProcess) {
    proc.on('message', (m: Out) => {
      const i = this.waiting.findIndex((w) => w.type === m.type);
      if (i >= 0) this.waiting.splice(i, 1)[0].resolve(m);
    });
  }
  send(m: In): void {
    this.proc.send(m as object);
  }
  next<T extends Out['type']>(type: T): Promise<Extract<Out, { type: T }>> {
    return new Promise((resolve) => this.waiting.push({ type, resolve: resolve as (m: Out) => void }));
  }
}

/** Forks a helper script with a raised open-files limit (root may raise it; the soft limit is often 1,024). */
function forkScript(script: string): ChildProcess {
  return fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
}

interface RoundResult {
  connectMs: number;
  failed: number;
  liveMs: number;
  p50: number;
  p99: number;
  deliveriesPerSecond: number;
  lost: number;
  leaked: number;
  duplicates: number;
  expected: number;
  rssPerSubscriber?: number;
  mutationP50?: number;
  mutationP99?: number;
  errors: string[];
}

interface Target {
  /** Specs for each subscriber (same order as `members` assignment). */
  specs: ClientSpec[];
  /** Causes one event in the producer's group; resolves with its case id and the time it counts from. */
  emit(producer: Producer): Promise<{ caseId: number; at: number; mutationMs?: number }>;
  pid?: number;
}

async function runRound(
  n: number,
  assignment: Member[],
  producers: Producer[],
  target: Target,
  eventsPerProducer: number,
  log: (m: string) => void,
): Promise<RoundResult> {
  const processes = n >= 5000 ? 2 : 1;
  const script = path.join(__dirname, 'live-clients.js');
  const children = Array.from({ length: processes }, () => new Child<ToClients, FromClients>(forkScript(script)));
  const globalIndex = (c: number, j: number) => j * processes + c;
  try {
    const rssBefore = target.pid ? rssBytes(target.pid) : NaN;
    const t0 = now();
    const connected = children.map((c) => c.next('connected'));
    children.forEach((c, ci) => {
      c.send({ type: 'connect', specs: target.specs.filter((_, i) => i % processes === ci), concurrency: Math.ceil(200 / processes) });
    });
    const done = await Promise.all(connected);
    const connectMs = now() - t0;
    const failed = done.reduce((a, d) => a + d.failed, 0);
    const errors = done.flatMap((d) => d.errors);
    // Idle: every subscription registered and nothing sent. Memory per idle subscriber is measured here.
    await sleep(Math.max(2000, n / 2));
    const rssIdle = target.pid ? rssBytes(target.pid) : NaN;

    const expectedBy = new Map<number, Set<number>>(); // case id -> subscribers that must get it
    const sentAt = new Map<number, number>();
    const mutationMs: number[] = [];
    const caseGroup = new Map<number, number>();
    const samples: string[] = [];
    const recordEvent = (producer: Producer, caseId: number, at: number) => {
      sentAt.set(caseId, at);
      caseGroup.set(caseId, producer.groupId);
      const subs = new Set<number>();
      assignment.forEach((m, i) => {
        if (m.groups.includes(producer.groupId)) subs.add(i);
      });
      expectedBy.set(caseId, subs);
    };
    const collect = async (): Promise<{ received: number[][]; times: number[] }> => {
      const reports = await Promise.all(
        children.map((c) => {
          const r = c.next('report');
          c.send({ type: 'report' });
          return r;
        }),
      );
      const received: number[][] = [];
      const times: number[] = [];
      reports.forEach((r, ci) => {
        r.received.forEach((list, j) => (received[globalIndex(ci, j)] = list));
        for (let k = 0; k < r.times.length; k += 3) times.push(r.times[k], globalIndex(ci, r.times[k + 1]), r.times[k + 2]);
        errors.push(...r.errors);
      });
      return { received, times };
    };
    const expectedCount = () => [...expectedBy.values()].reduce((a, s) => a + s.size, 0);
    const waitAll = async (ms: number) => {
      const until = Date.now() + ms;
      for (;;) {
        const { times } = await collect();
        let ours = 0;
        for (let k = 0; k < times.length; k += 3) if (sentAt.has(times[k])) ours += 1;
        if (ours >= expectedCount() || Date.now() > until) return;
        await sleep(500);
      }
    };

    // Warm-up: one event per locality, until every subscriber that must has it: how long until all are live.
    for (const p of producers) {
      const e = await target.emit(p);
      recordEvent(p, e.caseId, e.at);
    }
    await waitAll(60_000);
    const liveMs = now() - t0;
    const warm = new Set(sentAt.keys());

    const started = now();
    await Promise.all(
      producers.map(async (p) => {
        for (let k = 0; k < eventsPerProducer; k += 1) {
          const e = await target.emit(p);
          recordEvent(p, e.caseId, e.at);
          if (e.mutationMs !== undefined) mutationMs.push(e.mutationMs);
          await sleep(100);
        }
      }),
    );
    await waitAll(60_000);
    const { received, times } = await collect();

    const latencies: number[] = [];
    let last = started;
    for (let k = 0; k < times.length; k += 3) {
      const [caseId, , at] = [times[k], times[k + 1], times[k + 2]];
      if (warm.has(caseId)) continue;
      const from = sentAt.get(caseId);
      if (from === undefined) continue;
      latencies.push(Math.max(0, at - from));
      last = Math.max(last, at);
    }
    latencies.sort((a, b) => a - b);
    let lost = 0;
    let leaked = 0;
    let duplicates = 0;
    let expected = 0;
    let other = 0;
    for (let i = 0; i < n; i += 1) {
      const got = received[i] ?? [];
      const seen = new Set<number>();
      for (const c of got) {
        // Events the bench did not cause (the hub's own jobs: an action of a seeded case falling overdue) are not counted.
        if (!sentAt.has(c)) {
          other += 1;
          continue;
        }
        if (seen.has(c)) duplicates += 1;
        seen.add(c);
        if (!expectedBy.get(c)?.has(i)) {
          leaked += 1;
          if (samples.length < 5)
            samples.push(
              `leak: #${i} ${assignment[i].subject} [${assignment[i].groups.join(',')}] got case ${c} of group ${caseGroup.get(c)}`,
            );
        }
      }
      for (const [c, subs] of expectedBy) {
        if (!subs.has(i)) continue;
        expected += 1;
        if (!seen.has(c)) {
          lost += 1;
          if (samples.length < 10) samples.push(`lost: #${i} ${assignment[i].subject} case ${c} of group ${caseGroup.get(c)}`);
        }
      }
    }
    mutationMs.sort((a, b) => a - b);
    log(
      `  ${n}: ${latencies.length} deliveries measured, ${lost} lost, ${leaked} leaked, ${duplicates} duplicates; ${other} deliveries of events the bench did not cause`,
    );
    for (const sample of samples) log(`    ${sample}`);
    return {
      connectMs,
      failed,
      liveMs,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      deliveriesPerSecond: latencies.length / ((last - started) / 1000),
      lost,
      leaked,
      duplicates,
      expected,
      rssPerSubscriber: target.pid ? (rssIdle - rssBefore) / n : undefined,
      mutationP50: mutationMs.length ? quantile(mutationMs, 0.5) : undefined,
      mutationP99: mutationMs.length ? quantile(mutationMs, 0.99) : undefined,
      errors: errors.slice(0, 5),
    };
  } finally {
    for (const c of children) {
      c.send({ type: 'close' });
    }
    await Promise.all(children.map((c) => exitOf(c.proc)));
  }
}

/** Resolves once the process has exited (at once if it already has). */
function exitOf(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else
      proc.once('exit', () => {
        resolve();
      });
  });
}

async function startHub(
  root: string,
  url: string,
  cwd: string,
  log: (m: string) => void,
): Promise<{ proc: ChildProcess; port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const args = hubProductionArgs(root)
    .map((a) => `"${a}"`)
    .join(' ');
  // Through a shell to raise the open-files limit for the hub alone (as root; otherwise the shell's own).
  const proc = spawn('sh', ['-c', `ulimit -n 65536 2>/dev/null || true; exec "${process.execPath}" ${args}`], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      AUTH_JWT_SECRET: SECRET,
      SEED_ON_EMPTY: 'false',
      MAX_SOCKETS_PER_ACCOUNT: '10000',
    },
    // In the scratch folder, so that a developer's .env changes nothing measured.
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; ; i += 1) {
    await sleep(300);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (proc.exitCode !== null || i > 200) throw new Error(`The hub did not start (exit ${proc.exitCode})`);
  }
  log(`  hub started (pid ${proc.pid}) on port ${port}`);
  return {
    proc,
    port,
    async stop() {
      const exited = exitOf(proc);
      proc.kill('SIGTERM');
      const late = await Promise.race([exited.then(() => false), sleep(20_000).then(() => true)]);
      if (late) proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** The part itself: one round of the hub and one of the floor at each size, each on fresh processes. */
export async function compareLive(ctx: CompareContext, sizes = ctx.quick ? [100, 1000] : [100, 1000, 5000, 10_000]): Promise<Section> {
  const log = (message: string) => {
    ctx.log(message);
  };
  const name = `hub_compare_live_${process.pid}`;
  const admin = new Client({ connectionString: ctx.adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  const dbUrl = new URL(ctx.adminUrl);
  dbUrl.pathname = `/${name}`;
  const url = dbUrl.toString();
  const eventsPerProducer = ctx.quick ? 5 : 10;
  const rows: string[][] = [
    [
      'N',
      'hub p50 / p99 (ms)',
      'floor p50 / p99 (ms)',
      'hub deliveries/s',
      'floor deliveries/s',
      'hub memory per idle subscriber',
      'hub connect all / all live (s)',
      'floor connect all (s)',
      'openCase p50 / p99 (ms)',
      'lost / leaked / duplicated (hub)',
    ],
  ];
  const notes: string[] = [];
  let floor: Child<ToFloor, FromFloor> | undefined;
  try {
    await migrateAndSeed(url, createLogger({ level: 'warn', format: 'pretty' }));
    const { members, producers } = await readSetup(url);
    const tokens = new Map<string, string>();
    for (const s of new Set([...members.map((m) => m.subject), ...producers.map((p) => p.chair)])) tokens.set(s, await token(s));

    floor = new Child<ToFloor, FromFloor>(forkScript(path.join(__dirname, 'live-floor.js')));
    const floorPort = (await floor.next('listening')).port;
    const floorRef = floor;

    for (const n of sizes) {
      const assignment = Array.from({ length: n }, (_, i) => members[i % members.length]);
      log(`live: ${n} subscribers`);
      const hub = await startHub(process.env.HUB_ROOT ?? ctx.root, url, ctx.workDir, log);
      let hubResult: RoundResult;
      try {
        const graphqlUrl = `ws://127.0.0.1:${hub.port}/graphql`;
        hubResult = await runRound(
          n,
          assignment,
          producers,
          {
            pid: hub.proc.pid,
            specs: assignment.map((m) => ({
              url: graphqlUrl,
              init: { authorization: `Bearer ${tokens.get(m.subject)}` },
              subscribe: { query: SUBSCRIPTION, variables: { locality: m.locality } },
            })),
            emit: async (p) => {
              const sent = now();
              const res = await fetch(`http://127.0.0.1:${hub.port}/graphql`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(p.chair)}` },
                body: JSON.stringify({
                  query: OPEN_CASE,
                  variables: {
                    input: {
                      groupId: String(p.groupId),
                      title: 'Bench: youths gathering at the shops',
                      category: 'ANTI_SOCIAL_BEHAVIOUR',
                      wardCode: p.wardCode,
                      location: 'Parade',
                      riskLevel: 'MEDIUM',
                      leadAgencyId: '1',
                    },
                  },
                }),
              });
              const body = (await res.json()) as { data?: { openCase: { id: string } }; errors?: unknown };
              const at = now();
              if (!body.data) throw new Error(`openCase failed: ${JSON.stringify(body.errors)}`);
              return { caseId: Number(body.data.openCase.id), at, mutationMs: at - sent };
            },
          },
          eventsPerProducer,
          log,
        );
      } finally {
        await hub.stop();
      }
      let nextCase = 1_000_000;
      const floorResult = await runRound(
        n,
        assignment,
        producers,
        {
          specs: assignment.map((m) => ({ url: `ws://127.0.0.1:${floorPort}/?groups=${m.groups.join(',')}` })),
          emit: (p) => {
            const caseId = (nextCase += 1);
            const message = JSON.stringify({
              id: '1',
              type: 'next',
              payload: {
                data: {
                  taskingGroupUpdates: {
                    cursor: `1.${caseId}`,
                    type: 'CASE_OPENED',
                    group: { id: String(p.groupId) },
                    case: { id: String(caseId) },
                  },
                },
              },
            });
            const at = now();
            floorRef.send({ type: 'emit', groupId: p.groupId, message });
            return Promise.resolve({ caseId, at });
          },
        },
        eventsPerProducer,
        log,
      );
      const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '–');
      const s = (v: number) => (v / 1000).toFixed(1);
      rows.push([
        n.toLocaleString('en-GB'),
        `${ms(hubResult.p50)} / ${ms(hubResult.p99)}`,
        `${ms(floorResult.p50)} / ${ms(floorResult.p99)}`,
        hubResult.deliveriesPerSecond.toFixed(0),
        floorResult.deliveriesPerSecond.toFixed(0),
        `${((hubResult.rssPerSubscriber ?? NaN) / 1024).toFixed(1)} KB`,
        `${s(hubResult.connectMs)} / ${s(hubResult.liveMs)}`,
        s(floorResult.connectMs),
        `${ms(hubResult.mutationP50 ?? NaN)} / ${ms(hubResult.mutationP99 ?? NaN)}`,
        `${hubResult.lost} / ${hubResult.leaked} / ${hubResult.duplicates} of ${hubResult.expected}`,
      ]);
      if (hubResult.failed || floorResult.failed)
        notes.push(`N=${n}: ${hubResult.failed} hub and ${floorResult.failed} floor sockets failed to connect.`);
      if (hubResult.errors.length) notes.push(`N=${n}: hub client errors, e.g. ${hubResult.errors.slice(0, 2).join(' | ')}`);
      if (floorResult.lost || floorResult.leaked)
        notes.push(`N=${n}: the floor lost ${floorResult.lost} and leaked ${floorResult.leaked}.`);
    }
    notes.push(
      `Subscribers are spread round-robin over the ${members.length} seeded member accounts (MAX_SOCKETS_PER_ACCOUNT=10000), each on its own socket, subscribed to its locality; ${producers.length} chairs each open ${eventsPerProducer} cases in their joint tasking group, 100 ms apart (plus one warm-up each, not counted). Subscribers run in 1 process (2 from 5,000), apart from the hub.`,
      'Latency: arrival at the subscriber minus the arrival of the mutation’s response (the commit is just before it); the floor’s from when it was told to send. Memory: the hub’s RSS with N idle subscribers minus before any, over N. “All live”: until every subscriber had its warm-up event.',
      'Executions are shared only between subscriptions of one account (src/server/live-execution.ts), so the hub runs about one execution per event per member account of the event’s group here; with one account per subscriber it would run one per subscriber.',
    );
    return { title: 'Live updates: taskingGroupUpdates against a raw ws broadcast', table: rows, notes };
  } finally {
    floor?.send({ type: 'close' });
    await admin.query(`drop database if exists "${name}" with (force)`).catch(() => undefined);
    await admin.end();
  }
}

if (require.main === module) {
  // Without DATABASE_URL, an embedded PostgreSQL of the bench's own: transaction ids and
  // pg_snapshot_xmin are server-wide (DECISIONS.md D1), so another job's long transaction on a shared
  // server holds every event back and measures that job, not the hub.
  const sizes = process.argv[2]?.split(',').map(Number);
  void (async () => {
    const server = await benchServer(createLogger({ level: 'warn', format: 'pretty' }), 54397);
    try {
      const section = await compareLive(
        {
          adminUrl: server.adminUrl,
          workDir: fs.mkdtempSync(path.join(server.tmp, 'live-')),
          root: path.join(__dirname, '../../..'),
          quick: process.env.QUICK === '1',
          log: (m) => {
            console.error(m);
          },
        },
        sizes,
      );
      console.log(`\n### ${section.title}\n`);
      for (const [i, row] of section.table.entries()) {
        console.log(`| ${row.join(' | ')} |`);
        if (i === 0) console.log(`|${row.map(() => '---').join('|')}|`);
      }
      console.log('');
      for (const note of section.notes) console.log(`- ${note}`);
    } finally {
      await server.stop();
    }
  })().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
