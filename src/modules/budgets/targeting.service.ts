import type { EntityManager } from '@mikro-orm/postgresql';
import { Ward } from '../places/ward.entity';
import { deprivationByWards, populationByWards } from '../profiles/profiles.service';
import { BudgetFund } from './budget-allocation.entity';
import { budgetSummaries, checkFinancialYear, latestFinancialYear } from './budgets.service';
import type { TargetingArgs, TargetingRow } from './targeting.types';

/**
 * Every ward, most deprived first, beside its spend per resident from ward budgets and partner
 * contributions: the baseline the council asked for to redirect resources to its most deprived areas.
 */
export async function targetingRows(em: EntityManager, args: TargetingArgs): Promise<TargetingRow[]> {
  const year = args.financialYear ? checkFinancialYear(args.financialYear) : await latestFinancialYear(em);
  const wards = await em.find(Ward, {}, { orderBy: { code: 'asc' } });
  const codes = wards.map((w) => w.code);
  const [deprivation, population, budgets] = await Promise.all([
    deprivationByWards(em, codes),
    populationByWards(em, codes),
    year ? budgetSummaries(em, codes, year) : Promise.resolve(new Map()),
  ]);
  const rows = wards.map((ward): TargetingRow => {
    const d = deprivation.get(ward.code);
    const b = budgets.get(ward.code);
    const fund = (f: BudgetFund) => b?.byFund.find((x: { fund: BudgetFund }) => x.fund === f)?.amount ?? 0;
    const people = population.get(ward.code)?.total ?? null;
    const wardSpend = fund(BudgetFund.WARD_BUDGET) + fund(BudgetFund.WARD_HOUSING_HUB);
    const partner = fund(BudgetFund.PARTNER_CONTRIBUTION);
    return {
      ward,
      deprivationRank: d?.rankInBorough ?? null,
      imdScore: d?.imdScore ?? null,
      shareInMostDeprivedDecile: d?.shareInMostDeprivedDecile ?? null,
      population: people,
      wardSpend: Math.round(wardSpend * 100) / 100,
      partnerContributions: partner,
      spendPerResident: people ? Math.round(((wardSpend + partner) / people) * 100) / 100 : null,
      indicatorIds: args.indicatorIds ?? null,
    };
  });
  return rows.sort((a, b) => (a.deprivationRank ?? Infinity) - (b.deprivationRank ?? Infinity) || a.ward.name.localeCompare(b.ward.name));
}
