import { WardsByFigureDocument, WardsDocument, type WardOrderField, type WardsByFigureQuery } from '../../generated/graphql';
import { useTestApp, type GraphQLResponse } from '../../support/app';

const hub = useTestApp();

/** A fixture indicator whose values give ties, a null value, a ward whose latest value is older, and a series not shown. */
const INDICATOR = 90101;

type Direction = 'ASC' | 'DESC';
type Node = WardsByFigureQuery['wards']['edges'][number]['node'];

/** The figure each order ranks by, as the ward shows it. */
const shown: Record<Exclude<WardOrderField, 'NAME' | 'CODE'>, (n: Node) => number | null> = {
  POPULATION: (n) => n.profile.population?.total ?? null,
  IMD_SCORE: (n) => n.profile.deprivation?.imdScore ?? null,
  CRIME_RATE: (n) => n.crime.ratePer1000,
  INDICATOR_VALUE: (n) => n.indicators[0]?.latest?.value ?? null,
};

/** Each figure computed here from the tables, not through the hub's SQL. */
const independent: Record<keyof typeof shown, string> = {
  POPULATION: `select l.ward_code as code, sum(p.count)::float8 as value
                 from lsoa_population p join lsoa l on l.code = p.lsoa_code
                where p.source_id in (select id from data_source where kind = 'population'
                                        and period = (select max(period) from data_source where kind = 'population'))
                group by 1`,
  IMD_SCORE: `select l.ward_code as code, round((sum(d.imd_score * d.population) / sum(d.population))::numeric, 3)::float8 as value
                from lsoa_deprivation d join lsoa l on l.code = d.lsoa_code
               where d.source_id in (select id from data_source where kind = 'deprivation'
                                       and period = (select max(period) from data_source where kind = 'deprivation'))
               group by 1`,
  CRIME_RATE: `with people as (
                 select l.ward_code, sum(p.count) as n from lsoa_population p join lsoa l on l.code = p.lsoa_code
                  where p.source_id in (select id from data_source where kind = 'population'
                                          and period = (select max(period) from data_source where kind = 'population'))
                  group by 1),
               crimes as (
                 select l.ward_code, count(*) as n from crime c join lsoa l on l.code = c.lsoa_code
                  where c.month > (select max(month) from crime) - interval '12 months'
                  group by 1)
               select p.ward_code as code, round((coalesce(c.n, 0) * 1000.0 / p.n)::numeric, 2)::float8 as value
                 from people p left join crimes c using (ward_code)`,
  INDICATOR_VALUE: `select distinct on (area_code) area_code as code, value::float8 as value
                      from indicator_value where indicator_id = ${INDICATOR} and sex = 'Persons'
                     order by area_code, period_sortable desc`,
};

let codes: string[];

beforeAll(async () => {
  codes = (await hub.ownerSql<{ code: string }>('select code from ward order by code')).map((r) => r.code);
  const [source] = await hub.ownerSql<{ id: number }>(
    `insert into data_source (key, kind, title, publisher, licence, period, illustrative, file_name)
     values ('fingertips:order-test', 'indicators', 'Order test', 'OHID', 'OGL', 'test', true, 'test.csv') returning id`,
  );
  await hub.ownerSql(
    `insert into indicator (id, name, aim, polarity, value_type, multiplier, unit)
     values (${INDICATOR}, 'Ranking test', 'BEST_START_IN_LIFE', 'HIGH_IS_GOOD', 'PROPORTION', 100, '%')`,
  );
  const rows: [string, string, number, number | null][] = [
    // [ward, sex, period, value]
    [codes[3], 'Persons', 2021, 5],
    [codes[3], 'Persons', 2022, 30],
    [codes[1], 'Persons', 2022, 30],
    [codes[7], 'Persons', 2022, 10],
    [codes[7], 'Male', 2022, 99],
    [codes[9], 'Persons', 2022, null],
    [codes[12], 'Persons', 2021, 44],
    [codes[20], 'Persons', 2022, 12.5],
  ];
  for (const [ward, sex, period, value] of rows) {
    await hub.ownerSql(
      `insert into indicator_value (source_id, indicator_id, area_code, area_name, area_type, parent_code, sex, age, category_type, category,
                                    period, period_sortable, value)
       values ($1, $2, $3, $3, 'Ward', 'E08000018', $4, '', '', '', $5, $6, $7)`,
      [source.id, INDICATOR, ward, sex, String(period), period * 10000, value],
    );
  }
});

/** Ward codes in the order the hub must give: by value, ties by code, wards without a value last. */
async function expectedOrder(
  field: keyof typeof shown,
  direction: Direction,
): Promise<{ order: string[]; values: Map<string, number | null> }> {
  const rows = await hub.ownerSql<{ code: string; value: number | null }>(independent[field]);
  const values = new Map<string, number | null>(codes.map((c) => [c, null]));
  for (const r of rows) if (values.has(r.code)) values.set(r.code, r.value);
  const sign = direction === 'ASC' ? 1 : -1;
  const order = [...codes].sort((a, b) => {
    const va = values.get(a) ?? null;
    const vb = values.get(b) ?? null;
    if (va === null || vb === null) return va === vb ? sign * a.localeCompare(b) : va === null ? 1 : -1;
    return sign * (va - vb) || sign * a.localeCompare(b);
  });
  return { order, values };
}

/** Every page of the list with `first: size`, following endCursor. */
async function pageThrough(field: WardOrderField, direction: Direction, size: number): Promise<Node[]> {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 30; pages += 1) {
    const { body }: GraphQLResponse<WardsByFigureQuery> = await hub.gql(WardsByFigureDocument, {
      first: size,
      after,
      orderBy: { field, direction, indicatorId: field === 'INDICATOR_VALUE' ? INDICATOR : null },
      indicatorIds: [INDICATOR],
    });
    expect(body.errors).toBeUndefined();
    const wards: WardsByFigureQuery['wards'] = body.data!.wards;
    expect(wards.totalCount).toBe(25);
    expect(wards.pageInfo.hasPreviousPage).toBe(after !== null);
    nodes.push(...wards.edges.map((e) => e.node));
    if (!wards.pageInfo.hasNextPage) return nodes;
    after = wards.pageInfo.endCursor;
  }
  throw new Error('paging never ended');
}

describe('wards(orderBy:) by a figure', () => {
  for (const field of Object.keys(shown) as (keyof typeof shown)[]) {
    for (const direction of ['ASC', 'DESC'] as const) {
      it(`orders by ${field} ${direction}, as computed from the tables and as shown, paging 7 at a time through every ward once`, async () => {
        const { order, values } = await expectedOrder(field, direction);
        if (field !== 'INDICATOR_VALUE') {
          // Every seeded ward has residents, deprivation and crime, and they differ.
          expect([...values.values()].every((v) => v !== null)).toBe(true);
          expect(new Set(values.values()).size).toBeGreaterThan(10);
        }
        const nodes = await pageThrough(field, direction, 7);
        expect(nodes.map((n) => n.code)).toEqual(order);
        expect(new Set(nodes.map((n) => n.code)).size).toBe(25);
        // The order agrees with the figure each ward shows.
        for (const n of nodes) expect(shown[field](n)).toBe(values.get(n.code));
      });
    }
  }

  it('puts the ties by code and the wards without a value last, in both directions', async () => {
    const asc = (await pageThrough('INDICATOR_VALUE', 'ASC', 25)).map((n) => n.code);
    const desc = (await pageThrough('INDICATOR_VALUE', 'DESC', 25)).map((n) => n.code);
    // Values: 10 (codes[7], whose Male value 99 is not the series shown), 12.5, 30 and 30 (a tie, by code in the
    // list's direction), 44 (an older period); codes[9]'s latest value is null, so it ranks with the wards without one.
    expect(asc.slice(0, 5)).toEqual([codes[7], codes[20], codes[1], codes[3], codes[12]]);
    expect(desc.slice(0, 5)).toEqual([codes[12], codes[3], codes[1], codes[20], codes[7]]);
    const without = codes.filter((c) => ![1, 3, 7, 12, 20].map((i) => codes[i]).includes(c));
    expect(asc.slice(5)).toEqual(without);
    expect(desc.slice(5)).toEqual([...without].reverse());
  });

  it('pages backwards with last and before in a figure order', async () => {
    const all = (await pageThrough('POPULATION', 'DESC', 25)).map((n) => n.code);
    const { body: first } = await hub.gql(WardsByFigureDocument, { first: 25, orderBy: { field: 'POPULATION', direction: 'DESC' } });
    const cursors = first.data!.wards.edges.map((e) => e.cursor);
    const { body } = await hub.gql(WardsByFigureDocument, {
      last: 4,
      before: cursors[10],
      orderBy: { field: 'POPULATION', direction: 'DESC' },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.wards.edges.map((e) => e.node.code)).toEqual(all.slice(6, 10));
    expect(body.data!.wards.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it('filters as the other orders do', async () => {
    const { body } = await hub.gql(WardsByFigureDocument, {
      filter: { locality: 'South' },
      orderBy: { field: 'CRIME_RATE', direction: 'DESC' },
    });
    expect(body.errors).toBeUndefined();
    const south = await hub.ownerSql<{ code: string }>(
      `select w.code from ward w join locality l on l.id = w.locality_id where l.name = 'South'`,
    );
    expect(body.data!.wards.totalCount).toBe(south.length);
    const rates = body.data!.wards.edges.map((e) => e.node.crime.ratePer1000!);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
  });

  it('names orderBy.indicatorId when it is missing, unknown or given with another field', async () => {
    const cases = [
      { field: 'INDICATOR_VALUE', indicatorId: null, message: /needs 'orderBy.indicatorId'/ },
      { field: 'INDICATOR_VALUE', indicatorId: 424242, message: /No indicator has the id 424242/ },
      { field: 'POPULATION', indicatorId: INDICATOR, message: /goes with the field INDICATOR_VALUE only; the field was POPULATION/ },
    ] as const;
    for (const c of cases) {
      const { body } = await hub.gql(WardsByFigureDocument, { orderBy: { field: c.field, indicatorId: c.indicatorId } });
      expect(body.data).toBeNull();
      expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'orderBy.indicatorId' });
      expect(body.errors![0].message).toMatch(c.message);
    }
  });

  it("refuses a cursor from another order, naming 'after'", async () => {
    const { body: byName } = await hub.gql(WardsDocument, { first: 3 });
    const { body } = await hub.gql(WardsByFigureDocument, {
      first: 3,
      after: byName.data!.wards.pageInfo.endCursor,
      orderBy: { field: 'IMD_SCORE' },
    });
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
