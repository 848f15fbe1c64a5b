import type { Context } from '../../context';
import { BadUserInputError } from '../../errors';
import type { ReferenceResolver } from '../../module';
import type { Lsoa } from './lsoa.entity';
import type { PlacesLoaders } from './places.loaders';
import type { LocalityRow, WardRow } from './places.service';

type PlacesContext = Context<PlacesLoaders>;

/** The text a representation's key field holds; anything else is the gateway's mistake, not the hub's. */
function keyText(key: Readonly<Record<string, unknown>>, field: string, type: string): string {
  const value = key[field];
  if (typeof value !== 'string') throw new BadUserInputError(`A ${type} representation needs its ${field} as a string.`, 'representations');
  return value;
}

/**
 * How a federation gateway's `_entities` finds the borough's places, by the key each type's `@key`
 * names: wards and LSOAs by their ONS codes, localities by name in any case (they have no ONS code,
 * and their id is internal to one database). Each goes through the request's loader, so 25
 * representations of wards cost one statement.
 */
export const placesReferences = {
  Ward: (key, { loaders }: PlacesContext): Promise<WardRow | undefined> => loaders.places.ward.load(keyText(key, 'code', 'Ward')),
  Locality: (key, { loaders }: PlacesContext): Promise<LocalityRow | undefined> =>
    loaders.places.localityByName.load(keyText(key, 'name', 'Locality').trim().toLowerCase()),
  Lsoa: (key, { loaders }: PlacesContext): Promise<Lsoa | undefined> => loaders.places.lsoa.load(keyText(key, 'code', 'Lsoa')),
} satisfies Record<string, ReferenceResolver>;
