import { LsoaProfileDocument, WardLsoaProfilesDocument } from '../../generated/graphql';
import { useTestApp } from '../../support/app';

const hub = useTestApp();
const WARD = 'E05013010';

/** The seed's figures, read straight from the tables rather than through the views and loaders the hub uses. */
const LATEST = (kind: string) =>
  `(select id from data_source where kind = '${kind}' and period = (select max(period) from data_source where kind = '${kind}'))`;

describe('Lsoa.population', () => {
  it("gives each LSOA's residents by age band and sex in the latest edition, adding up to the ward's", async () => {
    const { body } = await hub.gql(WardLsoaProfilesDocument, { code: WARD });
    expect(body.errors).toBeUndefined();
    const ward = body.data!.ward;
    const rows = await hub.ownerSql<{ lsoa_code: string; age_band: string; sex: string; n: number }>(
      `select p.lsoa_code, p.age_band, p.sex, sum(p.count)::int as n
         from lsoa_population p join lsoa l on l.code = p.lsoa_code
        where l.ward_code = $1 and p.source_id in ${LATEST('population')}
        group by 1, 2, 3`,
      [WARD],
    );
    expect(ward.lsoas.length).toBeGreaterThan(1);
    for (const lsoa of ward.lsoas) {
      const mine = rows.filter((r) => r.lsoa_code === lsoa.code);
      const sum = (sex?: string) => mine.filter((r) => !sex || r.sex === sex).reduce((n, r) => n + r.n, 0);
      expect(lsoa.population).toMatchObject({ total: sum(), female: sum('female'), male: sum('male') });
      expect(lsoa.population!.source.key).toBeTruthy();
      for (const band of lsoa.population!.byAgeBand) {
        const inBand = mine.filter((r) => r.age_band === band.ageBand);
        expect(band.total).toBe(inBand.reduce((n, r) => n + r.n, 0));
        expect(band.female).toBe(inBand.filter((r) => r.sex === 'female').reduce((n, r) => n + r.n, 0));
      }
      expect(lsoa.population!.byAgeBand.map((b) => b.ageBand)[0]).toBe('0-4');
    }
    const total = ward.lsoas.reduce((n, l) => n + l.population!.total, 0);
    expect(total).toBe(ward.profile.population!.total);
    expect(ward.lsoas.reduce((n, l) => n + l.population!.female, 0)).toBe(ward.profile.population!.female);
  });
});

describe('Lsoa.deprivation', () => {
  it("gives each LSOA's IMD score, national rank and decile, domains as published, and its rank in the borough", async () => {
    const { body } = await hub.gql(WardLsoaProfilesDocument, { code: WARD });
    expect(body.errors).toBeUndefined();
    const published = await hub.ownerSql<{
      lsoa_code: string;
      imd_score: number;
      imd_rank: number;
      imd_decile: number;
      population: number;
      domains: Record<string, { score: number; rank: number; decile: number }>;
      higher: number;
      ranked: number;
    }>(
      `select d.lsoa_code, d.imd_score, d.imd_rank, d.imd_decile, d.population, d.domains,
              (select count(*)::int from lsoa_deprivation o where o.source_id in ${LATEST('deprivation')} and o.imd_score > d.imd_score) as higher,
              (select count(*)::int from lsoa_deprivation o where o.source_id in ${LATEST('deprivation')}) as ranked
         from lsoa_deprivation d join lsoa l on l.code = d.lsoa_code
        where l.ward_code = $1 and d.source_id in ${LATEST('deprivation')}`,
      [WARD],
    );
    const lsoas = body.data!.ward.lsoas;
    expect(published).toHaveLength(lsoas.length);
    for (const lsoa of lsoas) {
      const p = published.find((r) => r.lsoa_code === lsoa.code)!;
      expect(lsoa.deprivation).toMatchObject({
        imdScore: p.imd_score,
        nationalRank: p.imd_rank,
        nationalDecile: p.imd_decile,
        population: p.population,
        rankInBorough: p.higher + 1,
        lsoasRanked: p.ranked,
        source: { kind: 'deprivation' },
      });
      const domains = lsoa.deprivation!.domains;
      expect(domains.map((d) => d.domain)).toEqual(Object.keys(p.domains).sort());
      expect(domains.length).toBe(9);
      for (const d of domains) {
        expect(d).toMatchObject({
          score: p.domains[d.domain].score,
          nationalRank: p.domains[d.domain].rank,
          nationalDecile: p.domains[d.domain].decile,
        });
      }
    }
    // Each domain's rank in the borough, for one LSOA, counted here.
    const first = lsoas[0];
    const [{ higher }] = await hub.ownerSql<{ higher: number }>(
      `select count(*)::int as higher from lsoa_deprivation
        where source_id in ${LATEST('deprivation')}
          and (domains->'income'->>'score')::float8 > (select (domains->'income'->>'score')::float8 from lsoa_deprivation
                                                       where lsoa_code = $1 and source_id in ${LATEST('deprivation')})`,
      [first.code],
    );
    expect(first.deprivation!.domains.find((d) => d.domain === 'income')!.rankInBorough).toBe(higher + 1);
  });

  it('is there through lsoa(code:) too, and null for an LSOA without figures', async () => {
    const [{ code }] = await hub.ownerSql<{ code: string }>(`select code from lsoa where ward_code = $1 order by code limit 1`, [WARD]);
    const { body } = await hub.gql(LsoaProfileDocument, { code });
    expect(body.errors).toBeUndefined();
    expect(body.data!.lsoa.ward.code).toBe(WARD);
    expect(body.data!.lsoa.deprivation!.domains).toHaveLength(9);
    expect(body.data!.lsoa.deprivation!.domains.every((d) => d.nationalRank != null)).toBe(true);

    await hub.ownerSql(
      `insert into lsoa (code, name, ward_code, source_id) select 'E01999999', 'Rotherham 999Z', $1, source_id from lsoa where code = $2`,
      [WARD, code],
    );
    const empty = await hub.gql(LsoaProfileDocument, { code: 'E01999999' });
    expect(empty.body.errors).toBeUndefined();
    expect(empty.body.data!.lsoa).toMatchObject({ population: null, deprivation: null });
  });
});
