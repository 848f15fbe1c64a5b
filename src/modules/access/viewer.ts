import { GroupRole, SystemRole, UserKind } from './access.enums';
import { CLOCK_TOLERANCE_SECONDS } from './tokens';

/** One group the viewer belongs to, as loaded when the request was authenticated. */
export interface ViewerMembership {
  groupId: number;
  groupName: string;
  localityId: number;
  role: GroupRole;
}

/**
 * Who is asking: the account behind the bearer token, its organisation and roles, and the groups
 * it belongs to at the moment the request (or subscription event) was authenticated.
 */
export interface Viewer {
  userId: number;
  name: string;
  kind: UserKind;
  partnerId: number;
  organisation: string;
  roles: readonly SystemRole[];
  memberships: readonly ViewerMembership[];
  credential: 'jwt' | 'api-key';
  /** When the token stops being valid; null for API keys without an expiry. */
  expiresAt: Date | null;
  /** An API key that may send only trusted documents (registered operations). */
  trustedDocumentsOnly?: boolean;
}

export function hasRole(viewer: Viewer, role: SystemRole): boolean {
  return viewer.roles.includes(role);
}

export function membershipOf(viewer: Viewer, groupId: number): ViewerMembership | undefined {
  return viewer.memberships.find((m) => m.groupId === groupId);
}

export function groupIdsOf(viewer: Viewer | null): number[] {
  return viewer ? viewer.memberships.map((m) => m.groupId) : [];
}

/** How the viewer is described in the audit trail, e.g. "CHAIR of North Joint Tasking Group". */
export function describeRole(viewer: Viewer, groupIds: readonly number[]): string {
  const parts = viewer.memberships.filter((m) => groupIds.includes(m.groupId)).map((m) => `${m.role} of ${m.groupName}`);
  return [...parts, ...viewer.roles].join('; ') || viewer.kind;
}

/**
 * When the hub stops accepting the viewer's credential, or null if never. A JWT's `exp` comes from
 * the identity provider's clock, so it gets the same 30 s of drift as the signature check
 * (tokens.ts): every later check (each request, a socket's operations, a subscription's re-checks
 * and its expiry timer) must agree with the first one. An API key's expiry was set by the hub
 * itself, so it counts as written.
 */
export function acceptedUntil(viewer: Pick<Viewer, 'credential' | 'expiresAt'>): Date | null {
  if (!viewer.expiresAt) return null;
  return viewer.credential === 'jwt' ? new Date(viewer.expiresAt.getTime() + CLOCK_TOLERANCE_SECONDS * 1000) : viewer.expiresAt;
}

/** Whether the viewer's credential has run out at `now` (see acceptedUntil). */
export function credentialExpired(viewer: Pick<Viewer, 'credential' | 'expiresAt'>, now = new Date()): boolean {
  const until = acceptedUntil(viewer);
  return until !== null && until <= now;
}
