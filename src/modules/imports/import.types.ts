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
export type RowResult =
  | { load: (string | number | null)[] }
  | { skip: string }
  | { errors: CellError[] };

/**
 * One import in progress: built from the file's header, then fed every row, then asked to move the
 * staged rows into the hub's tables, replacing what an earlier import of the same period loaded.
 */
export interface ImportJob {
  /** Columns (SQL types) of the temporary table the rows are copied into. */
  staging: Record<string, string>;
  row(cells: string[]): RowResult;
  /** The period the staged rows cover, e.g. "2017-11" or "2018-01 to 2019-12". */
  period(client: ClientBase): Promise<string>;
  /** Replaces the same period's rows with the staged ones; says how many loaded and which wards they touch. */
  commit(client: ClientBase, sourceId: number): Promise<{ loaded: number; wardCodes: string[] }>;
}

export interface Importer {
  /** The name used on the command line, e.g. police-street. */
  kind: string;
  /** The kind recorded on the data source, e.g. crime, indicators (several importers can share one). */
  sourceKind: string;
  title(period: string): string;
  publisher: string;
  licence: string;
  /** Checks the header (throwing ImportFileError naming what is wrong) and starts a job. */
  start(header: string[], geography: Geography): ImportJob;
}
