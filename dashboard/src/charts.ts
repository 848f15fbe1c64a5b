import * as Plot from '@observablehq/plot';
import type { CrimeTrendQuery, TargetingQuery } from '../generated/graphql';

type Crime = CrimeTrendQuery['borough']['crime'];

/** Crimes recorded each month across the borough. */
export function crimeByMonth(crime: Crime): SVGSVGElement | HTMLElement {
  return Plot.plot({
    height: 240,
    marginLeft: 50,
    y: { grid: true, label: 'Crimes and ASB per month' },
    x: { type: 'utc', label: null },
    marks: [
      Plot.lineY(crime.byMonth, { x: (d: Crime['byMonth'][number]) => new Date(`${d.month}-01T00:00:00Z`), y: 'count', stroke: '#3f6fb5' }),
      Plot.dot(crime.byMonth, {
        x: (d: Crime['byMonth'][number]) => new Date(`${d.month}-01T00:00:00Z`),
        y: 'count',
        fill: '#3f6fb5',
        r: 2,
      }),
      Plot.ruleY([0]),
    ],
  });
}

/** Crimes by type in the period, against the same months a year earlier. */
export function crimeByCategory(crime: Crime): SVGSVGElement | HTMLElement {
  const rows = crime.byCategory.map((c) => ({
    category: c.category.replaceAll('_', ' ').toLowerCase(),
    count: c.count,
    before: c.previousYearCount,
  }));
  return Plot.plot({
    height: 28 * rows.length + 40,
    marginLeft: 210,
    x: { grid: true, label: `Crimes ${crime.from} to ${crime.to} (tick: a year earlier)` },
    y: { label: null },
    marks: [
      Plot.barX(rows, { x: 'count', y: 'category', fill: '#9cc3e6', sort: { y: '-x' } }),
      Plot.tickX(rows, { x: 'before', y: 'category', stroke: '#333' }),
      Plot.ruleX([0]),
    ],
  });
}

/** Where ward budgets go: deprivation rank (1 = most deprived) against spend per resident. */
export function targeting(rows: TargetingQuery['targeting']): SVGSVGElement | HTMLElement {
  const known = rows.filter((r) => r.deprivationRank != null && r.spendPerResident != null);
  return Plot.plot({
    height: 300,
    marginLeft: 50,
    x: { label: 'Deprivation rank in the borough (1 = most deprived)', reverse: false },
    y: { grid: true, label: 'Spend per resident (£)' },
    color: { legend: true },
    marks: [
      Plot.dot(known, {
        x: 'deprivationRank',
        y: 'spendPerResident',
        fill: (r: (typeof known)[number]) => r.ward.locality.name,
        r: 5,
        title: (r: (typeof known)[number]) => `${r.ward.name}: rank ${r.deprivationRank}, £${r.spendPerResident?.toFixed(2)} per resident`,
      }),
    ],
  });
}
