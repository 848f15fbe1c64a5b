/**
 * The shape every part of `npm run bench:compare` returns, so one runner can write them all to
 * BENCHMARKS.md in one run: reads against PostGraphile, live updates against a raw broadcast, the
 * import against `psql \copy` and parse-only.
 */

/** What the runner hands each part. */
export interface CompareContext {
  /** A PostgreSQL server URL on which the part may create and drop scratch databases of its own. */
  adminUrl: string;
  /** A scratch folder for files the part writes (generated CSVs, logs); removed after the run. */
  workDir: string;
  /** The hub's repository root (where `dist/` is built). */
  root: string;
  /** Smaller sizes and shorter measurements, for a quick check that the part runs at all. */
  quick: boolean;
  log(message: string): void;
}

/** One part's results: a Markdown table (header row first) and notes printed under it. */
export interface Section {
  title: string;
  table: string[][];
  notes: string[];
}
