import type { ClientBase } from 'pg';
import type { ImportTable, Replacement } from './import.types';

/**
 * Deletes from `table` the rows of every unit the staged file covers, a unit being the distinct values
 * of `keys` (columns named the same in `table` and `import_staging`), and nothing else. `where` narrows
 * the rows that count (it may use the alias `t` for the table). Says how many units the file covers,
 * how many of them held rows, and how many rows went.
 */
export async function replaceUnits(
  client: ClientBase,
  options: { table: ImportTable; unit: string; keys: readonly string[]; where?: string },
): Promise<Replacement> {
  const keys = options.keys.map((k) => `"${k}"`);
  const { rows } = await client.query<{ covered: number; replaced: number; rows: number }>(
    `with covered as (select distinct ${keys.join(', ')} from import_staging),
          gone as (delete from ${options.table} t using covered c
                    where ${keys.map((k) => `t.${k} = c.${k}`).join(' and ')}${options.where ? ` and (${options.where})` : ''}
                returning ${keys.map((k) => `t.${k}`).join(', ')})
     select (select count(*) from covered)::int as covered,
            (select count(*) from (select distinct * from gone) g)::int as replaced,
            (select count(*) from gone)::int as rows`,
  );
  return { unit: options.unit, ...rows[0] };
}
