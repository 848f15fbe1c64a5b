import { NotFoundError } from '../src/errors';
import { openOrm, type Orm } from '../src/orm';
import { ApiKey } from '../src/modules/access/api-key.entity';
import { HubUser } from '../src/modules/access/hub-user.entity';
import { Partner } from '../src/modules/partners/partner.entity';
import { Locality } from '../src/modules/places/locality.entity';
import { Lsoa } from '../src/modules/places/lsoa.entity';
import { Ward } from '../src/modules/places/ward.entity';
import { GroupMember } from '../src/modules/tasking/group-member.entity';
import { TaskingGroup } from '../src/modules/tasking/tasking-group.entity';
import { createTestDatabase, type TestDatabase } from './support/db';

/** findOneOrFail's one not-found mapping (orm.ts), with the wording clients have always had. */

let db: TestDatabase;
let orm: Orm;
beforeAll(async () => {
  db = await createTestDatabase();
  orm = await openOrm({ clientUrl: db.url });
});
afterAll(async () => {
  await orm.close();
  await db.drop();
});

async function failure(lookup: Promise<unknown>): Promise<unknown> {
  try {
    await lookup;
  } catch (err) {
    return err;
  }
  throw new Error('expected the lookup to fail, but it found a row');
}

describe('findOneOrFail', () => {
  it.each([
    ['a ward by code', () => orm.em.fork().findOneOrFail(Ward, { code: 'E05099999' }), "No ward has the code 'E05099999'."],
    ['a ward by primary key', () => orm.em.fork().findOneOrFail(Ward, 'E05099999'), "No ward has the code 'E05099999'."],
    ['an LSOA by code', () => orm.em.fork().findOneOrFail(Lsoa, { code: 'E01099999' }), "No LSOA has the code 'E01099999'."],
    ['a locality by id', () => orm.em.fork().findOneOrFail(Locality, 99, { fields: ['id'] }), 'There is no locality with id 99.'],
    ['a tasking group', () => orm.em.fork().findOneOrFail(TaskingGroup, 999), 'There is no tasking group with id 999.'],
    ['an account', () => orm.em.fork().findOneOrFail(HubUser, 999), 'There is no account with id 999.'],
    ['an API key', () => orm.em.fork().findOneOrFail(ApiKey, { id: 999 }), 'There is no API key with id 999.'],
    ['a membership', () => orm.em.fork().findOneOrFail(GroupMember, 999), 'There is no membership with id 999.'],
  ])('names %s as clients have always been told', async (_what, lookup, message) => {
    const err = await failure(lookup());
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ message, extensions: { code: 'NOT_FOUND' } });
  });

  it('falls back to the entity name for an entity without a label', async () => {
    expect(await failure(orm.em.fork().findOneOrFail(Partner, 999))).toMatchObject({
      message: 'There is no Partner with id 999.',
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('finds what is there', async () => {
    await expect(orm.em.fork().findOneOrFail(Ward, { code: 'E05013010' })).resolves.toMatchObject({ name: 'Rotherham East' });
  });
});

describe('NotFoundError.of', () => {
  it('words a missing row by id or by code', () => {
    expect(NotFoundError.of({ noun: 'case', key: 'id' }, 12).message).toBe('There is no case with id 12.');
    expect(NotFoundError.of({ noun: 'ward', key: 'code' }, 'E05000000').message).toBe("No ward has the code 'E05000000'.");
    expect(NotFoundError.of({ noun: 'case', key: 'id' }, { nested: true }).message).toBe('There is no case with id {"nested":true}.');
  });
});
