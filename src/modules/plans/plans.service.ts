import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../../errors';
import { paginate, type Page } from '../../pagination';
import { localityForFilter } from '../places/places.service';
import type { WardPrioritiesArgs } from './plans.inputs';
import { WardPlan } from './ward-plan.entity';
import { WardPriority } from './ward-priority.entity';

/** Every plan of each ward, newest year first. */
export function plansByWards(em: EntityManager, codes: readonly string[]): Promise<WardPlan[]> {
  return em.find(WardPlan, { ward: { $in: [...codes] } }, { orderBy: { year: 'desc' } });
}

export function plansByIds(em: EntityManager, ids: readonly number[]): Promise<WardPlan[]> {
  return em.find(WardPlan, { id: { $in: [...ids] } });
}

export function prioritiesByPlans(em: EntityManager, ids: readonly number[]): Promise<WardPriority[]> {
  return em.find(WardPriority, { plan: { $in: [...ids] } }, { orderBy: { position: 'asc', id: 'asc' } });
}

/** The plan for `year`, or the newest when no year is given, from a ward's plans (newest first). */
export function pickPlan(plans: WardPlan[], year?: number | null): WardPlan | null {
  if (year == null) return plans[0] ?? null;
  return plans.find((p) => p.year === year) ?? null;
}

/** A page of ward priorities across the borough, filtered by theme, year, aim and locality. */
export async function listPriorities(em: EntityManager, args: WardPrioritiesArgs, maxPageSize: number): Promise<Page<WardPriority>> {
  if (args.year != null && (args.year < 2000 || args.year > 2100)) {
    throw new BadUserInputError(`'year' must be a four-digit year such as 2024; it was ${args.year}.`, 'year');
  }
  const where: FilterQuery<WardPriority>[] = [];
  if (args.theme) where.push({ theme: args.theme });
  if (args.year != null) where.push({ plan: { year: args.year } });
  if (args.aim) where.push({ healthAndWellbeingAims: { $contains: [args.aim] } });
  if (args.locality != null) {
    where.push({ plan: { ward: { locality: await localityForFilter(em, args.locality, 'locality') } } });
  }
  return paginate(em, WardPriority, where.length ? { $and: where } : {}, [{ id: 'asc' }], args, maxPageSize);
}
