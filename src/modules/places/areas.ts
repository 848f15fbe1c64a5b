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

/** The levels figures kept per LSOA are summed to: the LSOA itself, or any level above it. */
export type LsoaAreaLevel = 'lsoa' | AreaLevel;

/**
 * The SQL that gives a row's area key at each level, from the row's LSOA joined as `l` and its ward
 * as `w` (AREA_OF_WARD above the LSOA), so that an LSOA's figures and its ward's sum the same rows.
 */
export const AREA_OF_LSOA = { lsoa: 'l.code', ...AREA_OF_WARD } as const satisfies Record<LsoaAreaLevel, string>;

/**
 * The residents of each LSOA (the lsoa_residents view, which picks the population edition as
 * ward_residents does) aliased `r`, with the LSOA joined as `l` and its ward as `w`.
 */
export const RESIDENTS_OF_LSOAS = 'lsoa_residents r join lsoa l on l.code = r.lsoa_code join ward w on w.code = l.ward_code';

/**
 * Where the residents of each level are read, aliased as RESIDENTS_OF_LSOAS so that AREA_OF_LSOA
 * names the area: an LSOA's own rows, or the wards', which every higher level sums.
 */
export const RESIDENTS_AT = {
  lsoa: RESIDENTS_OF_LSOAS,
  ward: RESIDENTS_OF_WARDS,
  locality: RESIDENTS_OF_WARDS,
  borough: RESIDENTS_OF_WARDS,
} as const satisfies Record<LsoaAreaLevel, string>;
