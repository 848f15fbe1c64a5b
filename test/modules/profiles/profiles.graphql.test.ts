import { Sex } from '../../../src/modules/profiles/profile.enums';
import { WardDeprivationDocument, WardProfileDocument } from '../../generated/graphql';
import { useTestApp } from '../../support/app';
import { seedFiles } from '../../support/seed-files';

const hub = useTestApp();

/** Expected deprivation figures worked out from the seed files, independently of the hub's SQL. */
function expectedDeprivation() {
  const { lsoas, deprivation } = seedFiles();
  const wardOf = new Map(lsoas.map((l) => [l.code, l.ward_code]));
  const byWard = new Map<string, { weighted: number; rankWeighted: number; people: number; n: number; d1: number }>();
  for (const d of deprivation) {
    const ward = wardOf.get(d.lsoa_code)!;
    const w = byWard.get(ward) ?? { weighted: 0, rankWeighted: 0, people: 0, n: 0, d1: 0 };
    w.weighted += d.imd_score * d.population;
    w.rankWeighted += d.imd_rank * d.population;
    w.people += d.population;
    w.n += 1;
    if (d.imd_decile === 1) w.d1 += 1;
    byWard.set(ward, w);
  }
  const scores = [...byWard].map(([ward, w]) => ({ ward, score: w.weighted / w.people, ...w }));
  scores.sort((a, b) => b.score - a.score);
  return new Map(scores.map((s, i) => [s.ward, { ...s, rank: i + 1 }]));
}

describe('ward profile', () => {
  it.each(['E05013010', 'E05013017', 'E05013006'])('sums %s population from its LSOAs by age band and sex', async (code) => {
    const { body } = await hub.gql(WardProfileDocument, { code });
    expect(body.errors).toBeUndefined();
    const population = body.data!.ward.profile.population!;
    const { lsoas, population: rows } = seedFiles();
    const mine = new Set(lsoas.filter((l) => l.ward_code === code).map((l) => l.code));
    const wardRows = rows.filter((r) => mine.has(r.lsoa_code));
    const sum = (f: (r: (typeof rows)[number]) => boolean) => wardRows.filter(f).reduce((n, r) => n + r.count, 0);
    expect(population.total).toBe(sum(() => true));
    expect(population.female).toBe(sum((r) => r.sex === Sex.FEMALE));
    expect(population.male).toBe(sum((r) => r.sex === Sex.MALE));
    expect(population.byAgeBand.map((b) => b.ageBand)).toEqual(['0-4', '5-15', '16-24', '25-44', '45-64', '65-74', '75-84', '85+']);
    for (const band of population.byAgeBand) {
      expect(band.female).toBe(sum((r) => r.age_band === band.ageBand && r.sex === Sex.FEMALE));
      expect(band.total).toBe(band.female + band.male);
    }
    expect(population.source).toEqual({ key: 'seed-population-2021', period: '2021', illustrative: true });
  });

  it('adds up to the borough population across all wards', async () => {
    const totals = await Promise.all(
      seedFiles().wards.map(async (w) => (await hub.gql(WardProfileDocument, { code: w.code })).body.data!.ward.profile.population!.total),
    );
    expect(totals.reduce((a, b) => a + b, 0)).toBe(seedFiles().population.reduce((n, r) => n + r.count, 0));
  });

  it.each(['E05013010', 'E05013017', 'E05012993'])(
    'gives %s a population-weighted IMD score, its rank in the borough and its share of LSOAs in decile 1',
    async (code) => {
      const { body } = await hub.gql(WardProfileDocument, { code });
      const deprivation = body.data!.ward.profile.deprivation!;
      const expected = expectedDeprivation().get(code)!;
      expect(deprivation.imdScore).toBeCloseTo(expected.score, 3);
      expect(deprivation.rankInBorough).toBe(expected.rank);
      expect(deprivation.wardsRanked).toBe(25);
      expect(deprivation.averageNationalRank).toBeCloseTo(expected.rankWeighted / expected.people, 1);
      expect(deprivation.lsoaCount).toBe(expected.n);
      expect(deprivation.lsoasInMostDeprivedDecile).toBe(expected.d1);
      expect(deprivation.shareInMostDeprivedDecile).toBeCloseTo(expected.d1 / expected.n, 4);
      // The seed's deprivation arrives as an IMD 2019 File 7, through the importer.
      expect(deprivation.source).toEqual({ key: 'imd2019:2019', period: '2019', illustrative: true });
    },
  );

  it('ranks Rotherham East among the most deprived wards and Wickersley North among the least', async () => {
    const east = (await hub.gql(WardProfileDocument, { code: 'E05013010' })).body.data!.ward.profile.deprivation!;
    const wickersley = (await hub.gql(WardProfileDocument, { code: 'E05013017' })).body.data!.ward.profile.deprivation!;
    expect(east.rankInBorough).toBeLessThanOrEqual(5);
    expect(wickersley.rankInBorough).toBeGreaterThanOrEqual(20);
  });
});

describe('Ward.deprivation', () => {
  it('gives the IMD summary with the seven domains, IDACI and IDAOPI, each ranked across the 25 wards', async () => {
    const { body } = await hub.gql(WardDeprivationDocument, { code: 'E05013010' });
    expect(body.errors).toBeUndefined();
    const { deprivation, profile } = body.data!.ward;
    expect(deprivation!.imdScore).toBe(profile.deprivation!.imdScore);
    expect(deprivation!.source).toEqual({ key: 'imd2019:2019' });
    expect(deprivation!.domains.map((d) => d.domain)).toEqual([
      'barriers',
      'crime',
      'education',
      'employment',
      'health',
      'idaci',
      'idaopi',
      'income',
      'livingEnvironment',
    ]);
    for (const d of deprivation!.domains) {
      expect(d.rankInBorough).toBeGreaterThanOrEqual(1);
      expect(d.rankInBorough).toBeLessThanOrEqual(25);
    }
    // Rotherham East is among the most deprived wards, and so on income, the largest domain.
    expect(deprivation!.domains.find((d) => d.domain === 'income')!.rankInBorough).toBeLessThanOrEqual(5);
  });
});
