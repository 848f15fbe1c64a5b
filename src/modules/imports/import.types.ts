import type { ClientBase } from 'pg';

/** The borough's geography as an import sees it, read once at the start of the import. */
export interface Geography {
  /** LSOA code → ward code, for every LSOA the hub knows. */
  lsoaWard: Map<string, string>;
  /** Every ward code the hub knows. */
  wards: Set<string>;
  /** Local authority names of the hub's LSOAs ("Rotherham" from "Rotherham 014A"). */
  authorityNames: Set<string>;
}

export interface CellError {
  column: string;
  message: string;
}

/** What one row of a file turns into: values to stage, a reason to skip it, or what is wrong with it. */
export type RowResult = { load: (string | number | null)[] } | { skip: string } | { errors: CellError[] };

/** What an import replaced: the units its file covers (ward-months, LSOAs, …) and how many held rows before. */
export interface Replacement {
  /** What one unit is, e.g. "ward-month"; the README says which for each kind. */
  unit: string;
  /** Units the file covers. */
  covered: number;
  /** Of those, units that already held rows, now replaced by the file's. */
  replaced: number;
  /** Rows removed (or, for LSOAs, reassigned) to replace them. */
  rows: number;
}

/** How an ons-lookup import changed one ward: LSOAs gained and lost, and how many it has now. */
export interface WardChange {
  wardCode: string;
  wardName: string;
  gained: number;
  lost: number;
  lsoas: number;
}

/** What a job's commit did. */
export interface Committed {
  loaded: number;
  /** Wards whose figures changed. */
  wardCodes: string[];
  replaced: Replacement;
  /** Wards that gained or lost LSOAs (ons-lookup only). */
  wardChanges?: WardChange[];
  /** Things a person should check, e.g. a ward left with no LSOA. */
  warnings?: string[];
}

/**
 * One import in progress: built from the file's header, then fed every row, then asked to move the
 * staged rows into the hub's tables, replacing exactly the units the file covers.
 */
export interface ImportJob {
  /** Columns (SQL types) of the temporary table the rows are copied into. */
  staging: Record<string, string>;
  /** Reads one data row; `line` is its row number in the file (the header is row 1), for problems that point at another row. */
  row(cells: string[], line: number): RowResult;
  /**
   * The fast path, when the importer has one: fills the staging table from the rows COPY put into the
   * raw table (import.raw.ts: RAW_TABLE, a text column per header column, named by `rawColumn`) with
   * set-based SQL, applying exactly the checks `row` does. Returns the rows skipped, by reason, or
   * undefined when any row might have a problem: the runner then reads the file with `row` instead,
   * which names each problem by row and column.
   */
  fromRaw?(client: ClientBase, geography: Geography): Promise<{ skipped: Record<string, number> } | undefined>;
  /** The period the staged rows cover, e.g. "2017-11" or "2018-01 to 2019-12". */
  period(client: ClientBase): Promise<string>;
  /** Replaces the units the staged rows cover with them; says what it loaded and replaced, and which wards changed. */
  commit(client: ClientBase, sourceId: number): Promise<Committed>;
}

/**
 * The tables imports load and replace, each row naming its data source in source_id: the fixed list
 * any statement that names one of them by an importer's say-so comes from.
 */
export type ImportTable =
  'crime' | 'crime_outcome' | 'indicator_value' | 'lsoa_deprivation' | 'housing_month' | 'budget_allocation' | 'lsoa';

export interface Importer {
  /** The name used on the command line, e.g. police-street. */
  kind: string;
  /** The kind recorded on the data source, e.g. crime, indicators (several importers can share one). */
  sourceKind: string;
  /** The table its rows go to (each row names its data source in source_id). */
  table: ImportTable;
  title(period: string): string;
  publisher: string;
  licence: string;
  /** Checks the header (throwing ImportFileError naming what is wrong) and starts a job. */
  start(header: string[], geography: Geography): ImportJob;
}
