import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { projectRoot } from '../../src/paths';
import { createTestDatabase, type TestDatabase } from '../support/db';

// `npm run import -- <kind> <file>` as a person runs it (npm test builds dist/ first).
const IMPORT = path.join(projectRoot(), 'dist/src/tools/import.js');
const fixture = (name: string) => path.join(projectRoot(), 'test/fixtures/police', name);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [IMPORT, ...args], {
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

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
  expect(result.stderr).toContain("No importer for 'council-tax'. Kinds: police-street, police-outcomes");
});
