import type { z } from 'zod';
import {
  authorityOf,
  caseReference,
  caseReferencePrefix,
  CASE_REFERENCE,
  codeSchemas,
  isLadCode,
  isLsoaCode,
  isWardCode,
} from '../src/codes';

describe('ONS codes', () => {
  it.each(['E05013010', 'E05012993', 'W05000981'])('%s is a ward code', (code) => {
    expect(isWardCode(code)).toBe(true);
  });

  it.each([
    ['an LSOA code', 'E01007736'],
    ['a local authority code', 'E08000018'],
    ['a Scottish code (no wards under E05/W05 there)', 'S05000001'],
    ['lower case', 'e05013010'],
    ['one digit short', 'E0501301'],
    ['one digit long', 'E050130100'],
    ['a name', 'Rotherham East'],
    ['padded', ' E05013010'],
    ['empty', ''],
  ])('%s is not a ward code (%s)', (_what, code) => {
    expect(isWardCode(code)).toBe(false);
  });

  it.each(['E01007736', 'E01007604', 'W01000001'])('%s is an LSOA code', (code) => {
    expect(isLsoaCode(code)).toBe(true);
  });

  it.each(['E05013010', 'E0100773', 'E02001234', 'N01000001', 'E01007736\n'])('%j is not an LSOA code', (code) => {
    expect(isLsoaCode(code)).toBe(false);
  });

  it.each(['E06000001', 'E07000026', 'E08000018', 'E09000033', 'W06000015'])('%s is a local authority district code', (code) => {
    expect(isLadCode(code)).toBe(true);
  });

  it.each(['E05013010', 'E10000001', 'E12000003', 'E92000001'])('%s is not a local authority district code', (code) => {
    expect(isLadCode(code)).toBe(false);
  });
});

describe('local authorities of LSOA names', () => {
  it.each([
    ['Rotherham 014A', 'Rotherham'],
    ['  Rotherham 014A ', 'Rotherham'],
    ['Kingston upon Hull 001A', 'Kingston upon Hull'],
    ['Rotherham', 'Rotherham'],
  ])('%j belongs to %j', (name, authority) => {
    expect(authorityOf(name)).toBe(authority);
  });
});

describe('case references', () => {
  it('are the group code, the year and a four-digit number', () => {
    expect(caseReferencePrefix('NJTG', 2026)).toBe('NJTG-2026-');
    expect(caseReference('NJTG', 2026, 5)).toBe('NJTG-2026-0005');
    expect(caseReference('CJTG', 2025, 1234)).toBe('CJTG-2025-1234');
    expect(CASE_REFERENCE.test(caseReference('NJTG', 2026, 5))).toBe(true);
  });

  it.each(['njtg-2026-0005', 'NJTG-26-0005', 'NJTG-2026-5', 'N-2026-0005', 'NJTG2026-0005'])('%s is not a case reference', (ref) => {
    expect(CASE_REFERENCE.test(ref)).toBe(false);
  });
});

describe('code schemas for files', () => {
  it('pass good codes through and name what a bad one is not', () => {
    expect(codeSchemas.wardCode.parse('E05013010')).toBe('E05013010');
    expect(codeSchemas.lsoaCode.parse('E01007736')).toBe('E01007736');
    expect(codeSchemas.groupCode.parse('NJTG')).toBe('NJTG');
    const problem = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues[0]?.message;
    expect(problem(codeSchemas.wardCode, 'E0501299X')).toBe('is not an ONS ward code');
    expect(problem(codeSchemas.lsoaCode, 'E05013010')).toBe('is not an ONS LSOA code');
    expect(problem(codeSchemas.groupCode, 'njtg')).toBe('is not a group code (2-8 capital letters)');
    expect(problem(codeSchemas.caseReference, 'NJTG-2026-5')).toBe('is not a case reference (CODE-YYYY-NNNN)');
  });
});
