import { Client } from 'pg';
import { HOUSING_COLUMNS, housingImporter } from '../../../src/modules/housing/housing.importer';
import { DataSourceReplacementsDocument } from '../../generated/graphql';
import { useTestApp } from '../../support/app';
import { importWith, useTempDir } from '../../support/imports';

const hub = useTestApp();
const tmp = useTempDir('replacement-graphql-');

it('dataSources says what each import replaced, and its warnings', async () => {
  const client = new Client({ connectionString: hub.db.url });
  await client.connect();
  try {
    const file = tmp.write(
      'two-wards.csv',
      `${HOUSING_COLUMNS.join(',')}\nE05013010,2024-01,10,1,0,0,0,0\nE05013011,2024-01,10,1,0,0,0,0\nE05013011,2030-01,10,1,0,0,0,0\n`,
    );
    await importWith(client, housingImporter, file);
  } finally {
    await client.end();
  }
  const { body } = await hub.gql(DataSourceReplacementsDocument, { kind: 'housing' });
  expect(body.errors).toBeUndefined();
  const nodes = body.data!.dataSources.nodes;
  expect(nodes.find((n) => n.key === 'housing:2024-01 to 2030-01')).toEqual({
    key: 'housing:2024-01 to 2030-01',
    rowCount: 3,
    // Two of the file's three ward-months were the seed's; the third is new.
    replaced: { unit: 'ward-month', covered: 3, replaced: 2, rows: 2 },
    warnings: [],
  });
  // The seed's source lost those two rows and says so; it was loaded before anything recorded replacements.
  expect(nodes.find((n) => n.key === 'housing:2022-11 to 2024-10')).toMatchObject({ rowCount: 25 * 24 - 2 });
});
