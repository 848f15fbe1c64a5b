import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/paths';
import { gqlAt, type GraphQLResponse } from './app';
import { authHeader, TEST_JWT_SECRET } from './auth';
import { freePort } from './ports';

/** The built hub, as `npm start` runs it: the development entry point, which seeds an empty database when SEED_ON_EMPTY is on. */
export const HUB_MAIN = path.join(projectRoot(), 'dist/seeds/start.js');

/** One line of the hub's JSON log (LOG_FORMAT=json). */
export interface HubLogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface HubProcess {
  child: ChildProcess;
  port: number;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  /** Everything the process wrote so far, stdout and stderr. */
  output(): string;
  /** The JSON log lines written so far. */
  logLines(): HubLogLine[];
  /** Runs a typed operation, as the seeded account `subject` (null: no credentials). */
  gqlAs: <T, V>(subject: string | null, document: TypedDocumentNode<T, V>, variables: V) => Promise<GraphQLResponse<T>>;
  /** SIGTERM, then SIGKILL after `ms`; resolves with the exit code. Safe to call more than once. */
  stop(ms?: number): Promise<number | null>;
}

/**
 * Warns when dist/ is older than src/ or seeds/: the child process runs the compiled hub, so a stale build
 * would test yesterday's code. `npm test` builds first; plain `npx jest` does not.
 */
export function checkBuild(): void {
  if (!fs.existsSync(HUB_MAIN)) throw new Error(`${HUB_MAIN} is missing: run \`npm run build\` first.`);
  const stale: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const built = path.join(projectRoot(), 'dist', path.relative(projectRoot(), full)).replace(/\.ts$/, '.js');
        const builtAt = fs.statSync(built, { throwIfNoEntry: false })?.mtimeMs ?? 0;
        if (builtAt < fs.statSync(full).mtimeMs) stale.push(path.relative(projectRoot(), full));
      }
    }
  };
  walk(path.join(projectRoot(), 'src'));
  walk(path.join(projectRoot(), 'seeds'));
  if (stale.length) {
    console.warn(`dist/ is older than ${stale.length} source file(s) (${stale.slice(0, 5).join(', ')}…): run \`npm run build\`.`);
  }
}

/**
 * Starts the hub as a real second process (`node dist/seeds/start.js`) on a free port, against
 * `DATABASE_URL` from `env`, signing tokens with the tests' secret. Resolves once it listens.
 * REDIS_URL is passed on only when `env` sets it, so a hub never picks up the runner's by accident.
 */
export async function startHubProcess(env: Record<string, string>, options: { readyMs?: number } = {}): Promise<HubProcess> {
  checkBuild();
  const port = await freePort();
  const { DATABASE_URL: _d, REDIS_URL: _r, ...inherited } = process.env;
  // A folder of its own, so a developer's .env in the checkout (read by dotenv from the cwd) cannot leak in.
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-process-'));
  const child = spawn(process.execPath, [HUB_MAIN], {
    cwd,
    env: {
      ...inherited,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED_ON_EMPTY: 'false',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      LOG_FORMAT: 'json',
      LOG_LEVEL: process.env.TEST_HUB_LOG_LEVEL ?? 'info',
      ...env,
    },
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
  void exited.finally(() => {
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  const until = Date.now() + (options.readyMs ?? 60_000);
  while (!out.includes('Partnership Data Hub listening on')) {
    if (child.exitCode !== null) throw new Error(`The hub process exited early (${child.exitCode}):\n${out}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`The hub process did not start listening in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = `http://127.0.0.1:${port}/graphql`;
  let stopping: Promise<number | null> | undefined;
  return {
    child,
    port,
    url,
    output: () => out,
    logLines: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as HubLogLine];
          } catch {
            return [];
          }
        }),
    gqlAs: async (subject, document, variables) => gqlAt(url, document, variables, subject ? await authHeader(subject) : {}),
    stop(ms = 15_000) {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), ms);
        try {
          return await exited;
        } finally {
          clearTimeout(timer);
        }
      })();
      return stopping;
    },
  };
}
