import { Client } from 'pg';
import { ConflictError, fromDatabaseError } from '../../../src/errors';
import { withRetry } from '../../../src/modules/live/live.transaction';
import { openOrm } from '../../../src/orm';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { CreateApiKeyDocument, GrantMembershipDocument } from '../../generated/graphql';
import { useTestApp } from '../../support/app';
import { createTestDatabase } from '../../support/db';

const hub = useTestApp();

const GROUP = 1;

let seq = 0;
async function newUser(kind: 'PERSON' | 'SERVICE' = 'PERSON'): Promise<number> {
  seq += 1;
  const [row] = await hub.ownerSql<{ id: number }>(
    `insert into hub_user (subject, name, kind, partner_id) values ($1, $2, $3, 1) returning id`,
    [`test:memberships-${seq}`, `Membership fixture ${seq}`, kind],
  );
  return row.id;
}

function asAdmin<T, V>(document: TypedDocumentNode<T, V>, variables: V) {
  return hub.gqlAs('seed:admin', document, variables);
}

async function activeMemberships(userId: number): Promise<number> {
  const [row] = await hub.ownerSql<{ n: number }>(`select count(*)::int as n from group_member where user_id = $1 and revoked_at is null`, [
    userId,
  ]);
  return row.n;
}

/** The error a rejected promise carries (or a failure if it resolved). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

/**
 * Runs `change` in an open owner transaction, starts `request`, waits until the hub's statement is
 * blocked behind that transaction's row or index entry, then commits: the request then meets the
 * committed change in the database itself, past any check it made before. Deterministic: no timing.
 */
async function committedUnderneath<T>(change: string, params: unknown[], request: () => Promise<T>): Promise<T> {
  const owner = new Client({ connectionString: hub.db.url });
  await owner.connect();
  try {
    await owner.query('begin');
    await owner.query(change, params);
    const [{ pid }] = (await owner.query<{ pid: number }>('select pg_backend_pid() as pid')).rows;
    let settled = false;
    const pending = request().finally(() => {
      settled = true;
    });
    // Read through a call: the loop below only awaits, so the compiler takes `settled` to stay false.
    const isSettled = () => settled;
    for (;;) {
      const { rows } = await owner.query<{ n: number }>(
        `select count(*)::int as n from pg_locks w where not w.granted and $1 = any(pg_blocking_pids(w.pid))`,
        [pid],
      );
      if (rows[0].n > 0 || isSettled()) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await owner.query('commit');
    return await pending;
  } finally {
    await owner.end();
  }
}

describe('grantMembership under concurrency', () => {
  it('makes exactly one active membership when eight admins grant the same one at once; the others get CONFLICT', async () => {
    const userId = await newUser();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => asAdmin(GrantMembershipDocument, { userId: String(userId), groupId: String(GROUP) })),
    );
    const granted = results.filter((r) => r.body.data);
    const refused = results.flatMap((r) => r.body.errors ?? []);
    expect(granted).toHaveLength(1);
    expect(refused).toHaveLength(7);
    expect(refused.map((e) => e.extensions?.code)).toEqual(Array(7).fill('CONFLICT'));
    expect(await activeMemberships(userId)).toBe(1);
  });

  it('answers CONFLICT naming the field when the database, not the check, finds the duplicate', async () => {
    const userId = await newUser();
    const res = await committedUnderneath(
      `insert into group_member (group_id, user_id, role) values ($1, $2, 'CHAIR')`,
      [GROUP, userId],
      () => asAdmin(GrantMembershipDocument, { userId: String(userId), groupId: String(GROUP) }),
    );
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'userId' });
    expect(res.body.errors![0].message).not.toMatch(/insert|violates|group_member/i);
    expect(await activeMemberships(userId)).toBe(1);
  });

  it('can grant again after a revocation: only active memberships must be unique', async () => {
    const userId = await newUser();
    await hub.ownerSql(`insert into group_member (group_id, user_id, role, revoked_at) values ($1, $2, 'MEMBER', now())`, [GROUP, userId]);
    const res = await asAdmin(GrantMembershipDocument, { userId: String(userId), groupId: String(GROUP) });
    expect(res.body.errors).toBeUndefined();
    expect(await activeMemberships(userId)).toBe(1);
  });

  it('refuses a second active membership in the database itself', async () => {
    const userId = await newUser();
    await hub.ownerSql(`insert into group_member (group_id, user_id, role) values ($1, $2, 'MEMBER')`, [GROUP, userId]);
    const err = await rejection(
      hub.ownerSql(`insert into group_member (group_id, user_id, role) values ($1, $2, 'CHAIR')`, [GROUP, userId]),
    );
    expect((err as { code?: string }).code).toBe('23505');
  });
});

describe('the migration that adds the unique index', () => {
  it('first revokes duplicates made before it, keeping a chair over a member, then the earliest granted, then the lowest id', async () => {
    const db = await createTestDatabase();
    const orm = await openOrm({ clientUrl: db.url });
    try {
      const sql = <T = Record<string, unknown>>(q: string, params: unknown[] = []) => orm.em.fork().getConnection().execute<T[]>(q, params);
      // As the database was before the migration, with duplicates the race used to make.
      await sql(`drop index group_member_one_active`);
      await sql(`delete from mikro_orm_migrations where name = 'Migration20261203060000'`);
      const users = await sql<{ id: number }>(
        `insert into hub_user (subject, name, kind, partner_id) select 'test:dup-' || n, 'Duplicate ' || n, 'PERSON', 1 from generate_series(1, 3) n returning id`,
      );
      const [a, b, c] = users.map((u) => u.id);
      const ids = await sql<{ id: number; user_id: number; role: string }>(
        `insert into group_member (group_id, user_id, role, granted_at) values
           (1, ?, 'MEMBER', '2026-01-01'), (1, ?, 'CHAIR', '2026-02-01'), (1, ?, 'MEMBER', '2025-06-01'),
           (1, ?, 'MEMBER', '2026-01-02'), (1, ?, 'MEMBER', '2026-01-01'),
           (1, ?, 'MEMBER', '2026-01-01'), (1, ?, 'MEMBER', '2026-01-01')
         returning id, user_id, role`,
        [a, a, a, b, b, c, c],
      );
      await orm.migrator.up();
      const active = await sql<{ id: number }>(
        `select id from group_member where user_id in (?, ?, ?) and revoked_at is null order by user_id`,
        [a, b, c],
      );
      // a: the chair; b: the earliest granted; c: same date, so the lowest id.
      expect(active.map((r) => r.id)).toEqual([ids[1].id, ids[4].id, ids[5].id]);
      const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n from group_member where user_id in (?, ?, ?)`, [a, b, c]);
      expect(n).toBe(7);
      await expect(sql(`insert into group_member (group_id, user_id, role) values (1, ?, 'MEMBER')`, [a])).rejects.toMatchObject({
        code: '23505',
      });
    } finally {
      await orm.close();
      await db.drop();
    }
  });
});

describe('database errors reach clients as CONFLICT or BAD_USER_INPUT', () => {
  it('createApiKey for an account deleted meanwhile: BAD_USER_INPUT on userId (a foreign-key violation), nothing written', async () => {
    const userId = await newUser('SERVICE');
    const res = await committedUnderneath(`delete from hub_user where id = $1`, [userId], () =>
      asAdmin(CreateApiKeyDocument, { userId: String(userId), label: 'Gone' }),
    );
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });
    expect(await hub.ownerSql(`select id from api_key where user_id = $1`, [userId])).toEqual([]);
  });

  it('maps unique, foreign-key and check violations from PostgreSQL to the field at fault', async () => {
    const userId = await newUser();
    await hub.ownerSql(`insert into group_member (group_id, user_id, role) values ($1, $2, 'MEMBER')`, [GROUP, userId]);
    const unique = fromDatabaseError(
      await rejection(hub.ownerSql(`insert into group_member (group_id, user_id, role) values ($1, $2, 'MEMBER')`, [GROUP, userId])),
    );
    expect(unique?.extensions).toMatchObject({ code: 'CONFLICT', field: 'userId' });

    const foreign = fromDatabaseError(
      await rejection(hub.ownerSql(`insert into group_member (group_id, user_id, role) values (999999, $1, 'MEMBER')`, [userId])),
    );
    expect(foreign?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupId' });

    const check = fromDatabaseError(
      await rejection(hub.ownerSql(`insert into group_member (group_id, user_id, role) values ($1, $2, 'BOSS')`, [GROUP, userId])),
    );
    expect(check?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'role' });

    // Removing a row others still point at is a clash with the current state, not bad input.
    const referenced = fromDatabaseError(await rejection(hub.ownerSql(`delete from hub_user where id = $1`, [userId])));
    expect(referenced?.extensions).toMatchObject({ code: 'CONFLICT' });

    expect(fromDatabaseError(new Error('not from the database'))).toBeUndefined();
  });

  it('turns serialization failures that outlast the retries into CONFLICT, after retrying them', async () => {
    let attempts = 0;
    const err = await rejection(
      withRetry(
        hub.app.orm.em,
        async (fork) => {
          attempts += 1;
          await fork.execute(`do $$ begin raise exception 'could not serialize access' using errcode = '40001'; end $$`);
        },
        3,
      ),
    );
    expect(attempts).toBe(3);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).extensions.code).toBe('CONFLICT');
  });
});
