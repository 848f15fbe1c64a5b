import type { EntityManager } from '@mikro-orm/postgresql';
import { manyByKey, oneByKey } from '../../batch';
import { Partner } from '../partners/partner.entity';
import { Lsoa } from '../places/lsoa.entity';
import { groupsByIds, membersOfGroups, membershipsOfUsers, usersByIds } from './tasking.service';

/** Per-request loaders for groups, members, accounts and the partners and LSOAs they point at. */
export function taskingLoaders(em: EntityManager) {
  return {
    taskingGroup: oneByKey(
      (ids: readonly number[]) => groupsByIds(em, ids),
      (g) => g.id,
    ),
    membersByGroup: manyByKey(
      (ids: readonly number[]) => membersOfGroups(em, ids),
      (m) => m.group.id,
    ),
    membershipsByUser: manyByKey(
      (ids: readonly number[]) => membershipsOfUsers(em, ids),
      (m) => m.user.id,
    ),
    user: oneByKey(
      (ids: readonly number[]) => usersByIds(em, ids),
      (u) => u.id,
    ),
    partner: oneByKey(
      (ids: readonly number[]) => em.find(Partner, { id: { $in: [...ids] } }),
      (p) => p.id,
    ),
    lsoa: oneByKey(
      (codes: readonly string[]) => em.find(Lsoa, { code: { $in: [...codes] } }),
      (l) => l.code,
    ),
  };
}
