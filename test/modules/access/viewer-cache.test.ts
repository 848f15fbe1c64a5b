import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { createTokenVerifier } from '../../../src/modules/access/tokens';
import { ViewerCache } from '../../../src/modules/access/viewer-cache';
import {
  MatrixCreateApiKeyDocument,
  MatrixGrantMembershipDocument,
  MatrixRevokeApiKeyDocument,
  MatrixRevokeMembershipDocument,
  MyKindRolesAndGroupsDocument,
} from '../../generated/graphql';
import { useTestApp } from '../../support/app';
import { authHeader, TEST_JWT_SECRET, tokenFor } from '../../support/auth';
import { statementsOf } from '../../support/statements';

const hub = useTestApp();

let made = 0;
async function newAccount(kind: 'PERSON' | 'SERVICE'): Promise<{ id: number; subject: string }> {
  made += 1;
  const subject = `test:cached-${kind.toLowerCase()}-${made}`;
  const [row] = await hub.ownerSql<{ id: number }>(
    `insert into hub_user (subject, name, kind, partner_id) values ($1, $2, $3, 1) returning id`,
    [subject, `Cached ${made}`, kind],
  );
  return { id: row.id, subject };
}

async function groupId(): Promise<number> {
  const [row] = await hub.ownerSql<{ id: number }>(`select id from tasking_group where code = 'NJTG'`);
  return row.id;
}

const readsAccount = (statements: string[]) => statements.filter((s) => /\bfrom hub_user\b/.test(s));

describe('authenticated callers cached per process', () => {
  it('cost no statement to authenticate a credential accepted moments ago', async () => {
    const auth = await authHeader();
    const first = await statementsOf(hub.app, (headers) => hub.gql(MyKindRolesAndGroupsDocument, {}, { ...auth, ...headers }));
    const again = await statementsOf(hub.app, (headers) => hub.gql(MyKindRolesAndGroupsDocument, {}, { ...auth, ...headers }));
    expect(first.result.body.errors).toBeUndefined();
    expect(again.result.body).toEqual(first.result.body);
    expect(readsAccount(first.statements)).toHaveLength(1);
    expect(readsAccount(again.statements)).toHaveLength(0);
  });

  it('see a membership granted or revoked by the very next request with the same token', async () => {
    const account = await newAccount('PERSON');
    const group = await groupId();
    const auth = { authorization: `Bearer ${await tokenFor(account.subject)}` };
    const groups = async () => {
      const res = await hub.gql(MyKindRolesAndGroupsDocument, {}, auth);
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.me.memberships.map((m) => Number(m.group.id));
    };
    expect(await groups()).toEqual([]);
    expect(await groups()).toEqual([]); // now cached

    const granted = await hub.gqlAs('seed:admin', MatrixGrantMembershipDocument, { userId: String(account.id), groupId: String(group) });
    expect(granted.body.errors).toBeUndefined();
    expect(await groups()).toEqual([group]);

    const revoked = await hub.gqlAs('seed:admin', MatrixRevokeMembershipDocument, { id: granted.body.data!.grantMembership.id });
    expect(revoked.body.errors).toBeUndefined();
    expect(await groups()).toEqual([]);
  });

  it('refuse an API key on the very next request after it is revoked', async () => {
    const service = await newAccount('SERVICE');
    const created = await hub.gqlAs('seed:admin', MatrixCreateApiKeyDocument, { userId: String(service.id) });
    expect(created.body.errors).toBeUndefined();
    const auth = { authorization: `Bearer ${created.body.data!.createApiKey.key}` };
    expect((await hub.gql(MyKindRolesAndGroupsDocument, {}, auth)).body.errors).toBeUndefined();
    const cached = await statementsOf(hub.app, (headers) => hub.gql(MyKindRolesAndGroupsDocument, {}, { ...auth, ...headers }));
    expect(readsAccount(cached.statements)).toHaveLength(0);

    const revoked = await hub.gqlAs('seed:admin', MatrixRevokeApiKeyDocument, { id: created.body.data!.createApiKey.apiKey.id });
    expect(revoked.body.errors).toBeUndefined();
    const refused = await hub.gql(MyKindRolesAndGroupsDocument, {}, auth);
    expect(refused.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('does not keep an account read that began before a wake-up about it', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: hub.db.url, AUTH_JWT_SECRET: TEST_JWT_SECRET });
    const cache = new ViewerCache(await createTokenVerifier(config.auth, createLogger({ level: 'silent', format: 'json' })));
    const token = await tokenFor('seed:analyst');
    const reading = cache.authenticate(hub.app.orm.em.fork(), token);
    cache.wake({ channel: 'account:1', cursor: '1.1' });
    await reading;
    expect(cache.size).toBe(0);
    await cache.authenticate(hub.app.orm.em.fork(), token);
    expect(cache.size).toBe(1);
    cache.wake(undefined);
    expect(cache.size).toBe(0);
  });

  it('drop the oldest entry beyond their bound', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: hub.db.url, AUTH_JWT_SECRET: TEST_JWT_SECRET });
    const verifier = await createTokenVerifier(config.auth, createLogger({ level: 'silent', format: 'json' }));
    const cache = new ViewerCache(verifier, { ttlMs: 60_000, maxEntries: 2 });
    for (const subject of ['seed:analyst', 'seed:admin', 'seed:north-chair'])
      await cache.authenticate(hub.app.orm.em.fork(), await tokenFor(subject));
    expect(cache.size).toBe(2);
  });
});
