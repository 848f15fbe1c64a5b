import { budgetsImporter } from '../budgets/budgets.importer';
import { policeOutcomesImporter, policeStreetImporter } from '../crime/police.importer';
import { housingImporter } from '../housing/housing.importer';
import { fingertipsImporter } from '../indicators/fingertips.importer';
import { onsLookupImporter } from '../places/ons-lookup.importer';
import { imdImporter } from '../profiles/imd.importer';
import type { Importer } from './import.types';

/** Every importer, by the kind named on the command line. */
export const IMPORTERS: ReadonlyMap<string, Importer> = new Map(
  [policeStreetImporter, policeOutcomesImporter, fingertipsImporter, imdImporter, onsLookupImporter, housingImporter, budgetsImporter].map(
    (i) => [i.kind, i],
  ),
);

export function importerFor(kind: string): Importer {
  const importer = IMPORTERS.get(kind);
  if (!importer) throw new Error(`No importer for '${kind}'. Kinds: ${[...IMPORTERS.keys()].join(', ')}.`);
  return importer;
}
