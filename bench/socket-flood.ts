/**
 * `npm run build && DATABASE_URL=postgres://… node dist/bench/socket-flood.js [operations]`: one
 * websocket sends `operations` (default 20,000) `{ me { name } }` without waiting while another
 * account asks `{ me { name } }` over HTTP one request after another. Prints the other account's
 * latency and the hub's resident memory before, at its peak and after, as a Markdown table for
 * BENCHMARKS.md. The hub runs as its own process (HUB_MAIN, default the built one) on a scratch
 * database it seeds itself, so its memory is its own.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { createLogger } from '../src/logger';
import { migrateAndSeed } from '../seeds/seeder';

const SECRET = 'bench-socket-flood-secret-0123456789abcdef';
const OPERATIONS = Number(process.argv[2] ?? 20_000);
const HUB_MAIN = process.env.HUB_MAIN ?? path.join(__dirname, '../src/main.js');

function token(subject: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer('partnership-data-hub')
    .setAudience('partnership-data-hub')
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode(SECRET));
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round(kb / 1024);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('Set DATABASE_URL to a PostgreSQL server where a scratch database may be created.');
  const name = `bench_socket_flood_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // The production entry carries no seeds: the scratch database is seeded first, as `npm run seed` would.
  await migrateAndSeed(url.toString(), createLogger({ level: 'warn', format: 'pretty' }));
  const port = 40_000 + (process.pid % 20_000);
  const hub = spawn(process.execPath, [HUB_MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: url.toString(),
      PORT: String(port),
      LOG_LEVEL: 'warn',
      AUTH_JWT_SECRET: SECRET,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const endpoint = `http://127.0.0.1:${port}/graphql`;
  try {
    for (let ready = false; !ready;) {
      await new Promise((r) => setTimeout(r, 500));
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
    }
    const other = `Bearer ${await token('seed:north-chair')}`;
    const ask = async () => {
      const t = performance.now();
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: other },
        body: JSON.stringify({ query: '{ me { name } }' }),
        signal: AbortSignal.timeout(60_000),
      });
      await res.json();
      return performance.now() - t;
    };
    for (let i = 0; i < 20; i++) await ask();
    const before = rssMb(hub.pid!);

    const ws = new WebSocket(endpoint.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${await token('seed:analyst')}` } }));
    let answered = 0;
    let refused = 0;
    let ended = 0;
    let closed: number | undefined;
    const done = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        // binaryType stays 'nodebuffer', so ws hands every message over as one Buffer.
        const m = JSON.parse((data as Buffer).toString()) as { type?: unknown };
        if (m.type === 'connection_ack') {
          for (let i = 0; i < OPERATIONS; i++)
            ws.send(JSON.stringify({ id: String(i), type: 'subscribe', payload: { query: '{ me { name } }' } }));
        } else if (m.type === 'next') answered++;
        else if (m.type === 'error') {
          refused++;
          ended++;
        } else if (m.type === 'complete') ended++;
        if (ended === OPERATIONS) resolve();
      });
      ws.once('close', (code) => {
        closed = code;
        resolve();
      });
    });
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(hub.pid!))), 100);
    const started = performance.now();
    const latencies: number[] = [];
    // A field, not a local: set in a callback while the loop awaits, which narrowing cannot see.
    const flood = { finished: false };
    void done.then(() => (flood.finished = true));
    while (!flood.finished || latencies.length < 20) {
      try {
        latencies.push(await ask());
      } catch {
        latencies.push(60_000);
      }
      if (performance.now() - started > 180_000) break;
    }
    const floodMs = performance.now() - started;
    // Only a close by the hub counts; the one below is the script's own.
    const closedByHub = closed;
    clearInterval(sampler);
    ws.close();
    await new Promise((r) => setTimeout(r, 2000));
    const after = rssMb(hub.pid!);
    latencies.sort((a, b) => a - b);
    console.log(`| measure | result |\n|---|---|`);
    console.log(
      `| Flood: ${OPERATIONS} \`{ me { name } }\` on one socket without waiting | ${answered} answered, ${refused} refused${closedByHub !== undefined ? `, socket closed ${closedByHub}` : ''}, all ended after ${(floodMs / 1000).toFixed(1)} s |`,
    );
    console.log(
      `| Another account's \`{ me { name } }\` over HTTP meanwhile (${latencies.length} in a row) | p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms |`,
    );
    console.log(`| Hub RSS before / peak / 2 s after | ${before} / ${peak} / ${after} MB |`);
  } finally {
    hub.kill('SIGTERM');
    await new Promise((r) => hub.once('exit', r));
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
