import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { UnauthenticatedError } from '../../errors';
import { col, selectMaybe, type Row } from '../../rows';
import { GroupRole, SystemRole, UserKind } from './access.enums';
import { hashApiKey, isApiKey, parseApiKey, sameHash } from './api-keys';
import type { TokenVerifier } from './tokens';
import { credentialExpired, type Viewer } from './viewer';

const viewerRow = {
  id: col.int,
  name: col.text,
  kind: z.enum(UserKind),
  partner_id: col.int,
  organisation: col.text,
  roles: z.array(z.enum(SystemRole)),
  active: col.boolean,
  memberships: z.array(z.object({ groupId: col.int, groupName: col.text, localityId: col.int, role: z.enum(GroupRole) })),
};
type ViewerRow = Row<typeof viewerRow>;
const apiKeyViewerRow = {
  ...viewerRow,
  hash: col.text,
  expires_at: col.timestamp.nullable(),
  revoked_at: col.timestamp.nullable(),
  trusted_documents_only: col.boolean,
};

/** What a viewer is made of: the account `u`, its organisation `p` and its current memberships. */
const VIEWER_COLUMNS = `u.id, u.name, u.kind, u.partner_id, p.name as organisation, u.roles, u.active,
  coalesce((select json_agg(json_build_object('groupId', g.id, 'groupName', g.name, 'localityId', g.locality_id, 'role', m.role) order by g.id)
              from group_member m join tasking_group g on g.id = m.group_id
             where m.user_id = u.id and m.revoked_at is null), '[]') as memberships`;

/** One statement each: the viewer found by account id, by the token's subject, or by an API key's prefix (with the key). */
const VIEWER_BY_ID = `select ${VIEWER_COLUMNS} from hub_user u join partner p on p.id = u.partner_id where u.id = ?`;
const VIEWER_BY_SUBJECT = `select ${VIEWER_COLUMNS} from hub_user u join partner p on p.id = u.partner_id where u.subject = ?`;
const VIEWER_BY_API_KEY = `select k.hash, k.expires_at, k.revoked_at, k.trusted_documents_only, ${VIEWER_COLUMNS}
  from api_key k join hub_user u on u.id = k.user_id join partner p on p.id = u.partner_id where k.prefix = ?`;

function toViewer(row: ViewerRow, credential: Viewer['credential'], expiresAt: Date | null): Viewer {
  return {
    userId: row.id,
    name: row.name,
    kind: row.kind,
    partnerId: row.partner_id,
    organisation: row.organisation,
    roles: row.roles,
    memberships: row.memberships,
    credential,
    expiresAt,
  };
}

/** The account with this id as it is now, or null if it is gone or disabled. */
export async function loadViewer(
  em: EntityManager,
  userId: number,
  credential: Viewer['credential'],
  expiresAt: Date | null,
): Promise<Viewer | null> {
  const row = await selectMaybe(em.getConnection(), viewerRow, VIEWER_BY_ID, [userId]);
  return row && row.active ? toViewer(row, credential, expiresAt) : null;
}

/** Reloads the viewer's account and memberships; null once the account is disabled or the token expired. */
export async function refreshViewer(em: EntityManager, viewer: Viewer, now = new Date()): Promise<Viewer | null> {
  if (credentialExpired(viewer, now)) return null;
  const fresh = await loadViewer(em, viewer.userId, viewer.credential, viewer.expiresAt);
  // A key's limit to trusted documents is set when it is made and never changes.
  return fresh && viewer.trustedDocumentsOnly ? { ...fresh, trustedDocumentsOnly: true } : fresh;
}

/** `Authorization: Bearer <token>` or a bare token (graphql-ws connectionParams), trimmed; undefined when absent. */
export function bearerToken(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(value.trim());
  return (m ? m[1] : value).trim();
}

/**
 * Works out who sent a token: a person's JWT (verified against the configured keys, then matched to
 * an account by its `sub`) or a service account's API key (matched by prefix, compared by hash).
 * Throws UnauthenticatedError saying what was wrong; never echoes the token.
 */
export async function authenticate(em: EntityManager, verifier: TokenVerifier, token: string, now = new Date()): Promise<Viewer> {
  const conn = em.getConnection();
  if (isApiKey(token)) {
    const parsed = parseApiKey(token);
    if (!parsed) throw new UnauthenticatedError('The API key is malformed: expected pdh_<prefix>_<secret> as issued.');
    const row = await selectMaybe(conn, apiKeyViewerRow, VIEWER_BY_API_KEY, [parsed.prefix]);
    if (!row || !sameHash(row.hash, hashApiKey(token))) throw new UnauthenticatedError('The API key is not recognised.');
    if (row.revoked_at) throw new UnauthenticatedError('The API key has been revoked.');
    const expiresAt = row.expires_at;
    if (expiresAt && expiresAt <= now) throw new UnauthenticatedError(`The API key expired at ${expiresAt.toISOString()}.`);
    if (!row.active) throw new UnauthenticatedError('The service account of this API key is disabled.');
    return { ...toViewer(row, 'api-key', expiresAt), trustedDocumentsOnly: row.trusted_documents_only };
  }
  const verified = await verifier.verify(token);
  const row = await selectMaybe(conn, viewerRow, VIEWER_BY_SUBJECT, [verified.subject]);
  if (!row) throw new UnauthenticatedError('The token is valid but no account in the hub has its subject (sub).');
  if (!row.active) throw new UnauthenticatedError('The account is disabled.');
  return toViewer(row, 'jwt', verified.expiresAt);
}
