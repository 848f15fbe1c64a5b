import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError } from '../../errors';
import { idOf, InputCheck } from '../../validation';
import { UserKind } from './access.enums';
import type { IssuedApiKey } from './access.types';
import { ApiKey } from './api-key.entity';
import { generateApiKey } from './api-keys';
import { ACCESS_CHANGED, accountChannel } from '../live/live.channels';
import { withRetry, writeChanges } from '../live/live.transaction';
import type { WakeUpBus } from '../live/live.wakeups';
import { HubUser } from './hub-user.entity';

/** Issues an API key for a service account; the plain key is returned once and never stored. */
export async function issueApiKey(
  em: EntityManager,
  input: { userId: string; label: string; expiresAt?: Date | null; trustedDocumentsOnly?: boolean },
  now = new Date(),
): Promise<IssuedApiKey> {
  const userId = idOf(input.userId, 'userId');
  const check = new InputCheck().text('label', input.label, 100);
  if (input.expiresAt && input.expiresAt <= now) check.add('expiresAt', `'expiresAt' (${input.expiresAt.toISOString()}) is in the past.`);
  check.done();
  // Through withRetry like every write, so a database error (the account removed meanwhile) reaches the caller as what it means.
  return withRetry(em, (fork) =>
    fork.transactional(async (tx) => {
      const user = await tx.findOneOrFail(HubUser, userId);
      if (user.kind !== UserKind.SERVICE) {
        new InputCheck().add('userId', `${user.name} is a person; API keys are for service accounts. People sign in with tokens.`).done();
      }
      const generated = generateApiKey();
      const apiKey = tx.create(ApiKey, {
        user,
        prefix: generated.prefix,
        hash: generated.hash,
        label: input.label.trim(),
        expiresAt: input.expiresAt ?? null,
        trustedDocumentsOnly: input.trustedDocumentsOnly ?? false,
      });
      await tx.flush();
      return { key: generated.key, apiKey };
    }),
  );
}

/**
 * Revokes an API key at once: the next request with it is refused. The account's channel hears of
 * it, so every process drops the key from its cache of authenticated callers and the key's open
 * sockets re-check their access.
 */
export async function revokeApiKey(em: EntityManager, bus: WakeUpBus, id: string, now = new Date()): Promise<ApiKey> {
  const keyId = idOf(id, 'id');
  return writeChanges(
    em,
    null,
    bus,
    async (tx, log) => {
      const key = await tx.findOneOrFail(ApiKey, keyId);
      if (key.revokedAt) throw new ConflictError(`API key ${key.prefix} was already revoked at ${key.revokedAt.toISOString()}.`);
      key.revokedAt = now;
      await tx.flush();
      await log.record({ channel: accountChannel(key.user.id), type: ACCESS_CHANGED, payload: { userId: key.user.id } });
      return key;
    },
    { system: true },
  );
}

export function listApiKeys(em: EntityManager, userId?: string | null): Promise<ApiKey[]> {
  return em.find(ApiKey, userId ? { user: idOf(userId, 'userId') } : {}, { orderBy: { id: 'asc' } });
}

export function findUser(em: EntityManager, id: number): Promise<HubUser> {
  return em.findOneOrFail(HubUser, id);
}

export function usersByIds(em: EntityManager, ids: readonly number[]): Promise<HubUser[]> {
  return em.find(HubUser, { id: { $in: [...ids] } });
}

export function listUsers(em: EntityManager): Promise<HubUser[]> {
  return em.find(HubUser, {}, { orderBy: { name: 'asc', id: 'asc' } });
}
