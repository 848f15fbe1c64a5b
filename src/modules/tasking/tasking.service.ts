import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError } from '../../errors';
import { idOf } from '../../validation';
import { GroupRole } from '../access/access.enums';
import { HubUser } from '../access/hub-user.entity';
import { ACCESS_CHANGED, accountChannel } from '../live/live.channels';
import { writeChanges } from '../live/live.transaction';
import type { WakeUpBus } from '../live/live.wakeups';
import type { Locality } from '../places/locality.entity';
import { localityForFilter } from '../places/places.service';
import { GroupMember } from './group-member.entity';
import { TaskingGroup } from './tasking-group.entity';

/** Every tasking group, by locality then name. Group names and members are not secret; their cases are. */
export async function listGroups(em: EntityManager, locality?: string | null): Promise<TaskingGroup[]> {
  const where = locality ? { locality: (await requireLocality(em, locality)).id } : {};
  return em.find(TaskingGroup, where, { orderBy: { locality: { id: 'asc' }, name: 'asc' } });
}

/** Current memberships of many accounts in one statement. */
export function membershipsOfUsers(em: EntityManager, ids: readonly number[]): Promise<GroupMember[]> {
  return em.find(GroupMember, { user: { $in: [...ids] }, revokedAt: null }, { orderBy: { group: { id: 'asc' } } });
}

export function groupsByIds(em: EntityManager, ids: readonly number[]): Promise<TaskingGroup[]> {
  return em.find(TaskingGroup, { id: { $in: [...ids] } });
}

/** Current members of many groups in one statement, chairs first. */
export function membersOfGroups(em: EntityManager, ids: readonly number[]): Promise<GroupMember[]> {
  return em.find(GroupMember, { group: { $in: [...ids] }, revokedAt: null }, { orderBy: { role: 'asc', id: 'asc' }, populate: ['user'] });
}

/** Adds a person to a group (admins only, checked by the resolver's rule). */
export function grantMembership(
  em: EntityManager,
  bus: WakeUpBus,
  input: { userId: string; groupId: string; role: GroupRole },
): Promise<GroupMember> {
  const userId = idOf(input.userId, 'userId');
  const groupId = idOf(input.groupId, 'groupId');
  return writeChanges(
    em,
    null,
    bus,
    async (tx, log) => {
      const user = await tx.findOneOrFail(HubUser, userId);
      const group = await tx.findOneOrFail(TaskingGroup, groupId);
      const existing = await tx.findOne(GroupMember, { user, group, revokedAt: null });
      if (existing) throw new ConflictError(`${user.name} is already a ${existing.role} of ${group.name}.`);
      const member = tx.create(GroupMember, { user, group, role: input.role });
      await tx.flush();
      await log.record({ channel: accountChannel(userId), type: ACCESS_CHANGED, payload: { userId } });
      return member;
    },
    { system: true },
  );
}

/**
 * Ends a membership. Open subscriptions of the account are woken through its account channel,
 * re-check their access and end if it no longer holds.
 */
export function revokeMembership(em: EntityManager, bus: WakeUpBus, membershipId: string): Promise<GroupMember> {
  const id = idOf(membershipId, 'membershipId');
  return writeChanges(
    em,
    null,
    bus,
    async (tx, log) => {
      const found = await tx.findOneOrFail(GroupMember, id);
      if (found.revokedAt) throw new ConflictError(`Membership ${id} was already revoked at ${found.revokedAt.toISOString()}.`);
      found.revokedAt = new Date();
      await tx.flush();
      await log.record({ channel: accountChannel(found.user.id), type: ACCESS_CHANGED, payload: { userId: found.user.id } });
      return found;
    },
    { system: true },
  );
}

/** The locality named by a subscription's `locality` argument, or BAD_USER_INPUT listing the names. */
export function requireLocality(em: EntityManager, name: string): Promise<Locality> {
  return localityForFilter(em, name, 'locality');
}
