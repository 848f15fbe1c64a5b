import { placeInBorough, unknownWardProblem } from '../../../src/modules/imports/import.borough';
import type { Geography } from '../../../src/modules/imports/import.types';

/** The hub knows two Rotherham LSOAs in one ward. */
const geography: Geography = {
  lsoaWard: new Map([
    ['E01007736', 'E05013010'],
    ['E01007604', 'E05013010'],
  ]),
  wards: new Set(['E05013010']),
  authorityNames: new Set(['Rotherham']),
};

describe('the borough rule', () => {
  it('takes a row whose LSOA or ward the hub knows, whatever authority it names', () => {
    expect(placeInBorough(geography, true, { name: 'Rotherham' })).toBe('known');
    expect(placeInBorough(geography, true, { name: 'Barnsley' })).toBe('known');
  });

  it("calls a row of the borough's authority that the hub does not know a problem, not outside", () => {
    expect(placeInBorough(geography, false, { name: 'Rotherham' })).toBe('unknown');
  });

  it("skips another authority's rows, and names are matched exactly", () => {
    expect(placeInBorough(geography, false, { name: 'Barnsley' })).toBe('outside');
    expect(placeInBorough(geography, false, { name: 'rotherham' })).toBe('outside');
    expect(placeInBorough(geography, false, { name: '' })).toBe('outside');
  });

  it("learns the borough's authority code from known rows of the same file, for rows whose authority is named otherwise", () => {
    const seen = new Set<string>();
    // Before any known row, a code alone says nothing.
    expect(placeInBorough(geography, false, { name: 'Rotherham District', code: 'E08000018' }, seen)).toBe('outside');
    expect(placeInBorough(geography, true, { name: 'Rotherham', code: 'E08000018' }, seen)).toBe('known');
    expect(seen).toEqual(new Set(['E08000018']));
    expect(placeInBorough(geography, false, { name: 'Rotherham District', code: 'E08000018' }, seen)).toBe('unknown');
    expect(placeInBorough(geography, false, { name: 'Sheffield', code: 'E08000019' }, seen)).toBe('outside');
    // Another file starts with no codes learnt.
    expect(placeInBorough(geography, false, { name: 'Rotherham District', code: 'E08000018' }, new Set())).toBe('outside');
  });

  it('words an unknown ward the same for every file of figures by ward', () => {
    expect(unknownWardProblem('E05099999')).toBe('ward E05099999 is not in the hub (seeds/data/wards.csv lists the wards it knows)');
  });
});
