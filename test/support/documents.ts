import fs from 'node:fs';
import path from 'node:path';
import { DASHBOARD_MANIFEST } from '../../src/config';
import { projectRoot } from '../../src/paths';

/** The dashboard's trusted-documents manifest, as codegen wrote it: "sha256:<hex>" → document text. */
export const dashboardManifest = JSON.parse(fs.readFileSync(path.join(projectRoot(), DASHBOARD_MANIFEST), 'utf8')) as Record<
  string,
  string
>;

/** The hash (hex, without `sha256:`) and text of the dashboard operation named `name`. */
export function registered(name: string): { hash: string; text: string } {
  const entry = Object.entries(dashboardManifest).find(([, text]) => new RegExp(`^(query|subscription|mutation) ${name}\\b`).test(text));
  if (!entry) throw new Error(`The dashboard manifest has no operation ${name}`);
  return { hash: entry[0].replace(/^sha256:/, ''), text: entry[1] };
}

/** The `extensions` of a request that sends a registered document by its hash alone (Apollo's persisted queries). */
export const byHash = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
