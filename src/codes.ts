import { z } from 'zod';

/**
 * The borough's vocabulary: the shapes of the codes the hub reads from files and is asked for, so that
 * the API, the importers and the seed loader agree on what a ward or an LSOA code is. The borough
 * itself is never a constant here: importers find it from the data (see `import.borough.ts`).
 */

/**
 * ONS (GSS) codes: a nation letter, a two-digit entity code and six digits. LSOAs and wards are
 * defined for England (E) and Wales (W) only, so only those nations' codes are accepted.
 */
export const LSOA_CODE = /^[EW]01\d{6}$/;
/** An electoral ward (E05, W05), e.g. E05013010 for Rotherham East. */
export const WARD_CODE = /^[EW]05\d{6}$/;
/** A local authority district: E06 unitary, E07 district, E08 metropolitan district, E09 London borough, W06 Welsh. */
export const LAD_CODE = /^[EW]0[6-9]\d{6}$/;

export const isLsoaCode = (value: string): boolean => LSOA_CODE.test(value);
export const isWardCode = (value: string): boolean => WARD_CODE.test(value);
export const isLadCode = (value: string): boolean => LAD_CODE.test(value);

/** The local authority an LSOA's name belongs to: ONS names LSOAs "<authority> <MSOA number><letter>", e.g. "Rotherham 014A" → "Rotherham". */
export function authorityOf(lsoaName: string): string {
  return lsoaName.trim().replace(/\s+\S+$/, '');
}

/** A tasking group's short code, e.g. NJTG: two to eight capital letters. */
export const GROUP_CODE = /^[A-Z]{2,8}$/;
/** A case reference: the group's code, the year the case was opened and its number that year, e.g. NJTG-2026-0005. */
export const CASE_REFERENCE = /^[A-Z]{2,8}-\d{4}-\d{4}$/;

/** The start every case reference of a group and year shares, e.g. "NJTG-2026-". */
export function caseReferencePrefix(groupCode: string, year: number): string {
  return `${groupCode}-${year}-`;
}

/** The `n`th case reference of a group and year, e.g. NJTG-2026-0005. */
export function caseReference(groupCode: string, year: number, n: number): string {
  return `${caseReferencePrefix(groupCode, year)}${String(n).padStart(4, '0')}`;
}

/** Validators for files that carry these codes (the seed data); the message completes "<file> row 3, column code: …". */
export const codeSchemas = {
  wardCode: z.string().regex(WARD_CODE, 'is not an ONS ward code'),
  lsoaCode: z.string().regex(LSOA_CODE, 'is not an ONS LSOA code'),
  groupCode: z.string().regex(GROUP_CODE, 'is not a group code (2-8 capital letters)'),
  caseReference: z.string().regex(CASE_REFERENCE, 'is not a case reference (CODE-YYYY-NNNN)'),
} as const;
