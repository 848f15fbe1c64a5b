import type { EntityManager, FilterQuery, QueryOrderMap } from '@mikro-orm/postgresql';
import { isLsoaCode, isWardCode } from '../../codes';
import { BadUserInputError, NotFoundError } from '../../errors';
import { DEFAULT_PAGE_SIZE, paginate, type Page, type PageArgs } from '../../pagination';
import { escapeLike } from '../../sql';
import { BoundarySet } from './boundary-set.entity';
import { Locality } from './locality.entity';
import { Lsoa } from './lsoa.entity';
import { LATEST_DEPRIVATION_EDITION } from '../sources/sources.service';
import {
  FIGURE_FIELDS,
  LsoaOrderField,
  OrderDirection,
  WardOrderField,
  type LsoaOrder,
  type WardFilter,
  type WardOrder,
} from './places.inputs';
import { Ward } from './ward.entity';
import { wardFigureSource, type WardFigureSql } from './ward-figures';
import { col, readRows, selectOne, type BoundValue, type Row } from '../../rows';

/*
 * Open-data reads return plain rows shaped like their entities, with references as the ids the
 * field resolvers follow: no entity is built and no identity map is touched on a read that never
 * writes. An entity is one of these too, so resolvers take the row type and serve both.
 */

/** A locality as reads return it. */
export interface LocalityRow {
  id: number;
  name: string;
  description: string;
  source?: { id: number } | null;
}

/** A ward as reads return it. */
export interface WardRow {
  code: string;
  name: string;
  seats: number;
  locality: { id: number };
  boundarySet: { code: string };
  source: { id: number };
}

/** An LSOA as reads return it. */
export interface LsoaRow {
  code: string;
  name: string;
  ward: { code: string };
  source: { id: number };
}

/** A councillor as reads return it. */
export interface CouncillorRow {
  id: number;
  name: string;
  termStart: string;
  termEnd: string;
  ward: { code: string };
  source: { id: number };
}

const localityColumns = { id: col.int, name: col.text, description: col.text, source_id: col.int.nullable() };
const wardColumns = {
  code: col.text,
  name: col.text,
  seats: col.int,
  locality_id: col.int,
  boundary_set_code: col.text,
  source_id: col.int,
};
const councillorColumns = {
  id: col.int,
  name: col.text,
  term_start: col.date,
  term_end: col.date,
  ward_code: col.text,
  source_id: col.int,
};

async function readLocalities(em: EntityManager, sql: string, params: (number[] | string[] | string)[] = []): Promise<LocalityRow[]> {
  const rows = await readRows(em, localityColumns, sql, params);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    source: r.source_id === null ? null : { id: r.source_id },
  }));
}

/** A ward row as read (wardColumns) in the shape resolvers take. */
function toWardRow(r: Row<typeof wardColumns>): WardRow {
  return {
    code: r.code,
    name: r.name,
    seats: r.seats,
    locality: { id: r.locality_id },
    boundarySet: { code: r.boundary_set_code },
    source: { id: r.source_id },
  };
}

async function readWards(em: EntityManager, sql: string, params: (number[] | string[])[]): Promise<WardRow[]> {
  return (await readRows(em, wardColumns, sql, params)).map(toWardRow);
}

export function listLocalities(em: EntityManager): Promise<LocalityRow[]> {
  return readLocalities(em, 'select id, name, description, source_id from locality order by id');
}

async function noSuchLocality(em: EntityManager, name: string): Promise<string> {
  const names = (await listLocalities(em)).map((l) => l.name).join(', ');
  return `No locality is named '${name}'. Localities are: ${names}.`;
}

function localityNamed(em: EntityManager, name: string): Promise<Locality | null> {
  return em.findOne(Locality, { name: { $ilike: escapeLike(name.trim()) } });
}

/** The locality a filter names, or a BAD_USER_INPUT error naming the filter `field`. */
export async function localityForFilter(em: EntityManager, name: string, field: string): Promise<Locality> {
  const locality = await localityNamed(em, name);
  if (!locality) throw new BadUserInputError(await noSuchLocality(em, name), field);
  return locality;
}

export async function findLocality(em: EntityManager, name: string): Promise<Locality> {
  const locality = await localityNamed(em, name);
  if (!locality) throw new NotFoundError(await noSuchLocality(em, name));
  return locality;
}

export async function findWard(em: EntityManager, code: string): Promise<Ward> {
  if (!isWardCode(code)) {
    throw new BadUserInputError(`'${code}' is not an ONS ward code; ward codes look like E05013010.`, 'code');
  }
  return em.findOneOrFail(Ward, { code });
}

export async function findLsoa(em: EntityManager, code: string): Promise<Lsoa> {
  if (!isLsoaCode(code)) {
    throw new BadUserInputError(`'${code}' is not an ONS LSOA code; LSOA codes look like E01007736.`, 'code');
  }
  return em.findOneOrFail(Lsoa, { code });
}

/** A page of wards matching `filter`, sorted by `order` with the ward code as the tie-breaker. */
export async function listWards(
  em: EntityManager,
  filter: WardFilter | undefined,
  order: WardOrder | undefined,
  page: PageArgs,
  maxPageSize: number,
): Promise<Page<WardRow>> {
  const field = order?.field ?? WardOrderField.NAME;
  if (order?.indicatorId != null && field !== WardOrderField.INDICATOR_VALUE) {
    throw new BadUserInputError(
      `'orderBy.indicatorId' goes with the field INDICATOR_VALUE only; the field was ${fieldName(field)}.`,
      'orderBy.indicatorId',
    );
  }
  if (order && FIGURE_FIELDS.includes(field)) {
    // Checked before the figure's SQL is built, which may need a statement of its own (an indicator's).
    const args = checkPage(page, maxPageSize);
    const figure = await wardFigureSource(field)(em, order);
    return listWardsByFigure(em, await wardWhere(em, filter), figure, order.direction, args);
  }
  const where: FilterQuery<Ward>[] = [];
  if (filter?.locality != null) {
    where.push({ locality: await localityForFilter(em, filter.locality, 'filter.locality') });
  }
  if (filter?.nameContains) where.push({ name: { $ilike: `%${escapeLike(filter.nameContains)}%` } });
  if (filter?.codes) where.push({ code: { $in: filter.codes } });
  const direction = order?.direction ?? 'asc';
  const orderBy: QueryOrderMap<Ward>[] = field === WardOrderField.CODE ? [{ code: direction }] : [{ name: direction }, { code: direction }];
  return paginate(em, Ward, where.length ? { $and: where } : {}, orderBy, page, maxPageSize);
}

const fieldName = (field: WardOrderField) => Object.entries(WardOrderField).find(([, v]) => v === field)?.[0] ?? field;

/** A cursor of a list ranked by a figure: the ward's value (null when it has none) and its code. */
type FigureCursor = [number | null, string];

interface FigurePage {
  first?: number;
  last?: number;
  after?: FigureCursor;
  before?: FigureCursor;
}

function invalidCursor(arg: string): BadUserInputError {
  return new BadUserInputError(
    `The cursor in '${arg}' is not one this list gave out. Use pageInfo.endCursor or an edge's cursor from the same query.`,
    arg,
  );
}

function decodeFigureCursor(value: string | null | undefined, arg: string): FigureCursor | undefined {
  if (value == null) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(arg);
  }
  if (
    Array.isArray(decoded) &&
    decoded.length === 2 &&
    (decoded[0] === null || (typeof decoded[0] === 'number' && Number.isFinite(decoded[0]))) &&
    typeof decoded[1] === 'string'
  ) {
    return [decoded[0] as number | null, decoded[1]];
  }
  throw invalidCursor(arg);
}

const encodeFigureCursor = (cursor: FigureCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function checkPage(page: PageArgs, maxPageSize: number): FigurePage {
  const count = (value: number | null | undefined, arg: string) => {
    if (value == null) return undefined;
    if (value < 1 || value > maxPageSize)
      throw new BadUserInputError(`'${arg}' must be between 1 and ${maxPageSize}; it was ${value}.`, arg);
    return value;
  };
  let first = count(page.first, 'first');
  const last = count(page.last, 'last');
  const after = decodeFigureCursor(page.after, 'after');
  const before = decodeFigureCursor(page.before, 'before');
  if (first != null && last != null) throw new BadUserInputError("Give either 'first' or 'last', not both.", 'last');
  if (first == null && last == null) first = DEFAULT_PAGE_SIZE;
  return { first, last, after, before };
}

interface WardWhere {
  sql: string[];
  params: BoundValue[];
}

async function wardWhere(em: EntityManager, filter: WardFilter | undefined): Promise<WardWhere> {
  const where: WardWhere = { sql: [], params: [] };
  if (filter?.locality != null) {
    where.sql.push('w.locality_id = ?');
    where.params.push((await localityForFilter(em, filter.locality, 'filter.locality')).id);
  }
  if (filter?.nameContains) {
    where.sql.push('w.name ilike ?');
    where.params.push(`%${escapeLike(filter.nameContains)}%`);
  }
  if (filter?.codes) {
    where.sql.push('w.code = any(?::text[])');
    where.params.push([...filter.codes]);
  }
  return where;
}

/**
 * The SQL that holds for rows strictly beyond `cursor` in a list ordered by (missing, value, code):
 * wards without the value last in both directions, value and code in `direction`. `forward` is
 * false for the rows before the cursor.
 */
function beyond(cursor: FigureCursor, direction: OrderDirection, forward: boolean): { sql: string; params: BoundValue[] } {
  const [value, code] = cursor;
  const missing = value === null;
  // The value and code compare in the list's direction; missing values always sort after present ones.
  const valueOp = (direction === OrderDirection.ASC) === forward ? '>' : '<';
  const missingOp = forward ? '>' : '<';
  return {
    sql: `(missing ${missingOp} ?::boolean or (missing = ?::boolean and (coalesce(value, 0), code) ${valueOp} (?::float8, ?::text)))`,
    params: [missing, missing, value ?? 0, code],
  };
}

/**
 * One page of wards ranked by a figure, by keyset pagination in one statement: the cursor carries
 * the ward's value and code, so a page starts right after the last ward seen whatever its value.
 */
async function listWardsByFigure(
  em: EntityManager,
  where: WardWhere,
  figure: WardFigureSql,
  direction: OrderDirection,
  page: FigurePage,
): Promise<Page<WardRow>> {
  const backwards = page.last != null;
  const size = (backwards ? page.last : page.first) ?? DEFAULT_PAGE_SIZE;
  const conditions: { sql: string; params: BoundValue[] }[] = [];
  if (page.after) conditions.push(beyond(page.after, direction, true));
  if (page.before) conditions.push(beyond(page.before, direction, false));
  // Read from the end when paging backwards, then put the page back in the list's order.
  const dir = (direction === OrderDirection.ASC) === !backwards ? 'asc' : 'desc';
  const rows = await readRows(
    em,
    { ...wardColumns, value: col.number.nullable(), total: col.int },
    `with figure as (${figure.sql}),
     ranked as (
       select w.code, w.name, w.seats, w.locality_id, w.boundary_set_code, w.source_id,
              f.value::float8 as value, f.value is null as missing, (count(*) over ())::int as total
         from ward w left join figure f on f.code = w.code
        ${where.sql.length ? `where ${where.sql.join(' and ')}` : ''})
     select code, name, seats, locality_id, boundary_set_code, source_id, value, total
       from ranked
      ${conditions.length ? `where ${conditions.map((c) => c.sql).join(' and ')}` : ''}
      order by missing ${backwards ? 'desc' : 'asc'}, value ${dir}, code ${dir}
      limit ?`,
    [...figure.params, ...where.params, ...conditions.flatMap((c) => c.params), size + 1],
  );
  const more = rows.length > size;
  const pageRows = rows.slice(0, size);
  if (backwards) pageRows.reverse();
  // Every row carries the total, counted before the cursor narrowed them; a page past the end has no row to carry it.
  const totalCount = rows[0]?.total ?? (await countWards(em, where));
  const edges = pageRows.map((r) => ({
    cursor: encodeFigureCursor([r.value, r.code]),
    node: toWardRow(r),
  }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: backwards ? page.before != null : more,
      hasPreviousPage: backwards ? more : page.after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

async function countWards(em: EntityManager, where: WardWhere): Promise<number> {
  const rows = await readRows(
    em,
    { n: col.int },
    `select count(*)::int as n from ward w ${where.sql.length ? `where ${where.sql.join(' and ')}` : ''}`,
    where.params,
  );
  return rows[0].n;
}

export function wardsByCodes(em: EntityManager, codes: readonly string[]): Promise<WardRow[]> {
  return readWards(em, 'select code, name, seats, locality_id, boundary_set_code, source_id from ward where code = any(?::text[])', [
    [...codes],
  ]);
}

export function wardsByLocalities(em: EntityManager, ids: readonly number[]): Promise<WardRow[]> {
  return readWards(
    em,
    'select code, name, seats, locality_id, boundary_set_code, source_id from ward where locality_id = any(?::int[]) order by name, code',
    [[...ids]],
  );
}

export function localitiesByIds(em: EntityManager, ids: readonly number[]): Promise<LocalityRow[]> {
  return readLocalities(em, 'select id, name, description, source_id from locality where id = any(?::int[])', [[...ids]]);
}

/** Localities by name in any case: `names` are lower case (the name is unique whatever its case). */
export function localitiesByLowerNames(em: EntityManager, names: readonly string[]): Promise<LocalityRow[]> {
  return readLocalities(em, 'select id, name, description, source_id from locality where lower(name) = any(?::text[])', [[...names]]);
}

export function boundarySetsByCodes(em: EntityManager, codes: readonly string[]): Promise<BoundarySet[]> {
  return em.find(BoundarySet, { code: { $in: [...codes] } });
}

export async function councillorsByWards(em: EntityManager, codes: readonly string[]): Promise<CouncillorRow[]> {
  const rows = await readRows(
    em,
    councillorColumns,
    `select id, name, term_start, term_end, ward_code, source_id from councillor
      where ward_code = any(?::text[]) order by name, id`,
    [[...codes]],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    termStart: r.term_start,
    termEnd: r.term_end,
    ward: { code: r.ward_code },
    source: { id: r.source_id },
  }));
}

/*
 * The figures a ward's LSOAs can be sorted by, each as it is defined where it is served: the latest
 * deprivation edition (profiles), the latest population edition (the lsoa_residents view) and crime
 * over the latest twelve months loaded (crime's default period). Whole clauses from a fixed map: no
 * value is put into SQL text.
 */
const LSOA_SORT_KEY: Record<LsoaOrderField, string> = {
  [LsoaOrderField.CODE]: 'l.code',
  [LsoaOrderField.IMD_SCORE]: `(select max(d.imd_score) from lsoa_deprivation d
                                  where d.lsoa_code = l.code and d.source_id in ${LATEST_DEPRIVATION_EDITION})`,
  [LsoaOrderField.POPULATION]: '(select sum(r.residents) from lsoa_residents r where r.lsoa_code = l.code)',
  [LsoaOrderField.CRIME_COUNT]: `(select count(*) from crime c
                                   where c.lsoa_code = l.code
                                     and c.month between (select max(month) - interval '11 months' from crime)
                                                     and (select max(month) from crime))`,
};
const SORT_DIRECTION: Record<OrderDirection, string> = { [OrderDirection.ASC]: 'asc', [OrderDirection.DESC]: 'desc' };

const lsoaColumns = { code: col.text, name: col.text, ward_code: col.text, source_id: col.int };

/**
 * The LSOAs of many wards, each ward's sorted by `order` (LSOAs without the figure last, ties by
 * code), in one statement whatever the number of wards.
 */
export async function lsoasByWards(em: EntityManager, codes: readonly string[], order: LsoaOrder): Promise<Map<string, LsoaRow[]>> {
  const key = LSOA_SORT_KEY[order.field];
  const direction = SORT_DIRECTION[order.direction];
  const rows = await readRows(
    em,
    lsoaColumns,
    `select l.code, l.name, l.ward_code, l.source_id from lsoa l
      where l.ward_code = any(?::text[])
      order by ${key} ${direction} nulls last, l.code`,
    [[...codes]],
  );
  const byWard = new Map<string, LsoaRow[]>(codes.map((c) => [c, []]));
  for (const r of rows) {
    byWard.get(r.ward_code)?.push({ code: r.code, name: r.name, ward: { code: r.ward_code }, source: { id: r.source_id } });
  }
  return byWard;
}

export function lsoasByCodes(em: EntityManager, codes: readonly string[]): Promise<Lsoa[]> {
  return em.find(Lsoa, { code: { $in: [...codes] } });
}

/** The borough, named after its LSOAs ("Rotherham 014A" → Rotherham). */
export async function findBorough(em: EntityManager): Promise<{ name: string }> {
  const row = await selectOne(
    em.getConnection(),
    { name: col.text.nullable() },
    `select min(regexp_replace(name, '\\s+\\S+$', '')) as name from lsoa`,
  );
  return { name: row.name ?? 'Borough' };
}
