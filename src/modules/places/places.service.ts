import type { EntityManager, FilterQuery, QueryOrderMap } from '@mikro-orm/postgresql';
import { isLsoaCode, isWardCode } from '../../codes';
import { BadUserInputError, NotFoundError } from '../../errors';
import { paginate, type Page, type PageArgs } from '../../pagination';
import { escapeLike } from '../../sql';
import { BoundarySet } from './boundary-set.entity';
import { Councillor } from './councillor.entity';
import { Locality } from './locality.entity';
import { Lsoa } from './lsoa.entity';
import { WardOrderField, type WardFilter, type WardOrder } from './places.inputs';
import { Ward } from './ward.entity';
import { col, selectOne } from '../../rows';

export function listLocalities(em: EntityManager): Promise<Locality[]> {
  return em.find(Locality, {}, { orderBy: { id: 'asc' } });
}

async function noSuchLocality(em: EntityManager, name: string): Promise<string> {
  const names = (await listLocalities(em)).map((l) => l.name).join(', ');
  return `No locality is named '${name}'. Localities are: ${names}.`;
}

function localityNamed(em: EntityManager, name: string): Promise<Locality | null> {
  return em.findOne(Locality, { name: { $ilike: escapeLike(name.trim()) } });
}

/** The locality a filter names, or a BAD_USER_INPUT error naming the filter `field`. */
export async function localityForFilter(em: EntityManager, name: string, field: string): Promise<Locality> {
  const locality = await localityNamed(em, name);
  if (!locality) throw new BadUserInputError(await noSuchLocality(em, name), field);
  return locality;
}

export async function findLocality(em: EntityManager, name: string): Promise<Locality> {
  const locality = await localityNamed(em, name);
  if (!locality) throw new NotFoundError(await noSuchLocality(em, name));
  return locality;
}

export async function findWard(em: EntityManager, code: string): Promise<Ward> {
  if (!isWardCode(code)) {
    throw new BadUserInputError(`'${code}' is not an ONS ward code; ward codes look like E05013010.`, 'code');
  }
  return em.findOneOrFail(Ward, { code });
}

export async function findLsoa(em: EntityManager, code: string): Promise<Lsoa> {
  if (!isLsoaCode(code)) {
    throw new BadUserInputError(`'${code}' is not an ONS LSOA code; LSOA codes look like E01007736.`, 'code');
  }
  return em.findOneOrFail(Lsoa, { code });
}

/** A page of wards matching `filter`, sorted by `order` with the ward code as the tie-breaker. */
export async function listWards(
  em: EntityManager,
  filter: WardFilter | undefined,
  order: WardOrder | undefined,
  page: PageArgs,
  maxPageSize: number,
): Promise<Page<Ward>> {
  const where: FilterQuery<Ward>[] = [];
  if (filter?.locality != null) {
    where.push({ locality: await localityForFilter(em, filter.locality, 'filter.locality') });
  }
  if (filter?.nameContains) where.push({ name: { $ilike: `%${escapeLike(filter.nameContains)}%` } });
  if (filter?.codes) where.push({ code: { $in: filter.codes } });
  const field = order?.field ?? WardOrderField.NAME;
  const direction = order?.direction ?? 'asc';
  const orderBy: QueryOrderMap<Ward>[] = field === WardOrderField.CODE ? [{ code: direction }] : [{ name: direction }, { code: direction }];
  return paginate(em, Ward, where.length ? { $and: where } : {}, orderBy, page, maxPageSize);
}

export function wardsByCodes(em: EntityManager, codes: readonly string[]): Promise<Ward[]> {
  return em.find(Ward, { code: { $in: [...codes] } });
}

export function wardsByLocalities(em: EntityManager, ids: readonly number[]): Promise<Ward[]> {
  return em.find(Ward, { locality: { $in: [...ids] } }, { orderBy: { name: 'asc' } });
}

export function localitiesByIds(em: EntityManager, ids: readonly number[]): Promise<Locality[]> {
  return em.find(Locality, { id: { $in: [...ids] } });
}

export function boundarySetsByCodes(em: EntityManager, codes: readonly string[]): Promise<BoundarySet[]> {
  return em.find(BoundarySet, { code: { $in: [...codes] } });
}

export function councillorsByWards(em: EntityManager, codes: readonly string[]): Promise<Councillor[]> {
  return em.find(Councillor, { ward: { $in: [...codes] } }, { orderBy: { name: 'asc', id: 'asc' } });
}

export function lsoasByWards(em: EntityManager, codes: readonly string[]): Promise<Lsoa[]> {
  return em.find(Lsoa, { ward: { $in: [...codes] } }, { orderBy: { code: 'asc' } });
}

export function lsoasByCodes(em: EntityManager, codes: readonly string[]): Promise<Lsoa[]> {
  return em.find(Lsoa, { code: { $in: [...codes] } });
}

/** The borough, named after its LSOAs ("Rotherham 014A" → Rotherham). */
export async function findBorough(em: EntityManager): Promise<{ name: string }> {
  const row = await selectOne(
    em.getConnection(),
    { name: col.text.nullable() },
    `select min(regexp_replace(name, '\\s+\\S+$', '')) as name from lsoa`,
  );
  return { name: row.name ?? 'Borough' };
}
