import type { EntityManager } from '@mikro-orm/postgresql';
import { once, withArgs } from '../../batch';
import { checkFinancialYear } from '../../periods';
import { budgetSummaries, latestFinancialYear } from './budgets.service';
import type { BudgetArgs, BudgetSummary } from './budgets.types';

/** Per-request loaders for ward budgets: `ctx.loaders.budgets`. */
export function budgetsLoaders(em: EntityManager) {
  return {
    budgets: {
      latestFinancialYear: once(() => latestFinancialYear(em)),
      wardBudget: withArgs((codes: readonly string[], year: string) => budgetSummaries(em, codes, year)),
    },
  };
}

/** The loaders a resolver's context needs to load budgets: `Context<BudgetsLoaders>`. */
export type BudgetsLoaders = ReturnType<typeof budgetsLoaders>;

/** A ward's budget summary through the request's loaders; null when no year has allocations. */
export async function loadBudget(loaders: BudgetsLoaders, code: string, args: BudgetArgs): Promise<BudgetSummary | null> {
  const year = args.financialYear ? checkFinancialYear(args.financialYear) : await loaders.budgets.latestFinancialYear.load('once');
  if (!year) return null;
  return (await loaders.budgets.wardBudget.load({ key: code, args: year })) ?? null;
}
