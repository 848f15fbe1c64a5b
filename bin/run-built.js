#!/usr/bin/env node
/**
 * `node bin/run-built.js src/tools/import [args…]`: runs the compiled form of a TypeScript entry point
 * (dist/src/tools/import.js), compiling first only when a source is newer than it. A full `tsc` takes
 * over ten seconds; a command run many times a day (an import) should start at once when nothing changed.
 * tsc rewrites every output on each build, so the entry point's compiled file dates the whole build.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('Usage: node bin/run-built.js <entry, e.g. src/tools/import> [arguments]');
  process.exit(2);
}
const compiled = path.join(root, 'dist', `${entry.replace(/\.ts$/, '')}.js`);

/** Newest modification time (ms) of the TypeScript sources and build settings the compiled code comes from. */
function newestSource() {
  let newest = 0;
  const visit = (p) => {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    } else if (/\.(ts|json)$/.test(p)) {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const p of ['src', 'seeds', 'bench', 'tsconfig.json', 'tsconfig.build.json', 'package.json']) visit(path.join(root, p));
  return newest;
}

const built = fs.statSync(compiled, { throwIfNoEntry: false });
if (!built || built.mtimeMs < newestSource()) {
  console.error(`Sources changed since the last build: compiling (npm run build) …`);
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
process.argv = [process.argv[0], compiled, ...args];
require(compiled);
