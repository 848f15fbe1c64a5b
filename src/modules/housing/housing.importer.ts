import type { ClientBase } from 'pg';
import { unknownWardProblem } from '../imports/import.borough';
import { exactColumns } from '../imports/import.errors';
import { monthSpan } from '../../periods';
import { Cells, parsed } from '../imports/import.cells';
import { replaceUnits } from '../imports/import.units';
import type { Geography, Importer, ImportJob, RowResult } from '../imports/import.types';

/**
 * The hub's own format for housing management figures (there is no national one): one row per ward and month,
 * counts for that month. The header must have exactly these columns (in any order, nothing else).
 */
export const HOUSING_COLUMNS = [
  'ward_code',
  'month',
  'stock',
  'voids',
  'repairs_completed',
  'repairs_in_target',
  'tenancy_asb_cases',
  'homelessness_presentations',
] as const;

const COUNTS = ['stock', 'voids', 'repairs_completed', 'repairs_in_target', 'tenancy_asb_cases', 'homelessness_presentations'] as const;

const MAX_INT = 2_147_483_647;

/** Housing figures by ward and month (stock, voids, repairs, tenancy ASB cases, homelessness presentations). */
export const housingImporter: Importer = {
  kind: 'housing',
  sourceKind: 'housing',
  table: 'housing_month',
  title: (period) => `Council housing figures by ward, ${period}`,
  publisher: 'Council housing service',
  licence: 'Council management information, shared with partners for neighbourhood working',
  start(header, geography: Geography): ImportJob {
    const c = exactColumns(header, HOUSING_COLUMNS);
    const seen = new Set<string>();
    return {
      staging: {
        ward_code: 'text',
        month: 'date',
        stock: 'int',
        voids: 'int',
        repairs_completed: 'int',
        repairs_in_target: 'int',
        tenancy_asb_cases: 'int',
        homelessness_presentations: 'int',
      },
      row(record): RowResult {
        const cells = new Cells(record);
        const ward = cells.required('ward_code', c.ward_code);
        if (ward && !geography.wards.has(ward)) {
          cells.problem('ward_code', unknownWardProblem(ward));
        }
        const month = cells.month('month', c.month);
        const n = Object.fromEntries(
          COUNTS.map((col) => [col, cells.number(col, c[col], { integer: true, min: 0, max: MAX_INT })]),
        ) as Record<(typeof COUNTS)[number], number | null | undefined>;
        if (typeof n.voids === 'number' && typeof n.stock === 'number' && n.voids > n.stock) {
          cells.problem('voids', `${n.voids} voids is more than the stock of ${n.stock} homes`);
        }
        if (
          typeof n.repairs_in_target === 'number' &&
          typeof n.repairs_completed === 'number' &&
          n.repairs_in_target > n.repairs_completed
        ) {
          cells.problem(
            'repairs_in_target',
            `${n.repairs_in_target} repairs in target is more than the ${n.repairs_completed} repairs completed`,
          );
        }
        if (ward && month) {
          const key = `${ward} ${month}`;
          if (seen.has(key)) cells.problem('month', `ward ${ward} has more than one row for ${month.slice(0, 7)}`);
          seen.add(key);
        }
        if (cells.errors.length) return { errors: cells.errors };
        return { load: [parsed(ward), parsed(month), ...COUNTS.map((col) => parsed(n[col]))] };
      },
      async period(client: ClientBase) {
        const { rows } = await client.query<{ first: string | null; last: string | null }>(
          'select min(month)::text as first, max(month)::text as last from import_staging',
        );
        const { first, last } = rows[0];
        return first && last ? monthSpan(first, last) : 'no rows';
      },
      async commit(client, sourceId) {
        // Only the ward-months in the file: a file for three wards leaves the other wards' months alone.
        const replaced = await replaceUnits(client, { table: 'housing_month', unit: 'ward-month', keys: ['ward_code', 'month'] });
        const inserted = await client.query(
          `insert into housing_month (source_id, ward_code, month, stock, voids, repairs_completed, repairs_in_target,
                                      tenancy_asb_cases, homelessness_presentations)
           select $1, ward_code, month, stock, voids, repairs_completed, repairs_in_target, tenancy_asb_cases,
                  homelessness_presentations
             from import_staging`,
          [sourceId],
        );
        const staged = await client.query<{ ward_code: string }>('select distinct ward_code from import_staging order by 1');
        return { loaded: inserted.rowCount ?? 0, wardCodes: staged.rows.map((r) => r.ward_code), replaced };
      },
    };
  },
};
