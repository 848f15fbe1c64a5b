import type { EntityManager } from '@mikro-orm/postgresql';
import { once, withArgs } from '../../batch';
import { checkFinancialYear } from '../../periods';
import type { AreaLevel } from '../places/areas';
import { budgetSummaries, latestFinancialYear } from './budgets.service';
import type { BudgetArgs, BudgetSummary } from './budgets.types';

/** Per-request loaders for budgets of wards, localities and the borough: `ctx.loaders.budgets`. */
export function budgetsLoaders(em: EntityManager) {
  const summaries = (level: AreaLevel) => withArgs((keys: readonly string[], year: string) => budgetSummaries(em, level, keys, year));
  return {
    budgets: {
      latestFinancialYear: once(() => latestFinancialYear(em)),
      wardBudget: summaries('ward'),
      localityBudget: summaries('locality'),
      boroughBudget: summaries('borough'),
    },
  };
}

/** The loaders a resolver's context needs to load budgets: `Context<BudgetsLoaders>`. */
export type BudgetsLoaders = ReturnType<typeof budgetsLoaders>;

const LOADER = { ward: 'wardBudget', locality: 'localityBudget', borough: 'boroughBudget' } as const satisfies Record<AreaLevel, string>;

/** An area's budget summary through the request's loaders, so that sibling areas batch; null when no year has allocations. */
export async function loadBudget(loaders: BudgetsLoaders, level: AreaLevel, key: string, args: BudgetArgs): Promise<BudgetSummary | null> {
  const year = args.financialYear ? checkFinancialYear(args.financialYear) : await loaders.budgets.latestFinancialYear.load('once');
  if (!year) return null;
  return (await loaders.budgets[LOADER[level]].load({ key, args: year })) ?? null;
}
