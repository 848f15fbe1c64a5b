import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, type QueryResultRow } from 'pg';
import { ImportError } from '../../src/modules/imports/import.errors';
import { importFile, type ImportOptions, type ImportSummary } from '../../src/modules/imports/import.service';
import type { Importer } from '../../src/modules/imports/import.types';
import { createTestDatabase, type TestDatabase } from './db';

/** test/fixtures, where each importer's sample files live in a folder named after it. */
const FIXTURES = path.join(__dirname, '../fixtures');

export interface ImportDatabase {
  /** A connected client of the database; stands in for the current one, so it may be destructured up front. */
  client: Client;
  /** The database itself (its URL and name). */
  db: TestDatabase;
}

/**
 * Stands in for the value `current()` returns once a hook has set it: reading a property forwards to
 * it (methods bound to it), and reading before the hook ran throws.
 */
function forwarder<T extends object>(what: string, current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const running = current();
      if (!running) throw new Error(`The test database's ${what} is not open yet: use it inside a test or hook.`);
      const value = Reflect.get(running, key, running) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(running) : value;
    },
  });
}

/**
 * Opens a database of its own (cloned from the seeded template) and a pg client to it, and closes
 * both afterwards: around each test with `per: 'test'` (every test starts from the seed), or around
 * the file or `describe` block it is called in with `per: 'file'` (the default, as `useTestApp`).
 *
 * Returns stand-ins that forward to the open client and database, so a test file reads
 * `const { client } = useImportDatabase({ per: 'test' });` and then uses `client` as usual.
 */
export function useImportDatabase(options: { per?: 'test' | 'file' } = {}): ImportDatabase {
  let open: { client: Client; db: TestDatabase } | undefined;
  const before = options.per === 'test' ? beforeEach : beforeAll;
  const after = options.per === 'test' ? afterEach : afterAll;
  before(async () => {
    const db = await createTestDatabase();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    open = { client, db };
  });
  after(async () => {
    if (!open) return;
    const { client, db } = open;
    open = undefined;
    await client.end();
    await db.drop();
  });
  return { client: forwarder('client', () => open?.client), db: forwarder('database', () => open?.db) };
}

export interface TempDir {
  /** The folder (made fresh for each test). */
  readonly dir: string;
  /** A path inside the folder. */
  path(name: string): string;
  /** Writes `text` to a file of that name in the folder and returns its path. */
  write(name: string, text: string): string;
}

/** A fresh temporary folder for each test (named `<prefix>…` in the system's temp folder), removed after it. */
export function useTempDir(prefix: string): TempDir {
  let dir: string | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true });
    dir = undefined;
  });
  const current = () => {
    if (!dir) throw new Error('The temporary folder is made for each test: use it inside a test or hook.');
    return dir;
  };
  return {
    get dir() {
      return current();
    },
    path: (name) => path.join(current(), name),
    write(name, text) {
      const file = path.join(current(), name);
      fs.writeFileSync(file, text);
      return file;
    },
  };
}

/** A sample file of an importer: test/fixtures/<kind>/<name>; an absolute `name` is returned as it is. */
export function fixture(kind: string, name: string): string {
  return path.isAbsolute(name) ? name : path.join(FIXTURES, kind, name);
}

/** Imports `file` with `importer`, recorded as loaded by `test` unless `options` say otherwise. */
export function importWith(
  client: Client,
  importer: Importer,
  file: string,
  options: ImportOptions = { who: 'test' },
): Promise<ImportSummary> {
  return importFile(client, importer, file, options);
}

/** The SHA-256 of a file's bytes, in hex, as data_source.sha256 records it. */
export function fileSha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * The rows a query returns (give it an `order by`, so that two snapshots compare), typed as `R`: the
 * columns a test reads by name, say, with `Record<string, unknown>` for the rest it compares whole.
 */
export async function tableSnapshot<R extends QueryResultRow = Record<string, unknown>>(
  client: Client,
  sql: string,
  params?: unknown[],
): Promise<R[]> {
  const { rows } = await client.query<R>(sql, params);
  return rows;
}

/** The data_source columns an import fills in, as the importer tests read them. */
export const SOURCE_COLUMNS = [
  'key',
  'kind',
  'title',
  'publisher',
  'licence',
  'period',
  'file_name',
  'sha256',
  'rows_read',
  'rows_skipped',
  'row_count',
  'loaded_by',
  'ward_codes',
  'illustrative',
] as const;

/** A data_source row as the importer tests read it: the columns of SOURCE_COLUMNS. */
export interface SourceRow {
  key: string;
  kind: string;
  title: string;
  publisher: string;
  licence: string;
  period: string;
  file_name: string | null;
  sha256: string | null;
  rows_read: number | null;
  /** The rows skipped, by reason (jsonb), as the import recorded them. */
  rows_skipped: unknown;
  row_count: number | null;
  loaded_by: string | null;
  ward_codes: string[];
  illustrative: boolean;
}

/**
 * The data sources of one kind in the order they were added, with `columns` (all of SOURCE_COLUMNS
 * by default); `where` adds a condition.
 */
export function dataSources<C extends (typeof SOURCE_COLUMNS)[number] = (typeof SOURCE_COLUMNS)[number]>(
  client: Client,
  kind: string,
  options: { columns?: readonly C[]; where?: string } = {},
): Promise<Pick<SourceRow, C>[]> {
  const columns = (options.columns ?? SOURCE_COLUMNS).join(', ');
  const where = options.where ? ` and ${options.where}` : '';
  return tableSnapshot<Pick<SourceRow, C>>(client, `select ${columns} from data_source where kind = $1${where} order by id`, [kind]);
}

/**
 * Everything an import into `table` could touch: its rows (ordered by `orderBy`) and every data
 * source's id, key and row count. Compared before and after, it shows a failed import changed nothing.
 */
export async function importState(client: Client, table: string, orderBy = 'id') {
  const rows = await tableSnapshot(client, `select * from ${table} order by ${orderBy}`);
  const all = await tableSnapshot(client, 'select id, key, row_count from data_source order by id');
  return { rows, all };
}

/**
 * Runs `attempt` between two `snapshot`s and expects it to reject with an ImportError and the
 * snapshots to be equal (nothing changed). Returns the error, for the test to check its problems.
 */
export async function expectRejectedUnchanged(attempt: () => Promise<unknown>, snapshot: () => Promise<unknown>): Promise<ImportError> {
  const before = await snapshot();
  const err = await attempt().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportError);
  expect(await snapshot()).toEqual(before);
  return err as ImportError;
}
