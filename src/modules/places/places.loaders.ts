import type { EntityManager } from '@mikro-orm/postgresql';
import { manyByKey, oneByKey, withArgs } from '../../batch';
import type { LsoaOrder } from './places.inputs';
import * as places from './places.service';

/** Per-request loaders for places (`ctx.loaders.places`): each resolves every parent's relation in one statement. */
export function placesLoaders(em: EntityManager) {
  return {
    places: {
      ward: oneByKey(
        (codes: readonly string[]) => places.wardsByCodes(em, codes),
        (w) => w.code,
      ),
      locality: oneByKey(
        (ids: readonly number[]) => places.localitiesByIds(em, ids),
        (l) => l.id,
      ),
      /** By lower-case name: the key a federation gateway refers to a locality by. */
      localityByName: oneByKey(
        (names: readonly string[]) => places.localitiesByLowerNames(em, names),
        (l) => l.name.toLowerCase(),
      ),
      boundarySet: oneByKey(
        (codes: readonly string[]) => places.boundarySetsByCodes(em, codes),
        (b) => b.code,
      ),
      lsoa: oneByKey(
        (codes: readonly string[]) => places.lsoasByCodes(em, codes),
        (l) => l.code,
      ),
      wardsByLocality: manyByKey(
        (ids: readonly number[]) => places.wardsByLocalities(em, ids),
        (w) => w.locality.id,
      ),
      councillorsByWard: manyByKey(
        (codes: readonly string[]) => places.councillorsByWards(em, codes),
        (c) => c.ward.code,
      ),
      lsoasByWard: withArgs((codes: readonly string[], order: LsoaOrder) => places.lsoasByWards(em, codes, order)),
    },
  };
}

/** The loaders a resolver's context needs to load places: `Context<PlacesLoaders>`. */
export type PlacesLoaders = ReturnType<typeof placesLoaders>;
