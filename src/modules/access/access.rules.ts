import { ForbiddenError, UnauthenticatedError } from '../../errors';
import { GroupRole } from './access.enums';
import { membershipOf, type Viewer, type ViewerMembership } from './viewer';

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
