import { LocalitiesDocument, LocalityDocument, LsoaDocument, WardDocument, WardsDocument, type WardsQuery } from '../../generated/graphql';
import { useTestApp, type GraphQLResponse } from '../../support/app';
import { seedFiles } from '../../support/seed-files';

const hub = useTestApp();

describe('localities', () => {
  it('lists North, Central and South with their wards from the seed data', async () => {
    const { status, body } = await hub.gql(LocalitiesDocument);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const localities = body.data!.localities;
    expect(localities.map((l) => l.name)).toEqual(['North', 'Central', 'South']);
    for (const locality of localities) {
      const expected = seedFiles()
        .wards.filter((w) => w.locality === locality.name)
        .map((w) => w.name)
        .sort((a, b) => a.localeCompare(b));
      expect(locality.wards.map((w) => w.name)).toEqual(expected);
    }
    const wards = localities.flatMap((l) => l.wards);
    expect(wards).toHaveLength(25);
    expect(wards.reduce((n, w) => n + w.seats, 0)).toBe(59);
    expect(wards.filter((w) => w.seats === 3)).toHaveLength(9);
  });

  it('finds a locality by name in any case', async () => {
    const { body } = await hub.gql(LocalityDocument, { name: 'central' });
    expect(body.data!.locality.name).toBe('Central');
    expect(body.data!.locality.wards.map((w) => w.code)).toContain('E05013010');
  });

  it('names the localities there are when asked for one that does not exist', async () => {
    const { body } = await hub.gql(LocalityDocument, { name: 'East' });
    expect(body.data).toBeNull();
    expect(body.errors![0].extensions?.code).toBe('NOT_FOUND');
    expect(body.errors![0].message).toBe("No locality is named 'East'. Localities are: North, Central, South.");
  });
});

describe('ward(code)', () => {
  it('returns the ward with its locality, boundary set, councillors, LSOAs and sources', async () => {
    const { body } = await hub.gql(WardDocument, { code: 'E05013010' });
    expect(body.errors).toBeUndefined();
    const ward = body.data!.ward;
    expect(ward).toMatchObject({
      code: 'E05013010',
      name: 'Rotherham East',
      seats: 3,
      locality: { name: 'Central' },
      boundarySet: { code: 'RMBC-2021', effectiveFrom: '2021-05-06', source: { key: 'rmbc-wards-2021' } },
      source: { key: 'rmbc-wards-2021', illustrative: false },
    });
    const seeds = seedFiles();
    expect(ward.councillors.map((c) => c.name)).toEqual(
      seeds.councillors
        .filter((c) => c.ward_code === 'E05013010')
        .map((c) => c.name)
        .sort((a, b) => a.localeCompare(b)),
    );
    expect(ward.councillors[0]).toMatchObject({
      termStart: '2024-05-02',
      termEnd: '2028-05-04',
      ward: { code: 'E05013010' },
      source: { illustrative: true },
    });
    expect(ward.lsoas.map((l) => l.code)).toEqual(
      seeds.lsoas
        .filter((l) => l.ward_code === 'E05013010')
        .map((l) => l.code)
        .sort(),
    );
  });

  it('says which code was not found', async () => {
    const { status, body } = await hub.gql(WardDocument, { code: 'E05099999' });
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].message).toBe("No ward has the code 'E05099999'.");
    expect(body.errors![0].extensions?.code).toBe('NOT_FOUND');
  });

  it('rejects something that is not a ward code, naming the argument', async () => {
    const { body } = await hub.gql(WardDocument, { code: 'Rotherham East' });
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    expect(body.errors![0].message).toBe("'Rotherham East' is not an ONS ward code; ward codes look like E05013010.");
  });
});

describe('wards(filter, orderBy, first, after)', () => {
  it('pages through all 25 wards A to Z with cursors, no gaps and no repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const response: GraphQLResponse<WardsQuery> = await hub.gql(WardsDocument, { first: 10, after });
      const wards: WardsQuery['wards'] = response.body.data!.wards;
      expect(wards.totalCount).toBe(25);
      seen.push(...wards.edges.map((e) => e.node.name));
      pages += 1;
      if (!wards.pageInfo.hasNextPage) break;
      after = wards.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(
      seedFiles()
        .wards.map((w) => w.name)
        .sort((a, b) => a.localeCompare(b)),
    );
  });

  it('pages backwards with last and before', async () => {
    const all = (await hub.gql(WardsDocument, { first: 25 })).body.data!.wards.edges;
    const { body } = await hub.gql(WardsDocument, { last: 3, before: all[10].cursor });
    expect(body.data!.wards.edges.map((e) => e.node.code)).toEqual(all.slice(7, 10).map((e) => e.node.code));
    expect(body.data!.wards.pageInfo.hasPreviousPage).toBe(true);
  });

  it('filters by locality and name and sorts by code descending', async () => {
    const { body } = await hub.gql(WardsDocument, {
      filter: { locality: 'South', nameContains: 'maltby' },
      orderBy: { field: 'CODE', direction: 'DESC' },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.wards.totalCount).toBe(2);
    expect(body.data!.wards.edges.map((e) => e.node.code)).toEqual(['E05013006', 'E05013002']);
  });

  it('treats % and _ in nameContains as plain text', async () => {
    const { body } = await hub.gql(WardsDocument, { filter: { nameContains: '%' } });
    expect(body.data!.wards.totalCount).toBe(0);
  });

  it('rejects a cursor it did not give out, naming the argument', async () => {
    const { body } = await hub.gql(WardsDocument, { first: 5, after: 'not-a-cursor' });
    expect(body.data).toBeNull();
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(body.errors![0].message).toBe(
      "The cursor in 'after' is not one this list gave out. Use pageInfo.endCursor or an edge's cursor from the same query.",
    );
  });

  it('rejects a page size over the limit', async () => {
    const { body } = await hub.gql(WardsDocument, { first: 101 });
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(body.errors![0].message).toBe("'first' must be between 1 and 100; it was 101.");
  });

  it('rejects an unknown locality in the filter, naming the filter field', async () => {
    const { body } = await hub.gql(WardsDocument, { filter: { locality: 'Westside' } });
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.locality' });
    expect(body.errors![0].message).toBe("No locality is named 'Westside'. Localities are: North, Central, South.");
  });
});

describe('lsoa(code)', () => {
  it('returns a real LSOA from the police sample with its ward', async () => {
    const { body } = await hub.gql(LsoaDocument, { code: 'E01007736' });
    const expectedWard = seedFiles().lsoas.find((l) => l.code === 'E01007736')!.ward_code;
    expect(body.data!.lsoa).toMatchObject({ code: 'E01007736', name: 'Rotherham 014A', ward: { code: expectedWard } });
    expect(body.data!.lsoa.source.illustrative).toBe(true);
  });

  it('says which LSOA code was not found', async () => {
    const { body } = await hub.gql(LsoaDocument, { code: 'E01000001' });
    expect(body.errors![0]).toMatchObject({ message: "No LSOA has the code 'E01000001'.", extensions: { code: 'NOT_FOUND' } });
  });
});
