/**
 * The servers `npm run bench:compare` measures run as processes of their own, so that each one's CPU
 * time can be read from /proc and none shares an event loop with the load generator.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface Server {
  name: string;
  url: string;
  pid: number;
  /** User plus system CPU time the process has used so far, in milliseconds. */
  cpuMs(): number;
  /** The end of what the process has written to stdout and stderr. */
  logTail(chars?: number): string;
  stop(): Promise<void>;
}

/** Clock ticks per second for /proc/<pid>/stat (USER_HZ; 100 on Linux unless getconf says otherwise). */
const TICKS = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

/** utime + stime of a process, from /proc/<pid>/stat (fields 14 and 15, after the parenthesised name). */
export function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / TICKS) * 1000;
}

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => {
        resolve(port);
      });
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it answered:\n${log()}`);
    try {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`no answer from ${url} after ${timeoutMs} ms:\n${log()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * Starts `node args` (the given binary) with `env` added to a minimal environment, waits until `url`
 * answers HTTP, and keeps its output in `logFile` for when it fails.
 */
export async function startServer(options: {
  name: string;
  node: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  url: string;
  logFile: string;
  timeoutMs?: number;
}): Promise<Server> {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const out = fs.openSync(options.logFile, 'w');
  const child = spawn(options.node, options.args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${options.name}`);
  const tail = (chars = 4000) => fs.readFileSync(options.logFile, 'utf8').slice(-chars);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  try {
    await waitForHttp(options.url, child, () => tail(), options.timeoutMs ?? 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { name: options.name, url: options.url, pid, cpuMs: () => processCpuMs(pid), logTail: tail, stop };
}

/**
 * The hub's production command line, read from `npm run start:production` in package.json, so the
 * benchmarks run the hub with the same Node flags people deploy it with: the arguments to `node`.
 */
export function hubProductionArgs(root: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const words = (pkg.scripts?.['start:production'] ?? '').split(/\s+/).filter(Boolean);
  if (words[0] !== 'node' || words.length < 2) throw new Error('package.json start:production is expected to be "node [flags] <entry>"');
  return words.slice(1).map((w) => (w.startsWith('-') ? w : path.join(root, w)));
}
