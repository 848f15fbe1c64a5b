import fs from 'node:fs';
import path from 'node:path';

let root: string | undefined;

/**
 * The folder holding the hub's package.json. Code runs both from `src/` (tests) and from
 * `dist/src/` (npm start), so paths to seeds and assets are resolved from here, never from cwd.
 */
export function projectRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${__dirname}`);
    dir = parent;
  }
  root = dir;
  return dir;
}
