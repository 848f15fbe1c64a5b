import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrationsList } from '../src/migrations';
import { projectRoot } from '../src/paths';
import { WardCountDocument } from './generated/graphql';
import { gqlAt } from './support/app';
import { createTestDatabase } from './support/db';
import { freePort } from './support/ports';

// The hub as a user runs it (`npm start` runs this file after building): an embedded PostgreSQL,
// migrations, seeds, then a clean stop on a signal. `npm test` builds dist/ first.
const START = path.join(projectRoot(), 'dist/seeds/start.js');
// The production entry point (`npm run start:production`), which carries no seed data.
const MAIN = path.join(projectRoot(), 'dist/src/main.js');

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>, entry = START): Running {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [entry], {
    env: { ...inherited, LOG_FORMAT: 'pretty', LOG_LEVEL: 'info', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
    }),
  );
  return { child, output: () => out, exited };
}

async function waitFor(run: Running, text: string | RegExp, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(typeof text === 'string' ? run.output().includes(text) : text.test(run.output()))) {
    if (run.child.exitCode !== null) throw new Error(`The hub exited early:\n${run.output()}`);
    if (Date.now() > until) throw new Error(`Timed out waiting for ${String(text)}:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

function postgresRunningIn(dataDir: string): boolean {
  try {
    return execFileSync('pgrep', ['-f', '--', `postgres -D ${dataDir}`], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
}

/** Stops a server a failed test left behind (fast shutdown, as pg_ctl -m fast would), so none outlives the run. */
function stopLeftoverPostgres(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 'SIGINT');
  } catch {
    // Already gone.
  }
}

/** The development tokens `npm start` prints, by the seeded account's slug (e.g. "north-chair"). */
function printedTokens(output: string): Map<string, string> {
  return new Map([...output.matchAll(/; ([a-z-]+)\):\n\s+Bearer (\S+)/g)].map((m) => [m[1], m[2]]));
}

async function wardCount(port: number, token: string): Promise<number> {
  const { body } = await gqlAt(`http://127.0.0.1:${port}/graphql`, WardCountDocument, {}, { authorization: `Bearer ${token}` });
  return body.data!.wards.totalCount;
}

describe('npm start on a machine with no database', () => {
  let tmp: string;
  beforeAll(() => {
    for (const entry of [START, MAIN]) {
      if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` (npm test does it for you).`);
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-start-'));
  });
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('starts its own PostgreSQL, migrates, seeds, serves, stops cleanly, and reuses the data next time', async () => {
    const dataDir = path.join(tmp, 'data/postgres');
    const env = {
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      EMBEDDED_PG_DIR: dataDir,
      AUTH_DEV_SECRET_FILE: path.join(tmp, 'data/dev-jwt-secret'),
    };
    const port = Number(env.PORT);
    const pgPort = Number(env.EMBEDDED_PG_PORT);

    const first = start(env);
    await waitFor(first, `Partnership Data Hub listening on http://localhost:${port}/graphql`);
    const log = first.output();
    const steps = [
      `Creating a new PostgreSQL cluster in ${dataDir}`,
      `Starting embedded PostgreSQL on 127.0.0.1:${pgPort}`,
      'Applying database migrations',
      `Applied ${migrationsList.length} migration(s)`,
      'The database is empty: loading the seed data',
      'Seeded ',
      'listening on',
    ];
    const positions = steps.map((s) => log.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    // Ready-made development tokens for seeded people, and an API key for the dashboard account, work as printed.
    const tokens = printedTokens(log);
    expect([...tokens.keys()]).toEqual(expect.arrayContaining(['north-chair', 'analyst', 'admin']));
    expect(await wardCount(port, tokens.get('north-chair')!)).toBe(25);
    const apiKey = /service account, partner dashboard\):\n\s+Bearer (pdh_\S+)/.exec(log)?.[1];
    expect(apiKey).toBeDefined();
    expect(await wardCount(port, apiKey!)).toBe(25);
    const page = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<title>Partnership Data Hub · GraphiQL</title>');
    expect(await canConnect(pgPort)).toBe(true);
    expect(postgresRunningIn(dataDir)).toBe(true);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/SIGTERM received[\s\S]*Stopping embedded PostgreSQL[\s\S]*Stopped/);
    expect(postgresRunningIn(dataDir)).toBe(false);
    expect(await canConnect(pgPort)).toBe(false);
    expect(await canConnect(port)).toBe(false);

    const second = start(env);
    await waitFor(second, 'listening on');
    expect(second.output()).toContain('Database schema is up to date');
    expect(second.output()).not.toContain('Creating a new PostgreSQL cluster');
    expect(second.output()).not.toContain('loading the seed data');
    // The development signing secret is kept, so yesterday's tokens still work after a restart.
    expect(await wardCount(port, tokens.get('analyst')!)).toBe(25);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(postgresRunningIn(dataDir)).toBe(false);
  }, 120_000);

  it('takes over the PostgreSQL a killed hub left running, and stops it when it stops', async () => {
    const dataDir = path.join(tmp, 'killed/postgres');
    const env = {
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      EMBEDDED_PG_DIR: dataDir,
      AUTH_DEV_SECRET_FILE: path.join(tmp, 'killed/dev-jwt-secret'),
      // The seed data is not what this is about, and loading it takes a while.
      SEED_ON_EMPTY: 'false',
    };
    try {
      const first = start(env);
      await waitFor(first, 'listening on');
      first.child.kill('SIGKILL');
      await first.exited;
      // A hub cannot clean up after kill -9: its server is still there, serving nobody.
      expect(postgresRunningIn(dataDir)).toBe(true);

      const second = start(env);
      await waitFor(second, 'listening on');
      expect(await canConnect(Number(env.PORT))).toBe(true);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      expect(postgresRunningIn(dataDir)).toBe(false);
      expect(await canConnect(Number(env.EMBEDDED_PG_PORT))).toBe(false);
    } finally {
      stopLeftoverPostgres(dataDir);
    }
  }, 120_000);

  it('starts from the production entry point without seeding: refuses SEED_ON_EMPTY against an empty database, serves it empty without', async () => {
    const db = await createTestDatabase({ empty: true });
    const rows = async () => {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows: counts } = await client.query<{ localities: number; accounts: number }>(
          'select (select count(*) from locality)::int as localities, (select count(*) from hub_user)::int as accounts',
        );
        return counts[0];
      } finally {
        await client.end();
      }
    };
    try {
      // Development settings, so SEED_ON_EMPTY is on by default: the entry point has no seeds to load.
      const refused = start(
        { DATABASE_URL: db.url, PORT: String(await freePort()), AUTH_DEV_SECRET_FILE: path.join(tmp, 'prod/dev-jwt-secret') },
        MAIN,
      );
      expect(await refused.exited).toBe(2);
      expect(refused.output()).toContain('Invalid configuration:');
      expect(refused.output()).toContain('SEED_ON_EMPTY: the database is empty, but this entry point carries no seed data');
      expect(refused.output()).toContain('npm start');
      expect(refused.output()).not.toContain('loading the seed data');
      expect(refused.output()).not.toContain('listening on');
      // Migrated, and nothing written besides.
      expect(await rows()).toEqual({ localities: 0, accounts: 0 });

      const production = start(
        {
          DATABASE_URL: db.url,
          PORT: String(await freePort()),
          NODE_ENV: 'production',
          AUTH_JWT_SECRET: 'a-production-secret-of-32-characters!',
        },
        MAIN,
      );
      await waitFor(production, 'listening on');
      expect(production.output()).not.toContain('loading the seed data');
      production.child.kill('SIGTERM');
      expect(await production.exited).toBe(0);
      expect(await rows()).toEqual({ localities: 0, accounts: 0 });
    } finally {
      await db.drop();
    }
  }, 60_000);

  it('loads no seed generator in the code a hub runs', () => {
    const modules = ['dist/src/app.js', 'dist/src/server/process.js'].map((m) => JSON.stringify(path.join(projectRoot(), m)));
    const loaded = execFileSync(
      process.execPath,
      [
        '-e',
        `require('reflect-metadata'); ${modules.map((m) => `require(${m});`).join(' ')} console.log(Object.keys(require.cache).join('\\n'))`,
      ],
      { encoding: 'utf8' },
    );
    expect(loaded).toContain(path.join('dist', 'src', 'app.js'));
    expect(loaded).toContain(path.join('dist', 'src', 'server', 'process.js'));
    expect(loaded.split('\n').filter((f) => f.includes(`${path.sep}dist${path.sep}seeds${path.sep}`))).toEqual([]);
  });

  it('refuses development tokens on an address other machines can reach', async () => {
    // Its own data folder and ports: a hub that wrongly started must not touch anyone else's.
    const run = start({
      HOST: '0.0.0.0',
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      EMBEDDED_PG_DIR: path.join(tmp, 'exposed/postgres'),
      AUTH_DEV_SECRET_FILE: path.join(tmp, 'exposed/dev-jwt-secret'),
    });
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain('Invalid configuration:');
    expect(run.output()).toMatch(/AUTH_DEV_TOKENS, HOST: .*loopback/);
  });

  it('refuses to start with bad settings, listing every problem at once', async () => {
    const run = start({ PORT: 'four thousand', MAX_QUERY_DEPTH: '1', DATABASE_URL: 'mysql://x' });
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain('Invalid configuration:');
    expect(run.output()).toContain('PORT: must be a whole number');
    expect(run.output()).toContain('MAX_QUERY_DEPTH: must be at least 2');
    expect(run.output()).toContain('DATABASE_URL: must start with postgres:// or postgresql://');
  });
});
