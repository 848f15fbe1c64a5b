import { financialYearOf, parseFinancialYear } from '../../periods';
import { unknownWardProblem } from '../imports/import.borough';
import { exactColumns } from '../imports/import.errors';
import { Cells, parsed } from '../imports/import.cells';
import { replaceUnits } from '../imports/import.units';
import type { Geography, Importer, ImportJob, RowResult } from '../imports/import.types';
import { PriorityTheme } from '../plans/plan.enums';

/**
 * The hub's own format for ward budget allocations (there is no national one): one row per allocation. The header
 * must have exactly these columns (in any order, nothing else).
 */
export const BUDGET_COLUMNS = [
  'financial_year',
  'ward_code',
  'fund',
  'organisation',
  'priority',
  'allocated_on',
  'amount_gbp',
  'description',
] as const;

export const BUDGET_FUNDS = ['WARD_BUDGET', 'WARD_HOUSING_HUB', 'PARTNER_CONTRIBUTION'] as const;
const THEMES = Object.values(PriorityTheme);

/** Largest amount numeric(12,2) holds. */
const MAX_AMOUNT = 9_999_999_999.99;

/** "2020/21" → 2020 (the year the financial year starts on 1 April), or undefined after noting the problem. */
function financialYear(cells: Cells, column: string, index: number): number | undefined {
  const parsed = parseFinancialYear(cells.text(column, index));
  if ('problem' in parsed) {
    cells.problem(column, parsed.problem);
    return undefined;
  }
  return parsed.start;
}

/** A positive amount in pounds with at most two decimal places, returned as written without thousands separators. */
function amount(cells: Cells, column: string, index: number): string | undefined {
  const written = cells.text(column, index);
  const raw = written.replace(/,/g, '');
  if (!written) {
    cells.problem(column, 'is empty');
    return;
  }
  if (!/^-?\d+(\.\d+)?$/.test(raw)) {
    cells.problem(column, `'${written}' is not an amount in pounds (write it like 1250 or 1250.50, without a £ sign)`);
    return;
  }
  if (Number(raw) <= 0) {
    cells.problem(column, `${written} is not a positive amount`);
    return;
  }
  if (/\.\d{3,}$/.test(raw)) {
    cells.problem(column, `'${written}' has more than 2 decimal places (pence)`);
    return;
  }
  if (Number(raw) > MAX_AMOUNT) {
    cells.problem(column, `${written} is more than the hub can hold (${MAX_AMOUNT})`);
    return;
  }
  return raw;
}

/** Ward budget, Ward Housing Hub and partner allocations by ward and financial year. */
export const budgetsImporter: Importer = {
  kind: 'ward-budgets',
  sourceKind: 'ward-budgets',
  table: 'budget_allocation',
  title: (period) => `Ward budget allocations, ${period}`,
  publisher: 'Council Neighbourhoods service',
  licence: 'Open Government Licence v3.0',
  start(header, geography: Geography): ImportJob {
    const c = exactColumns(header, BUDGET_COLUMNS);
    // Row of each allocation seen, by every cell as written: the same allocation twice is a copy-paste slip.
    const seen = new Map<string, number>();
    return {
      staging: {
        financial_year: 'text',
        ward_code: 'text',
        fund: 'text',
        organisation: 'text',
        priority: 'text',
        allocated_on: 'date',
        amount: 'numeric(12,2)',
        description: 'text',
      },
      row(record, line): RowResult {
        const cells = new Cells(record);
        const year = financialYear(cells, 'financial_year', c.financial_year);
        const ward = cells.required('ward_code', c.ward_code);
        if (ward && !geography.wards.has(ward)) {
          cells.problem('ward_code', unknownWardProblem(ward));
        }
        const fund = cells.oneOf('fund', c.fund, BUDGET_FUNDS, `fund (use ${BUDGET_FUNDS.join(', ')})`);
        const organisation = cells.required('organisation', c.organisation);
        const priority = cells.text('priority', c.priority)
          ? cells.oneOf('priority', c.priority, THEMES, `ward plan theme (use ${THEMES.join(', ')}, or leave it empty)`)
          : null;
        const on = cells.date('allocated_on', c.allocated_on);
        if (on && year !== undefined && financialYearOf(on) !== year) {
          cells.problem(
            'allocated_on',
            `${on} is outside the financial year ${cells.text('financial_year', c.financial_year)} (1 April ${year} to 31 March ${year + 1})`,
          );
        }
        const pounds = amount(cells, 'amount_gbp', c.amount_gbp);
        if (cells.errors.length) return { errors: cells.errors };
        const key = BUDGET_COLUMNS.map((col) => cells.text(col, c[col])).join('\u0001');
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          cells.problem('organisation', `the same allocation as row ${earlier} (every cell alike): a row listed twice?`);
          return { errors: cells.errors };
        }
        seen.set(key, line);
        return {
          load: [
            cells.text('financial_year', c.financial_year),
            parsed(ward),
            parsed(fund),
            parsed(organisation),
            priority ?? null,
            parsed(on),
            parsed(pounds),
            cells.text('description', c.description) || null,
          ],
        };
      },
      async period(client) {
        const { rows } = await client.query<{ financial_year: string }>('select distinct financial_year from import_staging order by 1');
        return rows.length ? rows.map((r) => r.financial_year).join(', ') : 'no rows';
      },
      async commit(client, sourceId) {
        // Only the funds of the wards and years in the file: a file of one ward's Ward Housing Hub money leaves
        // its ward budget, and every other ward, alone.
        const replaced = await replaceUnits(client, {
          table: 'budget_allocation',
          unit: 'ward-fund-year',
          keys: ['financial_year', 'ward_code', 'fund'],
        });
        const inserted = await client.query(
          `insert into budget_allocation (source_id, financial_year, ward_code, fund, organisation, priority, allocated_on,
                                          amount, description)
           select $1, financial_year, ward_code, fund, organisation, priority, allocated_on, amount, description
             from import_staging`,
          [sourceId],
        );
        const staged = await client.query<{ ward_code: string }>('select distinct ward_code from import_staging order by 1');
        return { loaded: inserted.rowCount ?? 0, wardCodes: staged.rows.map((r) => r.ward_code), replaced };
      },
    };
  },
};
