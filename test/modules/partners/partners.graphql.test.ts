import { DataSourcesDocument, PartnersDocument } from '../../generated/graphql';
import { useTestApp } from '../../support/app';
import { seedFiles } from '../../support/seed-files';

const hub = useTestApp();

describe('partners', () => {
  it('lists the partner organisations A to Z with their sources', async () => {
    const { body } = await hub.gql(PartnersDocument, { first: 100 });
    const partners = body.data!.partners;
    const expected = seedFiles()
      .partners.map((p) => p.name)
      .sort((a, b) => a.localeCompare(b, 'en'));
    expect(partners.totalCount).toBe(expected.length);
    expect(partners.nodes.map((p) => p.name).sort((a, b) => a.localeCompare(b, 'en'))).toEqual(expected);
    const police = partners.nodes.find((p) => p.kind === 'POLICE')!;
    expect(police.name).toMatch(/South Yorkshire Police/);
  });

  it('filters by kind and name', async () => {
    const { body } = await hub.gql(PartnersDocument, { kind: 'COUNCIL_SERVICE', nameContains: 'early help' });
    expect(body.data!.partners.nodes.map((p) => p.name)).toEqual(['Early Help (RMBC)']);
  });
});

describe('dataSources', () => {
  it('lists every seed source, saying which are illustrative', async () => {
    const { body } = await hub.gql(DataSourcesDocument, {});
    const sources = body.data!.dataSources.nodes;
    const seedKeys = seedFiles()
      .sources.filter((s) => s.kind !== 'deprivation')
      .map((s) => s.key);
    // The seed's published files arrive through the importers, each as a source of its own.
    const importKeys = ['imd2019:2019', 'police-street:2022-11 to 2024-10', 'housing:2022-11 to 2024-10', 'ward-budgets:2020/21'];
    expect(sources.map((s) => s.key)).toEqual(expect.arrayContaining([...seedKeys, ...importKeys]));
    const population = sources.find((s) => s.key === 'seed-population-2021')!;
    expect(population).toMatchObject({ kind: 'population', period: '2021', illustrative: true });
    expect(population.note).toMatch(/not official statistics/);
    expect(new Date(population.loadedAt).getTime()).not.toBeNaN();

    // An import says what it read, loaded and skipped and why, from which file, and who ran it.
    const crime = sources.find((s) => s.key === 'police-street:2022-11 to 2024-10')!;
    expect(crime).toMatchObject({ kind: 'crime', fileName: 'police-street.csv', loadedBy: 'seed', illustrative: true });
    expect(crime.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(crime.skipped.map((s) => s.reason).sort()).toEqual(['no location (no LSOA)', 'outside the borough']);
    expect(crime.rowsRead).toBe(crime.rowCount! + crime.skipped.reduce((n, s) => n + s.count, 0));
  });
});
