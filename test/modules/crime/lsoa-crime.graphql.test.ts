import { LsoaCrimeDocument, WardLsoaCrimeDocument } from '../../generated/graphql';
import { useTestApp } from '../../support/app';

const hub = useTestApp();
const WARD = 'E05013010';

async function lsoaCodes(): Promise<string[]> {
  return (await hub.ownerSql<{ code: string }>('select code from lsoa where ward_code = $1 order by code', [WARD])).map((r) => r.code);
}

describe('Lsoa.crime', () => {
  type Args = { from?: string; to?: string; categories?: ('BURGLARY' | 'ANTI_SOCIAL_BEHAVIOUR')[] };
  it.each<[Args, string]>([
    [{}, 'the latest twelve months'],
    [{ from: '2023-03', to: '2024-02' }, 'a period of its own'],
    [{ from: '2023-11', to: '2024-10', categories: ['BURGLARY', 'ANTI_SOCIAL_BEHAVIOUR'] }, 'some crime types'],
  ])('adds up to the ward, and counts as the crime table does, over %j (%s)', async (args) => {
    const { body } = await hub.gql(WardLsoaCrimeDocument, { code: WARD, ...args });
    expect(body.errors).toBeUndefined();
    const ward = body.data!.ward;
    expect(ward.lsoas.map((l) => l.code)).toEqual(await lsoaCodes());
    expect(ward.crime.total).toBeGreaterThan(0);

    const sum = (f: (c: (typeof ward.lsoas)[number]['crime']) => number) => ward.lsoas.reduce((n, l) => n + f(l.crime), 0);
    expect(sum((c) => c.total)).toBe(ward.crime.total);
    expect(sum((c) => c.previousYearTotal)).toBe(ward.crime.previousYearTotal);
    expect(sum((c) => c.population ?? 0)).toBe(ward.crime.population);
    for (const [i, m] of ward.crime.byMonth.entries()) expect(sum((c) => c.byMonth[i].count)).toBe(m.count);
    for (const cat of ward.crime.byCategory) {
      expect(sum((c) => c.byCategory.find((b) => b.category === cat.category)!.count)).toBe(cat.count);
      expect(sum((c) => c.byCategory.find((b) => b.category === cat.category)!.previousYearCount)).toBe(cat.previousYearCount);
    }

    // Each LSOA's own counts, from the crime table.
    const { from, to } = ward.crime;
    const categoryNames = args.categories ? ['Burglary', 'Anti-social behaviour'] : null;
    const rows = await hub.ownerSql<{ lsoa_code: string; month: string; n: number }>(
      `select lsoa_code, to_char(month, 'YYYY-MM') as month, count(*)::int as n from crime
        where lsoa_code in (select code from lsoa where ward_code = $1)
          and month between to_date($2, 'YYYY-MM') and to_date($3, 'YYYY-MM')
          and ($4::text[] is null or category = any($4::text[]))
        group by 1, 2`,
      [WARD, from, to, categoryNames],
    );
    for (const lsoa of ward.lsoas) {
      expect(lsoa.crime).toMatchObject({ from, to });
      expect(lsoa.crime.total).toBe(rows.filter((r) => r.lsoa_code === lsoa.code).reduce((n, r) => n + r.n, 0));
      for (const m of lsoa.crime.byMonth) {
        expect(m.count).toBe(rows.find((r) => r.lsoa_code === lsoa.code && r.month === m.month)?.n ?? 0);
      }
      expect(lsoa.crime.outcomes.reduce((n, o) => n + o.count, 0)).toBeLessThanOrEqual(lsoa.crime.total);
    }
  });

  it("rates crime per 1,000 of the LSOA's own residents", async () => {
    const { body } = await hub.gql(WardLsoaCrimeDocument, { code: WARD });
    const [lsoa] = body.data!.ward.lsoas;
    const [{ n }] = await hub.ownerSql<{ n: number }>(
      `select sum(count)::int as n from lsoa_population
        where lsoa_code = $1
          and source_id in (select id from data_source where kind = 'population'
                               and period = (select max(period) from data_source where kind = 'population'))`,
      [lsoa.code],
    );
    expect(lsoa.crime.population).toBe(n);
    expect(lsoa.crime.ratePer1000).toBe(Math.round((lsoa.crime.total / n) * 1000 * 100) / 100);
  });

  it.each([
    [{ from: '2024-13' }, 'from', "'from' must be a month written YYYY-MM, such as 2024-03; it was '2024-13'."],
    [{ to: 'October' }, 'to', "'to' must be a month written YYYY-MM, such as 2024-03; it was 'October'."],
    [{ from: '2024-03', to: '2024-01' }, 'from', "'from' (2024-03) is after 'to' (2024-01)."],
    [{ from: '2010-01', to: '2024-01' }, 'from', 'The period may span at most 60 months; 2010-01 to 2024-01 is longer.'],
  ])('rejects %j naming the argument', async (args, field, message) => {
    const [code] = await lsoaCodes();
    const { body } = await hub.gql(LsoaCrimeDocument, { code, ...args });
    expect(body.errors![0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', field } });
  });
});
