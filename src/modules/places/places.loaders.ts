import type { EntityManager } from '@mikro-orm/postgresql';
import { manyByKey, oneByKey } from '../../batch';
import * as places from './places.service';

/** Per-request loaders for places: each resolves every parent's relation in one statement. */
export function placesLoaders(em: EntityManager) {
  return {
    ward: oneByKey(
      (codes: readonly string[]) => places.wardsByCodes(em, codes),
      (w) => w.code,
    ),
    locality: oneByKey(
      (ids: readonly number[]) => places.localitiesByIds(em, ids),
      (l) => l.id,
    ),
    boundarySet: oneByKey(
      (codes: readonly string[]) => places.boundarySetsByCodes(em, codes),
      (b) => b.code,
    ),
    wardsByLocality: manyByKey(
      (ids: readonly number[]) => places.wardsByLocalities(em, ids),
      (w) => w.locality.id,
    ),
    councillorsByWard: manyByKey(
      (codes: readonly string[]) => places.councillorsByWards(em, codes),
      (c) => c.ward.code,
    ),
    lsoasByWard: manyByKey(
      (codes: readonly string[]) => places.lsoasByWards(em, codes),
      (l) => l.ward.code,
    ),
  };
}
