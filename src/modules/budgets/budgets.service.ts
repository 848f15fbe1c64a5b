import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { col, selectOne, selectRows } from '../../rows';
import { AREA_OF_WARD, BOROUGH_KEY, RESIDENTS_OF_WARDS, type AreaLevel } from '../places/areas';
import { PriorityTheme } from '../plans/plan.enums';
import { BudgetFund } from './budget-allocation.entity';
import type { BudgetSummary, FundAmount, OrganisationAmount } from './budgets.types';

/** The latest financial year with allocations, e.g. "2020/21". */
export async function latestFinancialYear(em: EntityManager): Promise<string | null> {
  const row = await selectOne(em, { year: col.text.nullable() }, 'select max(financial_year) as year from budget_allocation');
  return row.year;
}

/** Every financial year with allocations, oldest first. */
export async function financialYears(em: EntityManager): Promise<string[]> {
  const rows = await selectRows(em, { year: col.text }, 'select distinct financial_year as year from budget_allocation order by 1');
  return rows.map((r) => r.year);
}

/** The data sources of a financial year's allocations. */
export async function budgetSourceIds(em: EntityManager, financialYear: string): Promise<number[]> {
  const rows = await selectRows(
    em,
    { id: col.int },
    'select distinct source_id as id from budget_allocation where financial_year = ? order by 1',
    [financialYear],
  );
  return rows.map((r) => r.id);
}

const pounds = (v: number) => Math.round(v * 100) / 100;

interface AllocationGroup {
  fund: BudgetFund;
  organisation: string;
  amount: number;
  n: number;
}

/** Partner rows name the partner that gave the money: it is a contributor, not an organisation supported. */
const supports = (fund: BudgetFund) => fund !== BudgetFund.PARTNER_CONTRIBUTION;

function byFund(rows: AllocationGroup[]): FundAmount[] {
  const totals = new Map<BudgetFund, { amount: number; allocations: number; organisations: Set<string> }>();
  for (const r of rows) {
    const t = totals.get(r.fund) ?? { amount: 0, allocations: 0, organisations: new Set<string>() };
    t.amount += r.amount;
    t.allocations += r.n;
    t.organisations.add(r.organisation);
    totals.set(r.fund, t);
  }
  return Object.values(BudgetFund)
    .filter((f) => totals.has(f))
    .map((fund) => {
      const t = totals.get(fund);
      if (!t) throw new Error(`no totals for fund ${fund} after filtering on them`);
      return {
        fund,
        amount: pounds(t.amount),
        allocations: t.allocations,
        organisationsSupported: supports(fund) ? t.organisations.size : null,
        contributors: supports(fund) ? null : t.organisations.size,
      };
    });
}

function byOrganisation(rows: AllocationGroup[]): OrganisationAmount[] {
  const organisations = new Map<string, { amount: number; allocations: number }>();
  for (const r of rows) {
    const o = organisations.get(r.organisation) ?? { amount: 0, allocations: 0 };
    o.amount += r.amount;
    o.allocations += r.n;
    organisations.set(r.organisation, o);
  }
  return [...organisations]
    .map(([name, o]) => ({ name, amount: pounds(o.amount), allocations: o.allocations }))
    .sort((a, b) => b.amount - a.amount || a.name.localeCompare(b.name));
}

const ALLOCATION_ROW = {
  ward_code: col.text,
  locality: col.text,
  fund: z.enum(BudgetFund),
  priority: z.enum(PriorityTheme).nullable(),
  organisation: col.text,
  amount: col.number,
  n: col.int,
  sources: col.intArray,
};

/** The area key of an allocation row at each level, as AREA_OF_WARD gives it in SQL. */
const AREA_OF_ROW: Record<AreaLevel, (r: AllocationGroup & { ward_code: string; locality: string }) => string> = {
  ward: (r) => r.ward_code,
  locality: (r) => r.locality,
  borough: () => BOROUGH_KEY,
};

/**
 * Budget summaries for many areas of one level (wards, localities or the borough) in one financial
 * year, with the borough's totals, in two statements: the year's allocations grouped by ward, fund,
 * priority and organisation, and the areas' residents. A locality's and the borough's are summed
 * from the same rows as the wards'.
 */
export async function budgetSummaries(
  em: EntityManager,
  level: AreaLevel,
  codes: readonly string[],
  financialYear: string,
): Promise<Map<string, BudgetSummary>> {
  const [rows, people] = await Promise.all([
    selectRows(
      em,
      ALLOCATION_ROW,
      `select b.ward_code, w.locality_id::text as locality, b.fund, b.priority, b.organisation, sum(b.amount) as amount,
              count(*) as n, array_agg(distinct b.source_id) as sources
         from budget_allocation b join ward w on w.code = b.ward_code
        where b.financial_year = ?
        group by 1, 2, 3, 4, 5`,
      [financialYear],
    ),
    selectRows(
      em,
      { ward_code: col.text, n: col.int },
      `select ${AREA_OF_WARD[level]} as ward_code, sum(r.residents) as n from ${RESIDENTS_OF_WARDS} where ${AREA_OF_WARD[level]} in (?) group by 1`,
      [[...codes]],
    ),
  ]);
  const residents = new Map(people.map((p) => [p.ward_code, p.n]));
  const areaOf = AREA_OF_ROW[level];
  const boroughTotal = pounds(rows.reduce((n, r) => n + r.amount, 0));
  const boroughByFund = byFund(rows);
  const boroughOrganisations = new Set(rows.filter((r) => supports(r.fund)).map((r) => r.organisation)).size;
  const result = new Map<string, BudgetSummary>();
  for (const code of codes) {
    const mine = rows.filter((r) => areaOf(r) === code);
    const total = pounds(mine.reduce((n, r) => n + r.amount, 0));
    const priorities = new Map<PriorityTheme | null, number>();
    for (const r of mine) priorities.set(r.priority, (priorities.get(r.priority) ?? 0) + r.amount);
    const organisations = byOrganisation(mine.filter((r) => supports(r.fund)));
    const people = residents.get(code);
    result.set(code, {
      financialYear,
      total,
      byFund: byFund(mine),
      byPriority: [...priorities]
        .map(([priority, amount]) => ({ priority, amount: pounds(amount) }))
        .sort((a, b) => b.amount - a.amount || String(a.priority).localeCompare(String(b.priority))),
      organisations,
      contributingPartners: byOrganisation(mine.filter((r) => !supports(r.fund))),
      organisationsSupported: organisations.length,
      perResident: people ? Math.round((total / people) * 100) / 100 : null,
      boroughTotal,
      boroughByFund,
      boroughOrganisationsSupported: boroughOrganisations,
      sourceIds: [...new Set(mine.flatMap((r) => r.sources))].sort((a, b) => a - b),
    });
  }
  return result;
}
