import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadSeeds } from '../seeds/load';
import { readSeedData, SeedError, SEED_FILES } from '../seeds/read';
import { openOrm, type Orm } from '../src/orm';
import { projectRoot } from '../src/paths';
import { createTestDatabase, type TestDatabase } from './support/db';

const SEED_DIR = path.join(projectRoot(), 'seeds/data');

/** Every seeded table's content by natural key, without surrogate ids or load times. */
async function snapshot(url: string): Promise<Record<string, string>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const queries: Record<string, string> = {
    data_source:
      'select key, kind, title, publisher, licence, period, illustrative, note from data_source where file_name is null order by key',
    locality: 'select name, description from locality order by name',
    boundary_set: 'select code, name, effective_from::text from boundary_set order by code',
    ward: `select w.code, w.name, l.name as locality, w.boundary_set_code, w.seats
             from ward w join locality l on l.id = w.locality_id order by w.code`,
    lsoa: 'select code, name, ward_code from lsoa order by code',
    councillor: 'select ward_code, name, term_start::text, term_end::text from councillor order by ward_code, name',
    lsoa_population: 'select lsoa_code, age_band, sex, count from lsoa_population order by 1, 2, 3',
    indicator: 'select id, name, aim, polarity, value_type, multiplier, unit, description from indicator order by id',
    ward_plan: 'select ward_code, year, title, published_on::text, summary from ward_plan order by 1, 2',
    ward_priority: `select p.ward_code, p.year, q.position, q.theme, q.title, q.health_and_wellbeing_aims, q.planned_actions
                      from ward_priority q join ward_plan p on p.id = q.plan_id order by 1, 2, 3`,
    partner: 'select name, kind, description from partner order by name',
  };
  const out: Record<string, string> = {};
  try {
    for (const [table, sql] of Object.entries(queries)) out[table] = JSON.stringify((await client.query(sql)).rows);
  } finally {
    await client.end();
  }
  return out;
}

function copySeedDir(edit: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-seeds-'));
  for (const file of Object.values(SEED_FILES)) fs.copyFileSync(path.join(SEED_DIR, file), path.join(dir, file));
  edit(dir);
  return dir;
}

function editLine(dir: string, file: string, line: number, change: (text: string) => string): void {
  const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
  lines[line - 1] = change(lines[line - 1]);
  fs.writeFileSync(path.join(dir, file), lines.join('\n'));
}

describe('loading the seed data', () => {
  let db: TestDatabase;
  let orm: Orm;
  beforeEach(async () => {
    db = await createTestDatabase({ empty: true });
    orm = await openOrm({ clientUrl: db.url });
    await orm.migrator.up();
  });
  afterEach(async () => {
    await orm.close();
    await db.drop();
  });

  it('fills an empty database with what the files say, and loading again changes nothing', async () => {
    const counts = await loadSeeds(orm.em.fork());
    expect(counts).toMatchObject({ localities: 3, wards: 25, councillors: 59, lsoas: 167, populationRows: 167 * 16 });
    const first = await snapshot(db.url);
    expect(JSON.parse(first.ward)).toHaveLength(25);
    expect(JSON.parse(first.councillor)).toHaveLength(59);
    expect(JSON.parse(first.ward_priority)).toHaveLength(counts.wardPriorities);

    await loadSeeds(orm.em.fork());
    expect(await snapshot(db.url)).toEqual(first);
  });

  it('gives the same database as the test template (loading is deterministic)', async () => {
    await loadSeeds(orm.em.fork());
    const template = new URL(process.env.HUB_TEST_ADMIN_URL!);
    template.pathname = `/${process.env.HUB_TEST_TEMPLATE}`;
    expect(await snapshot(db.url)).toEqual(await snapshot(template.toString()));
  });

  it('writes nothing when a step fails half way: the whole load is one transaction', async () => {
    await loadSeeds(orm.em.fork());
    const before = await snapshot(db.url);
    const data = readSeedData();
    const renamed = { ...data, wards: data.wards.map((w) => ({ ...w, name: `${w.name} (renamed)` })) };
    // Passes the file checks but breaks a database constraint at the very last step.
    renamed.partners = [...data.partners, { ...data.partners[0] }];
    await expect(loadSeeds(orm.em.fork(), { data: renamed })).rejects.toThrow(/partner/);
    expect(await snapshot(db.url)).toEqual(before);
  });
});

describe('checking the seed files', () => {
  it('reads the committed files without a problem', () => {
    expect(() => readSeedData()).not.toThrow();
  });

  it('names the file, row and column of every bad value, all at once', () => {
    const dir = copySeedDir((d) => {
      editLine(d, 'wards.csv', 3, (l) => l.replace(/^E05012994/, 'E0501299X'));
      editLine(d, 'councillors.csv', 4, (l) => l.replace(/2024-05-02/, '02/05/2024'));
      editLine(d, 'lsoa-deprivation.csv', 2, (l) => l.replace(/,(\d+),(\d+),(\d+),/, ',$1,11,$3,'));
    });
    let error: SeedError | undefined;
    try {
      readSeedData(dir);
    } catch (err) {
      error = err as SeedError;
    }
    expect(error).toBeInstanceOf(SeedError);
    expect(error!.problems).toEqual(
      expect.arrayContaining([
        'wards.csv row 3, column code: is not an ONS ward code',
        'councillors.csv row 4, column term_start: is not an ISO date (YYYY-MM-DD)',
        'lsoa-deprivation.csv row 2, column imd_decile: must be between 1 and 10',
        // The ward row was refused, so the rows that name it are reported too.
        "councillors.csv row 4, column ward_code: unknown value 'E05012994'",
        "lsoas.csv row 87, column ward_code: unknown value 'E05012994'",
      ]),
    );
  });

  it('names a repeated key and the row it repeats', () => {
    const dir = copySeedDir((d) => {
      const file = path.join(d, 'lsoas.csv');
      const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
      fs.writeFileSync(file, [...lines, lines[1]].join('\n') + '\n');
    });
    expect(() => readSeedData(dir)).toThrow(/lsoas\.csv row 169, column code: 'E01007604' repeats row 2/);
  });
});
