import type { EntityManager } from '@mikro-orm/postgresql';
import type { BoundValue } from '../../rows';
import type { WardOrder, WardOrderField } from './places.inputs';

/**
 * A figure wards can be ranked by: SQL giving rows `(code text, value float8)`, one per ward that
 * has the figure, with the values bound to its `?`s. It is the SQL the module that owns the figure
 * computes the figure itself with, so the order of a list always agrees with the figures it shows.
 */
export interface WardFigureSql {
  sql: string;
  params: BoundValue[];
}

/** Gives the SQL of one figure for an order (checking what the order adds, e.g. an indicator id). */
export type WardFigureSource = (em: EntityManager, order: WardOrder) => WardFigureSql | Promise<WardFigureSql>;

/*
 * The figures live in modules above places (profiles, crime, indicators), which places may not
 * import: each of those modules registers its figure here when it is loaded, as they add fields to
 * Ward with their own resolvers.
 */
const sources = new Map<WardOrderField, WardFigureSource>();

/** Registers the SQL of a ward figure that `wards(orderBy:)` can rank by. */
export function provideWardFigure(field: WardOrderField, source: WardFigureSource): void {
  sources.set(field, source);
}

/** The registered SQL source of a ward figure; throws when no loaded module provides it. */
export function wardFigureSource(field: WardOrderField): WardFigureSource {
  const source = sources.get(field);
  if (!source) throw new Error(`No module provides the ward figure ${field}`);
  return source;
}
