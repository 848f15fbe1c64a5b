import type { EntityManager, EntityName, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { BadUserInputError, sqlStateOf } from './errors';

export const DEFAULT_PAGE_SIZE = 25;

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How many items to return from the start of the page window (default ${DEFAULT_PAGE_SIZE}).`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor (from pageInfo.endCursor).' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: 'How many items to return from the end of the page window.' })
  last?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Return items before this cursor (from pageInfo.startCursor).',
  })
  before?: string | null;
}

@ObjectType({ description: 'Where a page sits in the whole list, and the cursors to fetch the pages either side.' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'True when items come before this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item on this page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item on this page; pass it as `after`.' })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Page<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds the Relay-style connection type for a node type: `<Name>Connection` with `<Name>Edge`. */
export function Connection<T extends object>(node: ClassType<T>, name: string, plural: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with the cursor that points at it.` })
  class EdgeType {
    @Field({ description: 'Opaque cursor for this item; pass it as `after` or `before`.' })
    cursor!: string;

    @Field(() => node, { description: `The ${name}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${plural}, with the total across all pages.` })
  class ConnectionType implements Page<T> {
    @Field(() => [EdgeType], { description: 'The items on this page with their cursors.' })
    edges!: EdgeType[];

    @Field(() => [node], { description: 'The items on this page, without cursors.' })
    nodes!: T[];

    @Field(() => PageInfo, { description: 'Cursors and flags for moving between pages.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: `How many ${plural} match, across all pages.` })
    totalCount!: number;
  }
  return ConnectionType;
}

function checkCount(value: number | null | undefined, arg: string, max: number): number | undefined {
  if (value == null) return undefined;
  if (value < 1 || value > max) {
    throw new BadUserInputError(`'${arg}' must be between 1 and ${max}; it was ${value}.`, arg);
  }
  return value;
}

function checkCursor(value: string | null | undefined, arg: string, keys: number): string | undefined {
  if (value == null) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const valid = Array.isArray(decoded) && decoded.length === keys && decoded.every((v) => typeof v === 'string' || typeof v === 'number');
  if (!valid) throw invalidCursor(arg);
  return value;
}

function invalidCursor(arg: string): BadUserInputError {
  return new BadUserInputError(
    `The cursor in '${arg}' is not one this list gave out. Use pageInfo.endCursor or an edge's cursor from the same query.`,
    arg,
  );
}

/**
 * One page of `entity` by keyset (cursor) pagination. `orderBy` must end in a unique key so that
 * every item has exactly one place in the order. Runs two statements: the page and the total.
 */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  // eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- only looks empty while T is generic (all its keys are optional); callers pass concrete entities.
  orderBy: QueryOrderMap<T>[],
  args: PageArgs,
  maxPageSize: number,
): Promise<Page<T>> {
  const keys = orderBy.reduce<number>((n, o) => n + Object.keys(o).length, 0);
  let first = checkCount(args.first, 'first', maxPageSize);
  const last = checkCount(args.last, 'last', maxPageSize);
  const after = checkCursor(args.after, 'after', keys);
  const before = checkCursor(args.before, 'before', keys);
  if (first != null && last != null) throw new BadUserInputError("Give either 'first' or 'last', not both.", 'last');
  if (first == null && last == null) first = DEFAULT_PAGE_SIZE;
  let cursor;
  try {
    cursor = await em.findByCursor(entity, where, {
      first,
      last,
      after,
      before,
      orderBy: orderBy,
      includeCount: true,
      overfetch: true,
    });
  } catch (err) {
    // A cursor of the right shape can still hold the wrong kind of value (a word where the list
    // orders by a number or a date): PostgreSQL refuses it with a data exception (SQLSTATE class
    // 22), which is the client's mistake, not the hub's.
    const arg = after != null ? 'after' : before != null ? 'before' : undefined;
    if (arg && sqlStateOf(err)?.startsWith('22')) throw invalidCursor(arg);
    throw err;
  }
  const nodes = cursor.items as T[];
  return {
    edges: nodes.map((node) => ({ cursor: cursor.from(node as never), node })),
    nodes,
    pageInfo: {
      hasNextPage: cursor.hasNextPage,
      hasPreviousPage: cursor.hasPrevPage,
      startCursor: cursor.startCursor,
      endCursor: cursor.endCursor,
    },
    totalCount: cursor.totalCount,
  };
}
