/** The levels figures are summed to: a ward, a locality (its wards) or the whole borough. */
export type AreaLevel = 'ward' | 'locality' | 'borough';

/**
 * The SQL that gives a row's area key at each level, from the row's ward joined as `w`: the ward
 * code, the locality id as text, or 'borough'. Summing the same rows by each key is what makes the
 * localities add up to the borough and the wards to their locality.
 */
export const AREA_OF_WARD = {
  ward: 'w.code',
  locality: 'w.locality_id::text',
  borough: `'borough'`,
} as const satisfies Record<AreaLevel, string>;

/** The key the borough's figures are loaded under. */
export const BOROUGH_KEY = 'borough';

/**
 * The residents of each ward (the ward_residents view: its LSOAs' residents by age band and sex)
 * joined to the ward as `w`, aliased `r`: every figure per resident, and the population itself, sum
 * these rows.
 */
export const RESIDENTS_OF_WARDS = 'ward_residents r join ward w on w.code = r.ward_code';
