import { AreaCrimeDocument, WardCrimeDocument } from '../../generated/graphql';
import { useTestApp } from '../../support/app';
import { seedFiles } from '../../support/seed-files';

const hub = useTestApp();
const WARD = 'E05013010';
// Months after the seed's crime (2022-11 to 2024-10), so the counts here are only this test's.

/** Inserts `n` crimes of `category` in `month` in the ward's first LSOA, from one data source. */
async function addCrimes(rows: { month: string; category: string; n: number; ref?: string; outcome?: string; lsoa?: string }[]) {
  const conn = hub.app.orm.em.getConnection();
  const [source] = await conn.execute<{ id: number }[]>(
    `insert into data_source (key, kind, title, publisher, licence, period, illustrative, file_name)
     values ('police-street:test', 'crime', 'Test crime', 'police.uk', 'OGL', 'test', true, 'test.csv') returning id`,
  );
  const lsoa = seedFiles().lsoas.find((l) => l.ward_code === WARD)!.code;
  for (const r of rows) {
    await conn.execute(
      `insert into crime (source_id, crime_ref, month, lsoa_code, category, last_outcome)
       select ?, case when ? = 'Anti-social behaviour' then null else coalesce(?, md5(random()::text)) end, ?::date, ?, ?, ?
         from generate_series(1, ?)`,
      [source.id, r.category, r.ref ?? null, `${r.month}-01`, r.lsoa ?? lsoa, r.category, r.outcome ?? null, r.n],
    );
  }
  return source.id;
}

beforeAll(async () => {
  const other = seedFiles().lsoas.find((l) => l.ward_code === 'E05013004')!.code; // Keppel, Central like WARD
  const sourceId = await addCrimes([
    { month: '2030-01', category: 'Burglary', n: 3, outcome: 'Under investigation' },
    { month: '2030-02', category: 'Burglary', n: 2 },
    { month: '2030-02', category: 'Anti-social behaviour', n: 5 },
    { month: '2029-01', category: 'Burglary', n: 4 },
    { month: '2029-02', category: 'Anti-social behaviour', n: 6 },
    { month: '2030-02', category: 'Drugs', n: 1, ref: 'abc123' },
    { month: '2030-02', category: 'Drugs', n: 7, lsoa: other },
  ]);
  await hub.app.orm.em.getConnection().execute(
    `insert into crime_outcome (source_id, crime_ref, month, lsoa_code, outcome)
       select ?, 'abc123', '2030-03-01', lsoa_code, 'Offender given a caution' from crime where crime_ref = 'abc123'`,
    [sourceId],
  );
});

describe('Ward.crime', () => {
  it('counts by month and type, per 1,000 residents, against the same months a year earlier', async () => {
    const { body } = await hub.gql(WardCrimeDocument, { code: WARD, from: '2030-01', to: '2030-02' });
    expect(body.errors).toBeUndefined();
    const crime = body.data!.ward.crime;
    const residents = seedFiles()
      .population.filter((p) => seedFiles().lsoas.find((l) => l.code === p.lsoa_code)!.ward_code === WARD)
      .reduce((n, p) => n + p.count, 0);
    expect(crime).toMatchObject({
      from: '2030-01',
      to: '2030-02',
      total: 11,
      population: residents,
      previousYearTotal: 10,
      changeFromPreviousYear: 0.1,
    });
    expect(crime.ratePer1000).toBeCloseTo((11 / residents) * 1000, 2);
    expect(crime.byMonth).toEqual([
      { month: '2030-01', count: 3 },
      { month: '2030-02', count: 8 },
    ]);
    expect(crime.byCategory).toHaveLength(14);
    expect(crime.byCategory.slice(0, 3)).toEqual([
      // Equal counts are ordered by the police.uk name.
      { category: 'ANTI_SOCIAL_BEHAVIOUR', count: 5, ratePer1000: expect.any(Number), previousYearCount: 6, outcomes: [] },
      {
        category: 'BURGLARY',
        count: 5,
        ratePer1000: expect.any(Number),
        previousYearCount: 4,
        outcomes: [
          { outcome: 'Under investigation', count: 3 },
          { outcome: 'No outcome recorded', count: 2 },
        ],
      },
      {
        category: 'DRUGS',
        count: 1,
        ratePer1000: expect.any(Number),
        previousYearCount: 0,
        outcomes: [{ outcome: 'Offender given a caution', count: 1 }],
      },
    ]);
    // The latest outcome from the outcomes file wins over the street file's; ASB has no outcome.
    expect(crime.outcomes).toEqual([
      { outcome: 'Under investigation', count: 3 },
      { outcome: 'No outcome recorded', count: 2 },
      { outcome: 'Offender given a caution', count: 1 },
    ]);
    expect(crime.sources).toEqual([{ key: 'police-street:test', kind: 'crime' }]);
  });

  it('filters by crime type', async () => {
    const { body } = await hub.gql(WardCrimeDocument, { code: WARD, from: '2030-01', to: '2030-02', categories: ['BURGLARY'] });
    expect(body.data!.ward.crime).toMatchObject({ total: 5, previousYearTotal: 4, changeFromPreviousYear: 0.25 });
    expect(body.data!.ward.crime.byCategory.map((c) => c.category)).toEqual(['BURGLARY']);
  });

  it('defaults to the twelve months up to the latest loaded', async () => {
    const { body } = await hub.gql(WardCrimeDocument, { code: WARD });
    expect(body.data!.ward.crime).toMatchObject({ from: '2029-03', to: '2030-02', total: 11 });
    expect(body.data!.ward.crime.byMonth).toHaveLength(12);
  });

  it.each([
    [{ from: '2030-13' }, 'from', "'from' must be a month written YYYY-MM, such as 2024-03; it was '2030-13'."],
    [{ from: '2030-03', to: '2030-01' }, 'from', "'from' (2030-03) is after 'to' (2030-01)."],
    [{ from: '2010-01', to: '2030-01' }, 'from', 'The period may span at most 60 months; 2010-01 to 2030-01 is longer.'],
  ])('rejects %j naming the argument', async (args, field, message) => {
    const { body } = await hub.gql(WardCrimeDocument, { code: WARD, ...args });
    expect(body.errors![0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', field } });
  });
});

describe('Locality.crime and borough.crime', () => {
  it('add up from the wards', async () => {
    const { body } = await hub.gql(AreaCrimeDocument, { from: '2030-01', to: '2030-02' });
    expect(body.errors).toBeUndefined();
    const { borough, localities } = body.data!;
    expect(borough.name).toBe('Rotherham');
    expect(borough.crime).toEqual({ total: 18, previousYearTotal: 10 });
    const central = localities.find((l) => l.name === 'Central')!;
    expect(central.crime.total).toBe(18);
    expect(central.wards.reduce((n, w) => n + w.crime.total, 0)).toBe(18);
    expect(localities.find((l) => l.name === 'North')!.crime.total).toBe(0);
  });
});
