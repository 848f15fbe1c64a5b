import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { paginate, type Page } from '../../pagination';
import { escapeLike } from '../../sql';
import type { PartnersArgs } from './partners.inputs';
import { Partner } from './partner.entity';

/** A page of partner organisations, A to Z. */
export function listPartners(em: EntityManager, args: PartnersArgs, maxPageSize: number): Promise<Page<Partner>> {
  const where: FilterQuery<Partner>[] = [];
  if (args.kind) where.push({ kind: args.kind });
  if (args.nameContains) where.push({ name: { $ilike: `%${escapeLike(args.nameContains)}%` } });
  return paginate(em, Partner, where.length ? { $and: where } : {}, [{ name: 'asc' }, { id: 'asc' }], args, maxPageSize);
}

export function partnersByIds(em: EntityManager, ids: readonly number[]): Promise<Partner[]> {
  return em.find(Partner, { id: { $in: [...ids] } });
}
