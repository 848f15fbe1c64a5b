import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, NotFoundError } from '../../../src/errors';
import { openOrm, type Orm } from '../../../src/orm';
import { findWard, listWards } from '../../../src/modules/places/places.service';
import { WardOrderField, OrderDirection } from '../../../src/modules/places/places.inputs';
import { createTestDatabase, type TestDatabase } from '../../support/db';

// The rules live in services that take an EntityManager: tested here with no GraphQL at all.
let db: TestDatabase;
let orm: Orm;
let em: EntityManager;
beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openOrm({ clientUrl: db.url });
});
beforeEach(() => {
  em = orm.em.fork();
});
afterAll(async () => {
  await orm.close();
  await db.drop();
});

describe('places service', () => {
  it('finds a ward by code', async () => {
    expect((await findWard(em, 'E05013010')).name).toBe('Rotherham East');
  });

  it('throws typed errors for a malformed and an unknown code', async () => {
    await expect(findWard(em, 'nope')).rejects.toBeInstanceOf(BadUserInputError);
    await expect(findWard(em, 'E05000000')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists wards of a locality by name descending, one page at a time', async () => {
    const page = await listWards(
      em,
      { locality: 'north' },
      { field: WardOrderField.NAME, direction: OrderDirection.DESC },
      { first: 3 },
      100,
    );
    expect(page.totalCount).toBe(7);
    expect(page.nodes.map((w) => w.name)).toEqual(['Wath', 'Swinton Rockingham', 'Rawmarsh West']);
    const next = await listWards(
      em,
      { locality: 'north' },
      { field: WardOrderField.NAME, direction: OrderDirection.DESC },
      { first: 3, after: page.pageInfo.endCursor },
      100,
    );
    expect(next.nodes.map((w) => w.name)).toEqual(['Rawmarsh East', 'Kilnhurst & Swinton East', 'Hoober']);
  });
});
