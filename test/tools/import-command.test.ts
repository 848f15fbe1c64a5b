import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { HUB_MARKER, type HubMarker } from '../../src/database';
import { projectRoot } from '../../src/paths';
import { useCleanup } from '../support/cleanup';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startHubProcess, type HubProcess } from '../support/hub-process';
import { runImportCommand, type CommandResult } from '../support/commands';
import { freePort } from '../support/ports';

// `npm run import -- <kind> <file>` as a person runs it (npm test builds dist/ first).
const fixture = (name: string) => path.join(projectRoot(), 'test/fixtures/police', name);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function run(...args: string[]): Promise<CommandResult> {
  return runWith({ DATABASE_URL: db.url }, ...args);
}

const runWith = runImportCommand;

async function crimeRows(): Promise<number> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<{ n: number }>('select count(*)::int as n from crime')).rows[0].n;
  } finally {
    await client.end();
  }
}

it('imports a good file and prints what it read, loaded and skipped', async () => {
  const result = await run('police-street', fixture('street-good.csv'), '--who', 'Test Analyst');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(
    /^Imported street-good\.csv as police-street for \S+ to \S+: read 39 rows, loaded 32, skipped 7 \(outside the borough: 5; no location \(no LSOA\): 2\)/,
  );
});

it('exits 1 naming the row and column of a bad file, and changes nothing', async () => {
  const before = await crimeRows();
  const result = await run('police-street', fixture('street-unknown-category.csv'));
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/street-unknown-category\.csv was not imported \(nothing changed\): 1 problem/);
  expect(result.stderr).toMatch(/row \d+, column "Crime type": 'Jaywalking' is not a known police\.uk crime type/);
  expect(await crimeRows()).toBe(before);
});

it('says which kinds there are when given an unknown one', async () => {
  const result = await run('council-tax', fixture('street-good.csv'));
  expect(result.code).toBe(1);
  expect(result.stderr).toContain("No importer for 'council-tax'. Kinds: ");
  for (const kind of ['police-street', 'police-outcomes', 'fingertips', 'imd', 'ons-lookup', 'housing', 'ward-budgets']) {
    expect(result.stderr).toContain(kind);
  }
});

it('prints what it replaced, and warns on stderr about a ward an ons-lookup leaves with no LSOA', async () => {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  let file: string;
  try {
    const [emptied, to] = (await client.query<{ code: string; name: string }>('select code, name from ward order by code limit 2')).rows;
    const lsoas = (await client.query<{ code: string; name: string }>('select code, name from lsoa where ward_code = $1', [emptied.code]))
      .rows;
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hub-lookup-')), 'lookup.csv');
    fs.writeFileSync(
      file,
      'LSOA21CD,LSOA21NM,WD23CD,WD23NM,LAD23CD,LAD23NM\n' +
        lsoas.map((l) => `${l.code},${l.name},${to.code},${to.name},E08000018,Rotherham\n`).join(''),
    );
    const result = await run('ons-lookup', file);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Replaced ${lsoas.length} LSOAs (${lsoas.length} rows) of the ${lsoas.length} LSOAs the file covers; nothing outside them changed.`,
    );
    expect(result.stdout).toContain(`  ${emptied.code} ${emptied.name}: lost ${lsoas.length}, now 0 LSOAs`);
    expect(result.stdout).toMatch(new RegExp(`  ${to.code} ${to.name}: gained ${lsoas.length}, now \\d+ LSOAs`));
    expect(result.stderr).toContain(`WARNING: ward ${emptied.code} (${emptied.name}) has no LSOA left`);
  } finally {
    await client.end();
  }
});

it('refuses a DATABASE_URL that is not a hub database, and writes nothing into it', async () => {
  const empty = await createTestDatabase({ empty: true });
  try {
    const result = await runWith({ DATABASE_URL: empty.url }, 'housing', path.join(projectRoot(), 'test/fixtures/housing/good.csv'));
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      '(DATABASE_URL) is not a Partnership Data Hub database (it has no hub migrations), so nothing was imported',
    );
    const client = new Client({ connectionString: empty.url });
    await client.connect();
    try {
      const tables = await client.query(`select tablename from pg_tables where schemaname = 'public'`);
      expect(tables.rows).toEqual([]);
    } finally {
      await client.end();
    }
  } finally {
    await empty.drop();
  }
});

describe('without DATABASE_URL: the hub started from this checkout', () => {
  let tmp: string;
  let hub: HubProcess;
  let dataDir: string;
  let marker: HubMarker;
  const fingertips = path.join(projectRoot(), 'test/fixtures/fingertips/good.csv');

  const cleanup = useCleanup();
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-import-'));
    dataDir = path.join(tmp, 'data/postgres');
    hub = await startHubProcess({ EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) });
    cleanup(() => hub.stop());
    marker = JSON.parse(fs.readFileSync(path.join(dataDir, HUB_MARKER), 'utf8')) as HubMarker;
  }, 120_000);
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function hubRows(): Promise<number> {
    const client = new Client({ connectionString: `postgres://hub:hub@127.0.0.1:${marker.port}/hub` });
    await client.connect();
    try {
      return (await client.query<{ n: number }>('select count(*)::int as n from indicator_value')).rows[0].n;
    } finally {
      await client.end();
    }
  }

  it('records its port and checkout in the data folder', () => {
    expect(marker).toMatchObject({ checkout: projectRoot(), dataDir, port: expect.any(Number) });
  });

  it('is found through its data folder, whatever EMBEDDED_PG_PORT says', async () => {
    const before = await hubRows();
    // The data folder alone: the port comes from its marker, not from EMBEDDED_PG_PORT (left at its default).
    const result = await runWith({ EMBEDDED_PG_DIR: dataDir }, 'fingertips', fingertips);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Imported good\.csv as fingertips/);
    // The hub has no wards (not seeded): England's figures are what loads.
    expect(await hubRows()).toBeGreaterThan(before);
  });

  it("refuses a server that answers on the recorded port but serves another checkout's data folder", async () => {
    const before = await hubRows();
    // Another checkout's data folder whose server died (a stale postmaster.pid), recording the port this hub now uses.
    const other = path.join(tmp, 'other/postgres');
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(path.join(other, 'postmaster.pid'), '999999\n');
    fs.writeFileSync(path.join(other, HUB_MARKER), JSON.stringify({ ...marker, dataDir: other }));
    const result = await runWith({ EMBEDDED_PG_DIR: other }, 'fingertips', fingertips);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`The PostgreSQL on 127.0.0.1:${marker.port} is not this checkout's: it serves`);
    expect(await hubRows()).toBe(before);
  });

  it('refuses a data folder whose marker names another checkout', async () => {
    const before = await hubRows();
    const other = path.join(tmp, 'elsewhere/postgres');
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(path.join(other, HUB_MARKER), JSON.stringify({ ...marker, checkout: '/somewhere/else/hub', dataDir: other }));
    const result = await runWith({ EMBEDDED_PG_DIR: other }, 'fingertips', fingertips);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('belongs to the hub of another checkout (/somewhere/else/hub), so nothing was imported');
    expect(await hubRows()).toBe(before);
  });
});
