import type { EntityManager } from '@mikro-orm/postgresql';
import { once, withArgs } from '../../batch';
import { checkFinancialYear } from '../../periods';
import { budgetSummaries, latestFinancialYear } from './budgets.service';
import type { BudgetArgs, BudgetSummary } from './budgets.types';

export function budgetsLoaders(em: EntityManager) {
  return {
    latestFinancialYear: once(() => latestFinancialYear(em)),
    wardBudget: withArgs((codes: readonly string[], year: string) => budgetSummaries(em, codes, year)),
  };
}

/** A ward's budget summary through the request's loaders; null when no year has allocations. */
export async function loadBudget(
  loaders: ReturnType<typeof budgetsLoaders>,
  code: string,
  args: BudgetArgs,
): Promise<BudgetSummary | null> {
  const year = args.financialYear ? checkFinancialYear(args.financialYear) : await loaders.latestFinancialYear.load('once');
  if (!year) return null;
  return (await loaders.wardBudget.load({ key: code, args: year })) ?? null;
}
