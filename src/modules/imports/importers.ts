import { policeOutcomesImporter, policeStreetImporter } from '../crime/police.importer';
import type { Importer } from './import.types';

/** Every importer, by the kind named on the command line. */
export const IMPORTERS: ReadonlyMap<string, Importer> = new Map(
  [policeStreetImporter, policeOutcomesImporter].map((i) => [i.kind, i]),
);

export function importerFor(kind: string): Importer {
  const importer = IMPORTERS.get(kind);
  if (!importer) throw new Error(`No importer for '${kind}'. Kinds: ${[...IMPORTERS.keys()].join(', ')}.`);
  return importer;
}
