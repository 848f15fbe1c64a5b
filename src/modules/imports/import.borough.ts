import type { Geography } from './import.types';

/** Why rows of other local authorities are skipped, as import summaries count them. */
export const SKIP_OUTSIDE = 'outside the borough';

/**
 * Where a row of a file falls: `known` (the hub knows its LSOA or ward), `unknown` (its local authority
 * is the borough's but the hub does not know its LSOA or ward: a problem to report, since the borough's
 * figures would have a hole), or `outside` (another authority's row: skip it as SKIP_OUTSIDE).
 */
export type BoroughPlace = 'known' | 'unknown' | 'outside';

/**
 * The borough rule every importer of small-area rows shares. The borough is not a constant: it is the
 * local authority the hub's own LSOAs belong to. A row whose place the hub does not know is still the
 * borough's when its authority's name is the one the hub's LSOA names carry ("Rotherham" of "Rotherham
 * 014A"), or when its authority's code was carried by a known row earlier in the same file: pass
 * `seenCodes` (one set per file) with `authority.code` to learn and use those codes.
 */
export function placeInBorough(
  geography: Geography,
  known: boolean,
  authority: { name: string; code?: string },
  seenCodes?: Set<string>,
): BoroughPlace {
  const { name, code } = authority;
  if (known) {
    if (code !== undefined) seenCodes?.add(code);
    return 'known';
  }
  const borough = geography.authorityNames.has(name) || (code !== undefined && seenCodes?.has(code) === true);
  return borough ? 'unknown' : 'outside';
}

/** The problem with a row naming a ward the hub does not have, in files of figures by ward. */
export function unknownWardProblem(wardCode: string): string {
  return `ward ${wardCode} is not in the hub (seeds/data/wards.csv lists the wards it knows)`;
}
