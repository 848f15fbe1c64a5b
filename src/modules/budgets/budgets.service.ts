import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '../../errors';
import { latestEdition } from '../sources/sources.service';
import type { PriorityTheme } from '../plans/plan.enums';
import { BudgetFund } from './budget-allocation.entity';
import type { BudgetSummary, FundAmount } from './budgets.types';

const YEAR = /^(\d{4})\/(\d{2})$/;

/** The latest financial year with allocations, e.g. "2020/21". */
export async function latestFinancialYear(em: EntityManager): Promise<string | null> {
  const [row] = await em.getConnection().execute<{ year: string | null }[]>('select max(financial_year) as year from budget_allocation');
  return row.year;
}

export function checkFinancialYear(value: string): string {
  const m = YEAR.exec(value);
  if (!m || (Number(m[1]) + 1) % 100 !== Number(m[2])) {
    throw new BadUserInputError(`'financialYear' must be written like 2020/21; it was '${value}'.`, 'financialYear');
  }
  return value;
}

const pounds = (v: number) => Math.round(v * 100) / 100;

function byFund(rows: { fund: BudgetFund; amount: number }[]): FundAmount[] {
  const totals = new Map<BudgetFund, number>();
  for (const r of rows) totals.set(r.fund, (totals.get(r.fund) ?? 0) + r.amount);
  return Object.values(BudgetFund)
    .filter((f) => totals.has(f))
    .map((fund) => ({ fund, amount: pounds(totals.get(fund)!) }));
}

/**
 * Budget summaries for many wards in one financial year, with the borough's totals, in two statements:
 * the year's allocations grouped by ward, fund, priority and organisation, and the wards' residents.
 */
export async function budgetSummaries(
  em: EntityManager,
  codes: readonly string[],
  financialYear: string,
): Promise<Map<string, BudgetSummary>> {
  const conn = em.getConnection();
  const [rows, people] = await Promise.all([
    conn.execute<{ ward_code: string; fund: BudgetFund; priority: PriorityTheme | null; organisation: string; amount: number; n: number; sources: number[] }[]>(
      `select ward_code, fund, priority, organisation, sum(amount)::float8 as amount, count(*)::int as n,
              array_agg(distinct source_id) as sources
         from budget_allocation where financial_year = ?
        group by 1, 2, 3, 4`,
      [financialYear],
    ),
    conn.execute<{ ward_code: string; n: number }[]>(
      `select l.ward_code, sum(p.count)::int as n
         from lsoa_population p join lsoa l on l.code = p.lsoa_code
        where p.source_id in ${latestEdition('population')}
          and l.ward_code in (?)
        group by 1`,
      [[...codes]],
    ),
  ]);
  const residents = new Map(people.map((p) => [p.ward_code, p.n]));
  const boroughTotal = pounds(rows.reduce((n, r) => n + r.amount, 0));
  const boroughByFund = byFund(rows);
  const boroughOrganisations = new Set(rows.map((r) => r.organisation)).size;
  const result = new Map<string, BudgetSummary>();
  for (const code of codes) {
    const mine = rows.filter((r) => r.ward_code === code);
    const total = pounds(mine.reduce((n, r) => n + r.amount, 0));
    const priorities = new Map<PriorityTheme | null, number>();
    const organisations = new Map<string, { amount: number; allocations: number }>();
    for (const r of mine) {
      priorities.set(r.priority, (priorities.get(r.priority) ?? 0) + r.amount);
      const o = organisations.get(r.organisation) ?? { amount: 0, allocations: 0 };
      o.amount += r.amount;
      o.allocations += r.n;
      organisations.set(r.organisation, o);
    }
    const people = residents.get(code);
    result.set(code, {
      financialYear,
      total,
      byFund: byFund(mine),
      byPriority: [...priorities]
        .map(([priority, amount]) => ({ priority, amount: pounds(amount) }))
        .sort((a, b) => b.amount - a.amount || String(a.priority).localeCompare(String(b.priority))),
      organisations: [...organisations]
        .map(([name, o]) => ({ name, amount: pounds(o.amount), allocations: o.allocations }))
        .sort((a, b) => b.amount - a.amount || a.name.localeCompare(b.name)),
      organisationsSupported: organisations.size,
      perResident: people ? Math.round((total / people) * 100) / 100 : null,
      boroughTotal,
      boroughByFund,
      boroughOrganisationsSupported: boroughOrganisations,
      sourceIds: [...new Set(mine.flatMap((r) => r.sources))].sort((a, b) => a - b),
    });
  }
  return result;
}
