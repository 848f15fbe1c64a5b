import type { EntityManager } from '@mikro-orm/postgresql';
import { col, selectRows } from '../../rows';
import { Ward } from '../places/ward.entity';
import { deprivationByWards, populationByWards } from '../profiles/profiles.service';
import { BudgetFund } from './budget-allocation.entity';
import { checkFinancialYear } from '../../periods';
import { budgetSourceIds, budgetSummaries, financialYears } from './budgets.service';
import type { BudgetSummary } from './budgets.types';
import type { TargetingArgs, TargetingRow } from './targeting.types';

const pounds = (v: number) => Math.round(v * 100) / 100;

/**
 * Why a year has no spend figures. Without allocations for the year the spend is unknown, not £0: a
 * dashboard that showed £0 would tell the council its most deprived wards got nothing.
 */
function noDataNote(year: string | null, loaded: string[]): string {
  const years = loaded.length ? `Years loaded: ${loaded.join(', ')}.` : 'No year is loaded yet.';
  return year
    ? `No ward budget allocations are loaded for ${year}, so spend there is unknown (not £0). ${years}`
    : `No ward budget allocations are loaded, so spend is unknown (not £0). ${years}`;
}

/** The sources of each ward's LSOA-to-ward assignment, through which population and deprivation are rolled up. */
async function lookupSources(em: EntityManager, codes: string[]): Promise<Map<string, number[]>> {
  const rows = await selectRows(
    em,
    { ward_code: col.text, sources: col.intArray },
    'select ward_code, array_agg(distinct source_id order by source_id) as sources from lsoa where ward_code in (?) group by 1',
    [codes],
  );
  return new Map(rows.map((r) => [r.ward_code, r.sources]));
}

/**
 * Every ward, most deprived first, beside its spend per resident from ward budgets and partner
 * contributions: the baseline the council asked for to redirect resources to its most deprived areas.
 * Spend is null, with a note saying why, for a year that has no allocations loaded.
 */
export async function targetingRows(em: EntityManager, args: TargetingArgs): Promise<TargetingRow[]> {
  const loaded = await financialYears(em);
  const year = args.financialYear ? checkFinancialYear(args.financialYear) : (loaded.at(-1) ?? null);
  const known = year != null && loaded.includes(year);
  const wards = await em.find(Ward, {}, { orderBy: { code: 'asc' } });
  const codes = wards.map((w) => w.code);
  const [deprivation, population, budgets, budgetSources, lookups] = await Promise.all([
    deprivationByWards(em, codes),
    populationByWards(em, codes),
    known ? budgetSummaries(em, 'ward', codes, year) : Promise.resolve(new Map<string, BudgetSummary>()),
    known ? budgetSourceIds(em, year) : Promise.resolve([]),
    lookupSources(em, codes),
  ]);
  const rows = wards.map((ward): TargetingRow => {
    const d = deprivation.get(ward.code);
    const p = population.get(ward.code);
    const b = budgets.get(ward.code);
    const fund = (f: BudgetFund) => b?.byFund.find((x) => x.fund === f)?.amount ?? 0;
    const people = p?.total ?? null;
    const wardSpend = known ? pounds(fund(BudgetFund.WARD_BUDGET) + fund(BudgetFund.WARD_HOUSING_HUB)) : null;
    const partner = known ? pounds(fund(BudgetFund.PARTNER_CONTRIBUTION)) : null;
    const sourceIds = [...budgetSources, d?.sourceId, p?.sourceId, ...(lookups.get(ward.code) ?? [])].filter(
      (id): id is number => id != null,
    );
    return {
      ward,
      deprivationRank: d?.rankInBorough ?? null,
      imdScore: d?.imdScore ?? null,
      shareInMostDeprivedDecile: d?.shareInMostDeprivedDecile ?? null,
      population: people,
      wardSpend,
      partnerContributions: partner,
      spendPerResident: wardSpend != null && partner != null && people ? pounds((wardSpend + partner) / people) : null,
      spendNote: known ? null : noDataNote(year, loaded),
      sourceIds: [...new Set(sourceIds)].sort((x, y) => x - y),
      indicatorIds: args.indicatorIds ?? null,
    };
  });
  return rows.sort((a, b) => (a.deprivationRank ?? Infinity) - (b.deprivationRank ?? Infinity) || a.ward.name.localeCompare(b.ward.name));
}
