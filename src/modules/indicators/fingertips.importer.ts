import { createHash } from 'node:crypto';
import { columnsOf } from '../imports/import.errors';
import { Cells, parsed } from '../imports/import.cells';
import { replaceUnits } from '../imports/import.units';
import type { Geography, Importer, ImportJob, RowResult } from '../imports/import.types';

/**
 * OHID Fingertips CSV download (fingertips.phe.org.uk: "Download" → data for an indicator or a profile, or the API's
 * all_data/csv). Columns are found by name; their order and the extra columns of newer downloads do not matter.
 */
export const FINGERTIPS_COLUMNS = [
  'Indicator ID',
  'Indicator Name',
  'Parent Code',
  'Parent Name',
  'Area Code',
  'Area Name',
  'Area Type',
  'Sex',
  'Age',
  'Category Type',
  'Category',
  'Time period',
  'Value',
  'Lower CI 95.0 limit',
  'Upper CI 95.0 limit',
  'Lower CI 99.8 limit',
  'Upper CI 99.8 limit',
  'Count',
  'Denominator',
  'Value note',
  'Recent Trend',
  'Compared to England value or percentiles',
  'Time period Sortable',
] as const;

/** The comparison with the parent area; its name says which parent ("Compared to Region value or percentiles"). */
export const PARENT_COMPARISON = /^Compared to (?!England value)(?!goal$).+ value or percentiles$/;

const NUMBERS = [
  'Value',
  'Lower CI 95.0 limit',
  'Upper CI 95.0 limit',
  'Lower CI 99.8 limit',
  'Upper CI 99.8 limit',
  'Count',
  'Denominator',
] as const;

/** Fingertips' sexes. */
export const FINGERTIPS_SEXES = ['Persons', 'Male', 'Female', 'Not applicable'] as const;

/**
 * Area types that are local authorities, as Fingertips has named them over the years: "Counties & UAs (from Apr
 * 2023)", "Districts & UAs (from Apr 2023)", "County & UA", "District & UA", "UA", "District", "UTLA", "LTLA",
 * "Upper tier local authorities (4/23)", "Lower tier local authorities (4/23)" (and, to be safe, "Local
 * authority…", "Metropolitan…", "Unitary…").
 */
const LOCAL_AUTHORITY_TYPE = /^(count|district|ua\b|utla|ltla|upper tier|lower tier|local authorit|metropolitan|unitary)/i;

export const SKIP_OTHER_AREA = 'other area';
export const SKIP_REPEATED = 'repeated row (same figures listed under another area type)';

const MAX_INT = 2_147_483_647;

/**
 * Keeps England, the borough and the hub's wards. The borough is found from the data, not a constant: its row is a
 * local-authority area type whose name is the one the hub's LSOA names carry ("Rotherham"), or whose code is the
 * Parent Code of one of the hub's wards. Unknown indicators are added to the catalogue (polarity NONE, type OTHER)
 * for someone to describe; indicators already there keep their description.
 */
export const fingertipsImporter: Importer = {
  kind: 'fingertips',
  sourceKind: 'indicators',
  table: 'indicator_value',
  title: (period) => `OHID Fingertips, ${period}`,
  publisher: 'Office for Health Improvement and Disparities (Fingertips)',
  licence: 'Open Government Licence v3.0',
  start(header, geography: Geography): ImportJob {
    const c = columnsOf(header, FINGERTIPS_COLUMNS);
    const parentIndex = header.findIndex((h) => PARENT_COMPARISON.test(h.trim()));
    const boroughCodes = new Set<string>();
    // Figures already staged, by what makes a row unique in indicator_value.
    const staged = new Map<string, string>();

    return {
      staging: {
        indicator_id: 'int',
        indicator_name: 'text',
        area_code: 'text',
        area_name: 'text',
        area_type: 'text',
        parent_code: 'text',
        sex: 'text',
        age: 'text',
        category_type: 'text',
        category: 'text',
        period: 'text',
        period_sortable: 'int',
        value: 'double precision',
        lower95: 'double precision',
        upper95: 'double precision',
        lower998: 'double precision',
        upper998: 'double precision',
        count: 'double precision',
        denominator: 'double precision',
        value_note: 'text',
        recent_trend: 'text',
        compared_to_england: 'text',
        compared_to_parent: 'text',
      },
      row(record): RowResult {
        const cells = new Cells(record);
        const text = (column: (typeof FINGERTIPS_COLUMNS)[number]) => cells.text(column, c[column]);
        const id = cells.number('Indicator ID', c['Indicator ID'], { integer: true, min: 1, max: MAX_INT });
        const name = cells.required('Indicator Name', c['Indicator Name']);
        const areaCode = cells.required('Area Code', c['Area Code']);
        const areaName = cells.required('Area Name', c['Area Name']);
        const areaType = cells.required('Area Type', c['Area Type']);
        const sex = cells.oneOf('Sex', c.Sex, FINGERTIPS_SEXES, `sex (Fingertips uses ${FINGERTIPS_SEXES.join(', ')})`);
        const period = cells.required('Time period', c['Time period']);
        const numbers = NUMBERS.map((column) => cells.number(column, c[column], { optional: true }));
        const sortable = cells.number('Time period Sortable', c['Time period Sortable'], { integer: true, min: 0, max: MAX_INT });
        if (cells.errors.length) return { errors: cells.errors };

        const parentCode = text('Parent Code') || null;
        if (geography.wards.has(parsed(areaCode))) {
          if (parentCode) boroughCodes.add(parentCode);
        } else if (parsed(areaType).toLowerCase() !== 'england') {
          const borough =
            LOCAL_AUTHORITY_TYPE.test(parsed(areaType)) &&
            (geography.authorityNames.has(parsed(areaName)) || boroughCodes.has(parsed(areaCode)));
          if (!borough) return { skip: SKIP_OTHER_AREA };
          boroughCodes.add(parsed(areaCode));
        }

        const age = text('Age');
        const categoryType = text('Category Type');
        const category = text('Category');
        const key = [id, areaCode, sex, age, categoryType, category, sortable].join('\u0001');
        const figures = [period, ...numbers].join('\u0001');
        const earlier = staged.get(key);
        if (earlier !== undefined) {
          if (earlier === figures) return { skip: SKIP_REPEATED };
          cells.problem(
            'Value',
            `${areaName} (${areaCode}) already has different figures for indicator ${id}, ${period}, ${sex}` +
              `${age ? `, ${age}` : ''}${category ? `, ${category}` : ''} on an earlier row`,
          );
          return { errors: cells.errors };
        }
        staged.set(key, figures);

        return {
          load: [
            parsed(id),
            parsed(name),
            parsed(areaCode),
            parsed(areaName),
            parsed(areaType),
            parentCode,
            parsed(sex),
            age,
            categoryType,
            category,
            parsed(period),
            parsed(sortable),
            ...numbers.map((n) => n ?? null),
            text('Value note') || null,
            text('Recent Trend') || null,
            text('Compared to England value or percentiles') || null,
            parentIndex === -1 ? null : cells.text('Compared to parent', parentIndex) || null,
          ],
        };
      },
      async period(client) {
        const { rows } = await client.query<{ ids: number[] | null; first: string | null; last: string | null }>(
          `select (select array_agg(distinct indicator_id order by indicator_id) from import_staging) as ids,
                  (select period from import_staging order by period_sortable, period limit 1) as first,
                  (select period from import_staging order by period_sortable desc, period desc limit 1) as last`,
        );
        const { ids, first, last } = rows[0];
        if (!ids || !first || !last) return 'no rows';
        const span = first === last ? first : `${first} to ${last}`;
        return `${describeIndicators(ids)}, ${span}`;
      },
      async commit(client, sourceId) {
        await client.query(
          `insert into indicator (id, name, polarity, value_type, multiplier, unit)
           select distinct on (indicator_id) indicator_id, indicator_name, 'NONE', 'OTHER', 1, ''
             from import_staging order by indicator_id, indicator_name
           on conflict (id) do nothing`,
        );
        // Only the figures in the file (what makes a figure unique): a file for a few wards leaves the other
        // areas' figures for the same indicator and period alone.
        const replaced = await replaceUnits(client, {
          table: 'indicator_value',
          unit: 'figure',
          keys: ['indicator_id', 'area_code', 'sex', 'age', 'category_type', 'category', 'period_sortable'],
        });
        const inserted = await client.query(
          `insert into indicator_value (source_id, indicator_id, area_code, area_name, area_type, parent_code, sex, age,
                                        category_type, category, period, period_sortable, value, lower95, upper95,
                                        lower998, upper998, count, denominator, value_note, recent_trend,
                                        compared_to_england, compared_to_parent)
           select $1, indicator_id, area_code, area_name, area_type, parent_code, sex, age, category_type, category,
                  period, period_sortable, value, lower95, upper95, lower998, upper998, count, denominator, value_note,
                  recent_trend, compared_to_england, compared_to_parent
             from import_staging`,
          [sourceId],
        );
        const { rows } = await client.query<{ code: string }>(
          'select code from ward where code in (select area_code from import_staging) order by 1',
        );
        return { loaded: inserted.rowCount ?? 0, wardCodes: rows.map((r) => r.code), replaced };
      },
    };
  },
};

/**
 * "indicator 90362", "indicators 90362, 92196 and 93014"; more than five: "12 indicators (90362 to 93790, list
 * 3fa9c2)", the list's fingerprint keeping two files of as many indicators and the same span apart (the period is
 * part of the data source's key, and a re-import of the same key replaces that source).
 */
function describeIndicators(ids: number[]): string {
  if (ids.length === 1) return `indicator ${ids[0]}`;
  if (ids.length <= 5) return `indicators ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
  const fingerprint = createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 6);
  return `${ids.length} indicators (${ids[0]} to ${ids[ids.length - 1]}, list ${fingerprint})`;
}
