import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../errors';
import { GroupRole } from './access.enums';
import { membershipOf, type Viewer, type ViewerMembership } from './viewer';
import { col, selectMaybe } from '../../rows';

/** The viewer, who must be signed in (root rules ensure this; services check again for direct callers). */
export function signedIn(viewer: Viewer | null): Viewer {
  if (!viewer) throw new UnauthenticatedError('Sign in to do this.');
  return viewer;
}

/** The viewer's membership of `groupId`, or FORBIDDEN naming what was asked. */
export function requireMember(viewer: Viewer | null, groupId: number, what: string): ViewerMembership {
  const membership = membershipOf(signedIn(viewer), groupId);
  if (!membership) throw new ForbiddenError(`${what}: only members of the owning tasking group (id ${groupId}) may do this.`);
  return membership;
}

/** As `requireMember`, and the member must chair the group. */
export function requireChair(viewer: Viewer | null, groupId: number, what: string): ViewerMembership {
  const membership = requireMember(viewer, groupId, what);
  if (membership.role !== GroupRole.CHAIR) {
    throw new ForbiddenError(`${what}: only the chair of ${membership.groupName} may do this; you are a member.`);
  }
  return membership;
}

/** The owning group of a row, read through the view that names it whoever asks: row-level security does not restrict them. */
const GROUP_THROUGH = {
  case_fact: 'select group_id from case_fact where id = ?',
  action_fact: 'select group_id from action_fact where id = ?',
  meeting_fact: 'select group_id from meeting_fact where id = ?',
  issue_fact: 'select group_id from issue_fact where id = ?',
} as const;

/** Views that name the owning group of a row. */
export type GroupView = keyof typeof GROUP_THROUGH;

/** The owning group of row `id` through its fact view; undefined when there is no such row. */
export async function groupThrough(tx: EntityManager, view: GroupView, id: number): Promise<number | undefined> {
  // tx.execute, not the connection's: inside a transaction it must use the transaction's connection,
  // or a write would hold one pooled connection and wait for a second.
  const row = await selectMaybe(tx, { group_id: col.int }, GROUP_THROUGH[view], [id]);
  return row?.group_id;
}

/**
 * Row `id` of a group-owned table, if the viewer is a member (or, with `chair`, the chair) of its
 * group: NOT_FOUND when there is no such row, FORBIDDEN when it is another group's. The group is
 * read through the fact view so that another group's row is reported as forbidden, not missing;
 * the row itself through row-level security, which also hides it if the membership was revoked
 * after the viewer was loaded.
 */
export async function requireInGroup<T extends object>(
  tx: EntityManager,
  viewer: Viewer | null,
  owned: { entity: EntityClass<T>; view: GroupView; noun: string },
  id: number,
  what: string,
  chair = false,
): Promise<{ found: T; groupId: number }> {
  const groupId = await groupThrough(tx, owned.view, id);
  if (groupId === undefined) throw NotFoundError.of({ noun: owned.noun, key: 'id' }, id);
  (chair ? requireChair : requireMember)(viewer, groupId, what);
  const found = await tx.findOne(owned.entity, id as FilterQuery<T>);
  if (!found) throw new ForbiddenError(`${what}: the ${owned.noun} is not visible to you.`);
  return { found: found, groupId };
}
