import type { EntityManager } from '@mikro-orm/postgresql';
import { manyByKey, oneByKey } from '../../batch';
import * as plans from './plans.service';

/** Per-request loaders for ward plans and their priorities: `ctx.loaders.plans`. */
export function plansLoaders(em: EntityManager) {
  return {
    plans: {
      plan: oneByKey(
        (ids: readonly number[]) => plans.plansByIds(em, ids),
        (p) => p.id,
      ),
      plansByWard: manyByKey(
        (codes: readonly string[]) => plans.plansByWards(em, codes),
        (p) => p.ward.code,
      ),
      prioritiesByPlan: manyByKey(
        (ids: readonly number[]) => plans.prioritiesByPlans(em, ids),
        (p) => p.plan.id,
      ),
    },
  };
}

/** The loaders a resolver's context needs to load plans: `Context<PlansLoaders>`. */
export type PlansLoaders = ReturnType<typeof plansLoaders>;
