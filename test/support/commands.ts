import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../src/paths';

/** Runs `npm run seed`'s compiled script against `databaseUrl`, as a separate process would. */
export async function runSeedCommand(databaseUrl: string): Promise<void> {
  await promisify(execFile)(process.execPath, [path.join(projectRoot(), 'dist/seeds/run.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
  });
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run import`'s compiled script as a person runs it: from a folder of its own (so no .env
 * is read), with `env` over the runner's environment less DATABASE_URL and the embedded database's
 * settings unless `env` sets them. A failing command answers with its exit code, not a throw.
 */
export async function runImportCommand(env: Record<string, string>, ...args: string[]): Promise<CommandResult> {
  const { DATABASE_URL: _d, EMBEDDED_PG_PORT: _p, EMBEDDED_PG_DIR: _e, ...inherited } = process.env;
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-import-cwd-'));
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [path.join(projectRoot(), 'dist/src/tools/import.js'), ...args],
      {
        cwd,
        env: { ...inherited, LOG_LEVEL: 'warn', ...env },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as CommandResult;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}
