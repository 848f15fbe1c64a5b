import type { Importer } from './modules/imports/import.types';
import { hubModules } from './modules';

/** Every module's importers, by the kind named on the import command line. */
export const IMPORTERS: ReadonlyMap<string, Importer> = new Map(
  hubModules.flatMap((module) => module.importers ?? []).map((importer) => [importer.kind, importer]),
);

export function importerFor(kind: string): Importer {
  const importer = IMPORTERS.get(kind);
  if (!importer) throw new Error(`No importer for '${kind}'. Kinds: ${[...IMPORTERS.keys()].join(', ')}.`);
  return importer;
}
