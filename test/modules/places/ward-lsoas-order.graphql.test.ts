import { WardLsoasOrderedDocument, type LsoaOrderField, type OrderDirection } from '../../generated/graphql';
import { useTestApp } from '../../support/app';

const hub = useTestApp();
const WARD = 'E05013010';

/*
 * Each LSOA's figure worked out here from the tables (not through the hub's views), and the order
 * expected from it: the figure either way, LSOAs without it last, ties by code.
 */
const FIGURES: Record<Exclude<LsoaOrderField, 'CODE'>, string> = {
  IMD_SCORE: `(select d.imd_score from lsoa_deprivation d
                where d.lsoa_code = l.code
                  and d.source_id in (select id from data_source where kind = 'deprivation'
                                         and period = (select max(period) from data_source where kind = 'deprivation')))`,
  POPULATION: `(select sum(p.count)::int from lsoa_population p
                 where p.lsoa_code = l.code
                   and p.source_id in (select id from data_source where kind = 'population'
                                          and period = (select max(period) from data_source where kind = 'population')))`,
  // The latest twelve months loaded, as crime's default period.
  CRIME_COUNT: `(select count(*)::int from crime c
                  where c.lsoa_code = l.code
                    and c.month > (select max(month) from crime) - interval '12 months')`,
};

async function figures(field: keyof typeof FIGURES): Promise<{ code: string; v: number | null }[]> {
  return hub.ownerSql(`select l.code, ${FIGURES[field]} as v from lsoa l where l.ward_code = $1`, [WARD]);
}

function expected(rows: { code: string; v: number | null }[], direction: 'ASC' | 'DESC'): string[] {
  return [...rows]
    .sort((a, b) => {
      if (a.v === null || b.v === null) return (a.v === null ? 1 : 0) - (b.v === null ? 1 : 0) || a.code.localeCompare(b.code);
      return (direction === 'ASC' ? a.v - b.v : b.v - a.v) || a.code.localeCompare(b.code);
    })
    .map((r) => r.code);
}

async function order(field?: LsoaOrderField, direction?: OrderDirection): Promise<string[]> {
  const orderBy = field || direction ? { ...(field ? { field } : {}), ...(direction ? { direction } : {}) } : undefined;
  const { body } = await hub.gql(WardLsoasOrderedDocument, { code: WARD, orderBy });
  expect(body.errors).toBeUndefined();
  return body.data!.ward.lsoas.map((l) => l.code);
}

describe('Ward.lsoas(orderBy:)', () => {
  it('sorts by code by default, and by code either way when asked', async () => {
    const codes = (await hub.ownerSql<{ code: string }>('select code from lsoa where ward_code = $1', [WARD])).map((r) => r.code).sort();
    expect(codes.length).toBeGreaterThan(2);
    expect(await order()).toEqual(codes);
    expect(await order('CODE')).toEqual(codes);
    expect(await order('CODE', 'DESC')).toEqual([...codes].reverse());
  });

  it.each(['IMD_SCORE', 'POPULATION', 'CRIME_COUNT'] as const)('sorts by %s both ways, ties by code', async (field) => {
    const rows = await figures(field);
    expect(new Set(rows.map((r) => r.v)).size).toBeGreaterThan(1);
    const asc = await order(field, 'ASC');
    const desc = await order(field, 'DESC');
    expect(asc).toEqual(expected(rows, 'ASC'));
    expect(desc).toEqual(expected(rows, 'DESC'));
    expect(asc).not.toEqual(desc);
  });

  it('puts LSOAs without the figure last either way, and breaks ties by code', async () => {
    // Two new LSOAs: no deprivation figures, and no crime or residents, so they tie on every figure.
    await hub.ownerSql(
      `insert into lsoa (code, name, ward_code, source_id)
         select c, 'Rotherham ' || c, $1, (select source_id from lsoa limit 1) from unnest(array['E01999998', 'E01999997']) c`,
      [WARD],
    );
    for (const direction of ['ASC', 'DESC'] as const) {
      expect((await order('IMD_SCORE', direction)).slice(-2)).toEqual(['E01999997', 'E01999998']);
      expect((await order('POPULATION', direction)).slice(-2)).toEqual(['E01999997', 'E01999998']);
    }
    // No crime counts 0, a figure like any other: first when smallest first.
    expect((await order('CRIME_COUNT', 'ASC')).slice(0, 2)).toEqual(['E01999997', 'E01999998']);
    expect((await order('CRIME_COUNT', 'DESC')).slice(-2)).toEqual(['E01999997', 'E01999998']);
  });
});
