/**
 * CSV export: any query whose answer holds exactly one list, as a spreadsheet, at POST /graphql/export.
 *
 * It is not a side door. Every page runs through the pipeline's `prepare` (steps 1 to 6: nesting,
 * parse, validate, variables, transport, text, cost, the caller's account, trusted documents) with a
 * context from the one context factory, then graphql-js's `execute`, as the socket does: the same
 * @Allow rules, the same row scoping in the services and the same audit rows as the JSON answer to
 * the same page. Only queries: the export transport refuses a mutation or subscription (400).
 *
 * The list: walking the operation's selection against the schema, every list-typed field not inside
 * another list is a list of the answer. Exactly one is allowed (else 400, naming those found). When it
 * is a connection's `nodes` or `edges` (and the connection takes `first`/`after`), the export pages
 * through the whole list: `first` as sent is the page size (MAX_PAGE_SIZE when absent), `after` as sent
 * is where it starts, and each page is a query of its own, written out as it arrives. Anything else
 * (a plain list) is written as execution returns it.
 *
 * Rows and columns: each item is a row; its fields in selection order are the columns, nested objects
 * flattened to dotted names (`locality.name`), an edge's `node.` left out. A list inside an item is
 * one cell, its values joined with "; ". Cells go through the hub's one CSV writer (src/csv.ts).
 *
 * Errors: the first page is run before any header is sent, so a refused or failed query answers as
 * JSON with the status the JSON endpoint would give. A later page that fails (the deadline, the
 * database going away) cannot change a status already sent: the response is cut off without its
 * final chunk, which clients report as an incomplete transfer, never as a complete file.
 */
import type { Request, RequestHandler, Response } from 'express';
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  execute,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  print,
  typeFromAST,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Config } from '../config';
import type { Context, ContextInput } from '../context';
import { csvLines, type CsvCell } from '../csv';
import { BadRequestError, HubError } from '../errors';
import type { Logger } from '../logger';
import { bearerToken } from '../modules/access/access.service';
import { refuseNonQueryExport } from '../request-checks';
import type { OperationRequest, Pipeline, ResolvedOperation } from './pipeline';

/** Where the export listens (mounted before /graphql, which would otherwise take the path). */
export const EXPORT_PATH = '/graphql/export';

/** What a list item is joined with when it becomes one cell. */
const LIST_SEPARATOR = '; ';

/** Aliases the export adds to a connection's selection to page through it; the client's never clash (`hubExport` prefix). */
const PAGE_INFO_ALIAS = 'hubExportPageInfo';
const TOTAL_ALIAS = 'hubExportTotal';

/** A column: its header, and the response keys that lead from a row's item to its value. */
interface Column {
  name: string;
  path: string[];
}

/** The one list of an answer, and how to page it when it is a connection's. */
interface ListPlan {
  /** Response keys from `data` to the list. */
  path: string[];
  columns: Column[];
  connection?: {
    /** The connection field as it appears in the document (its node, to rewrite its arguments). */
    field: FieldNode;
    /** Response keys from `data` to the connection object. */
    path: string[];
    hasTotal: boolean;
  };
}

/** A list found while walking the selection. */
interface FoundList {
  path: string[];
  field: FieldNode;
  itemType: GraphQLCompositeType | null;
  parent?: { field: FieldNode; def: GraphQLField<unknown, unknown>; path: string[] };
}

const keyOf = (field: FieldNode) => field.alias?.value ?? field.name.value;

/** The fields of a selection set in order, through inline fragments and fragment spreads, each with the type it was selected on. */
function fieldsOf(
  set: SelectionSetNode,
  type: GraphQLCompositeType,
  schema: GraphQLSchema,
  fragments: Record<string, FragmentDefinitionNode>,
): { field: FieldNode; on: GraphQLCompositeType }[] {
  const out: { field: FieldNode; on: GraphQLCompositeType }[] = [];
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      out.push({ field: selection, on: type });
      continue;
    }
    const fragment =
      selection.kind === Kind.FRAGMENT_SPREAD ? (fragments[selection.name.value] as FragmentDefinitionNode | undefined) : selection;
    if (!fragment) continue;
    const condition = fragment.typeCondition ? typeFromAST(schema, fragment.typeCondition) : type;
    const on = condition && isCompositeType(condition) ? condition : type;
    out.push(...fieldsOf(fragment.selectionSet, on, schema, fragments));
  }
  return out;
}

function fieldDef(type: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}

/** Every list of the answer not inside another list, in selection order. */
function findLists(
  set: SelectionSetNode,
  type: GraphQLCompositeType,
  path: string[],
  schema: GraphQLSchema,
  fragments: Record<string, FragmentDefinitionNode>,
  parent?: FoundList['parent'],
): FoundList[] {
  const found: FoundList[] = [];
  for (const { field, on } of fieldsOf(set, type, schema, fragments)) {
    const def = fieldDef(on, field.name.value);
    if (!def) continue;
    const fieldPath = [...path, keyOf(field)];
    const named = getNamedType(def.type);
    if (isListType(getNullableType(def.type))) {
      if (!found.some((f) => f.path.join('.') === fieldPath.join('.'))) {
        found.push({ path: fieldPath, field, itemType: isCompositeType(named) ? named : null, parent });
      }
      continue;
    }
    if (field.selectionSet && isCompositeType(named)) {
      for (const list of findLists(field.selectionSet, named, fieldPath, schema, fragments, { field, def, path: fieldPath })) {
        if (!found.some((f) => f.path.join('.') === list.path.join('.'))) found.push(list);
      }
    }
  }
  return found;
}

/** The columns of an item's selection in order: leaves by their dotted response keys, nested objects and lists flattened. */
function columnsOf(
  set: SelectionSetNode,
  type: GraphQLCompositeType,
  path: string[],
  schema: GraphQLSchema,
  fragments: Record<string, FragmentDefinitionNode>,
): Column[] {
  const columns: Column[] = [];
  for (const { field, on } of fieldsOf(set, type, schema, fragments)) {
    const fieldPath = [...path, keyOf(field)];
    const named = field.name.value === '__typename' ? null : getNamedType(fieldDef(on, field.name.value)?.type);
    const nested =
      field.selectionSet && named && isCompositeType(named) ? columnsOf(field.selectionSet, named, fieldPath, schema, fragments) : null;
    for (const column of nested ?? [{ name: fieldPath.join('.'), path: fieldPath }]) {
      if (!columns.some((c) => c.name === column.name)) columns.push(column);
    }
  }
  return columns;
}

/** Whether a field returning this type is a connection the export can page forward. */
function isConnection(def: GraphQLField<unknown, unknown>): boolean {
  const type = getNamedType(def.type);
  return (
    isObjectType(type) &&
    'pageInfo' in type.getFields() &&
    def.args.some((a) => a.name === 'first') &&
    def.args.some((a) => a.name === 'after')
  );
}

/** Finds the answer's one list and its columns, or refuses the document (400) naming the lists it holds. */
function planList(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): ListPlan {
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const root = schema.getQueryType();
  if (!root) throw new BadRequestError('The schema has no queries to export.');
  const lists = findLists(operation.selectionSet, root, [], schema, fragments);
  if (lists.length !== 1) {
    throw new BadRequestError(
      lists.length === 0
        ? "A CSV export needs an answer that holds one list (a connection's nodes or edges, or a list field); this one holds none."
        : `A CSV export needs an answer that holds one list; this one holds ${lists.length}: ${lists.map((l) => l.path.join('.')).join(', ')}. Ask for one at a time.`,
    );
  }
  const [list] = lists;
  const itemType = list.itemType;
  const columns =
    list.field.selectionSet && itemType
      ? columnsOf(list.field.selectionSet, itemType, [], schema, fragments)
      : [{ name: list.path.join('.'), path: [] }];
  const parent = list.parent;
  const pageable = parent && ['nodes', 'edges'].includes(list.field.name.value) && isConnection(parent.def);
  if (list.field.name.value === 'edges') {
    // An edge's node is the row: `node.name` is written `name`, beside the edge's own `cursor`.
    for (const column of columns) if (column.path[0] === 'node' && column.path.length > 1) column.name = column.path.slice(1).join('.');
  }
  if (!pageable) return { path: list.path, columns };
  const args = parent.field.arguments ?? [];
  const backwards = args.find((a) => a.name.value === 'last' || a.name.value === 'before');
  if (backwards) {
    throw new BadRequestError(
      `A CSV export pages forward through ${parent.path.join('.')} with first/after; leave out ${backwards.name.value}.`,
    );
  }
  const connectionType = getNamedType(parent.def.type);
  const hasTotal = isObjectType(connectionType) && 'totalCount' in connectionType.getFields();
  return { path: list.path, columns, connection: { field: parent.field, path: parent.path, hasTotal } };
}

/**
 * The document for one page: the connection field asks for `first` (as sent, else MAX_PAGE_SIZE) from
 * `after` (as sent for the first page, then each page's end cursor), and for the page info the export
 * needs, under aliases of its own. An `after` sent as a variable keeps its variable, which the export
 * sets; a literal one is replaced.
 */
function pageDocument(
  document: DocumentNode,
  plan: NonNullable<ListPlan['connection']>,
  maxPageSize: number,
  cursor: string | null,
  withTotal: boolean,
): { document: DocumentNode; afterVariable?: string } {
  let afterVariable: string | undefined;
  const edited = visit(document, {
    Field: {
      enter(node) {
        if (node !== plan.field) return undefined;
        const args: ArgumentNode[] = [...(node.arguments ?? [])];
        if (!args.some((a) => a.name.value === 'first')) {
          args.push({
            kind: Kind.ARGUMENT,
            name: { kind: Kind.NAME, value: 'first' },
            value: { kind: Kind.INT, value: String(maxPageSize) },
          });
        }
        const after = args.findIndex((a) => a.name.value === 'after');
        if (after >= 0 && args[after].value.kind === Kind.VARIABLE) {
          afterVariable = args[after].value.name.value;
        } else if (cursor !== null) {
          const arg: ArgumentNode = {
            kind: Kind.ARGUMENT,
            name: { kind: Kind.NAME, value: 'after' },
            value: { kind: Kind.STRING, value: cursor },
          };
          if (after >= 0) args[after] = arg;
          else args.push(arg);
        }
        const extra = [
          field(PAGE_INFO_ALIAS, 'pageInfo', [field(undefined, 'hasNextPage'), field(undefined, 'endCursor')]),
          ...(withTotal ? [field(TOTAL_ALIAS, 'totalCount')] : []),
        ];
        const selections = [...(node.selectionSet?.selections ?? []), ...extra];
        return { ...node, arguments: args, selectionSet: { kind: Kind.SELECTION_SET, selections } };
      },
    },
  });
  return { document: edited, afterVariable };
}

function field(alias: string | undefined, name: string, children?: FieldNode[]): FieldNode {
  return {
    kind: Kind.FIELD,
    ...(alias ? { alias: { kind: Kind.NAME, value: alias } } : {}),
    name: { kind: Kind.NAME, value: name },
    ...(children ? { selectionSet: { kind: Kind.SELECTION_SET, selections: children } } : {}),
  };
}

function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function scalarCell(value: unknown): CsvCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** A row's cell for a column: one value as it is, the values of a list inside the item joined into one cell. */
function cellOf(item: unknown, column: Column): CsvCell {
  let values: unknown[] = [item];
  let many = false;
  for (const key of column.path) {
    const next: unknown[] = [];
    for (const v of values) {
      if (v === null || typeof v !== 'object') continue;
      const value = (v as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        many = true;
        next.push(...(value as unknown[]));
      } else {
        next.push(value);
      }
    }
    values = next;
  }
  if (!many && values.length === 1 && Array.isArray(values[0])) {
    many = true;
    values = values[0] as unknown[];
  }
  if (!many) return scalarCell(values[0]);
  return values
    .flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : [v]))
    .filter((v) => v !== null && v !== undefined)
    .map((v) => String(scalarCell(v)))
    .join(LIST_SEPARATOR);
}

/** The HTTP status the JSON endpoint would answer these errors with. */
function statusOf(errors: readonly GraphQLError[]): number {
  for (const error of errors) {
    const http = error.extensions.http as { status?: unknown } | undefined;
    if (typeof http?.status === 'number') return http.status;
  }
  if (errors.some((e) => e.extensions.retryable === true)) return 503;
  const clientCodes = ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND'];
  // Refused before execution, as Apollo answers them (an operation that could not start).
  if (errors.some((e) => clientCodes.includes(String(e.extensions.code)) && !e.path)) return 400;
  return 200;
}

export interface ExportDeps {
  config: Pick<Config, 'limits'>;
  pipeline: Pipeline;
  context: (input: ContextInput) => Promise<Context>;
  log: Logger;
}

/** Waits until the response can take more, or has closed; false when the client has gone. */
function drained(res: Response): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  if (!res.writableNeedDrain) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

/**
 * A GET's parameters as a body: `query`, `operationName`, and `variables` and `extensions` as JSON
 * text. Only a GET a browser would have preflighted, as Apollo's CSRF prevention asks of /graphql: one
 * with `apollo-require-preflight` or `x-apollo-operation-name`, which no page can send unasked.
 */
function getParameters(req: Request): Record<string, unknown> {
  if (!req.get('apollo-require-preflight') && !req.get('x-apollo-operation-name')) {
    throw new BadRequestError(
      'A GET for CSV needs an `apollo-require-preflight: true` header (CSRF prevention), as any GET to /graphql does.',
    );
  }
  const json = (name: string): unknown => {
    const text = req.query[name];
    if (typeof text !== 'string') return text;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new BadRequestError(`"${name}" must be JSON.`);
    }
  };
  return { query: req.query.query, operationName: req.query.operationName, variables: json('variables'), extensions: json('extensions') };
}

/** What a client sent: a POST's JSON body, or (on /graphql with `Accept: text/csv`) a GET's parameters. */
function requestOf(req: Request, allowGet: boolean): OperationRequest {
  if (req.method !== 'POST' && !(allowGet && req.method === 'GET')) {
    throw new HubError(`CSV export takes ${allowGet ? 'GET or POST' : 'POST with a JSON body'}.`, 'BAD_REQUEST', { http: { status: 405 } });
  }
  const body = (req.method === 'GET' ? getParameters(req) : req.body) as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestError(
      'Send the export as a JSON body: { "query": "…", "variables": { … }, "operationName": "…" } with content-type application/json.',
    );
  }
  const { query, variables, operationName, extensions } = body;
  const isRecord = (v: unknown) => v === undefined || v === null || (typeof v === 'object' && !Array.isArray(v));
  if ((query !== undefined && typeof query !== 'string') || !isRecord(variables) || !isRecord(extensions)) {
    throw new BadRequestError('"query" must be a string and "variables" and "extensions" objects.');
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    throw new BadRequestError('"operationName" must be a string.');
  }
  return {
    query: query ?? '',
    variables: variables as Record<string, unknown> | null | undefined,
    operationName,
    extensions: extensions as Record<string, unknown> | null | undefined,
  };
}

/**
 * The export's handler: one query in, its one list out as `text/csv`, an attachment named after the
 * operation. Mounted (src/server/http.ts) after CORS, the JSON body parser, request ids and the deadline.
 * `allowGet` for /graphql, where a GET asking for `text/csv` is a query as any other GET there.
 */
export function csvExportHandler(deps: ExportDeps, allowGet = false): RequestHandler {
  const { pipeline, config, log } = deps;
  const { maxPageSize, maxExportRows } = config.limits;

  const refuse = (res: Response, errors: readonly GraphQLError[]) => {
    const formatted: GraphQLFormattedError[] = errors.map((e) => pipeline.formatError(e.toJSON(), e));
    res
      .status(statusOf(errors))
      .type('application/json')
      .send(JSON.stringify({ errors: formatted }));
  };

  /** Runs one page (or the whole plain list) through the pipeline and execute, as its own request. */
  const run = async (request: OperationRequest, token: string | undefined): Promise<ExecutionResult> => {
    const prepared = await pipeline.prepare(request, { kind: 'export' }, () => deps.context({ transport: 'http', token }));
    if (Array.isArray(prepared)) return { errors: prepared };
    return execute(prepared);
  };

  return async (req, res) => {
    let resolved: ResolvedOperation;
    let request: OperationRequest;
    let plan: ListPlan;
    try {
      request = requestOf(req, allowGet);
      const found = await pipeline.resolve(request);
      if (Array.isArray(found)) {
        refuse(res, found);
        return;
      }
      resolved = found;
      // Said before the list is looked for: a mutation is refused as what it is, not for holding no list.
      if (resolved.operation.operation !== OperationTypeNode.QUERY) {
        refuseNonQueryExport(resolved.operation);
      }
      plan = planList(pipeline.schema, resolved.document, resolved.operation);
    } catch (err) {
      if (err instanceof GraphQLError) {
        refuse(res, [err]);
        return;
      }
      throw err;
    }
    const token = bearerToken(req.headers.authorization);
    const filename = `${resolved.operation.name?.value ?? 'export'}.csv`;
    const connection = plan.connection;
    const rowsOf = (data: unknown): unknown[] => {
      const list = at(data, plan.path);
      return Array.isArray(list) ? (list as unknown[]) : [];
    };
    const lines = (items: unknown[]) => csvLines(items.map((item) => plan.columns.map((column) => cellOf(item, column))));

    let pageRequest = request;
    if (connection) {
      const page = pageDocument(resolved.document, connection, maxPageSize, null, connection.hasTotal);
      pageRequest = { ...request, query: print(page.document), extensions: undefined };
    }
    const first = await run(pageRequest, token);
    if (first.errors?.length) {
      refuse(res, first.errors);
      return;
    }
    const firstRows = rowsOf(first.data);
    const total = connection?.hasTotal ? at(first.data, [...connection.path, TOTAL_ALIAS]) : firstRows.length;
    if (typeof total === 'number' && total > maxExportRows) {
      refuse(res, [
        new HubError(
          `The list ${plan.path.join('.')} holds ${total} rows, more than the ${maxExportRows} one export may hold (MAX_EXPORT_ROWS); narrow it with its filters and export in parts.`,
          'EXPORT_TOO_LARGE',
          { limit: maxExportRows, found: total, http: { status: 400 } },
        ),
      ]);
      return;
    }

    res
      .status(200)
      .set('Content-Type', 'text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="${filename}"`)
      .set('Cache-Control', 'no-store')
      .set('X-Content-Type-Options', 'nosniff');
    res.write(csvLines([plan.columns.map((c) => c.name)], true));
    let written = 0;
    let rows = firstRows;
    let result = first;
    let pages = 1;
    for (;;) {
      const room = maxExportRows - written;
      res.write(lines(rows.slice(0, room)));
      written += Math.min(rows.length, room);
      if (!(await drained(res))) return;
      if (!connection) break;
      const info = at(result.data, [...connection.path, PAGE_INFO_ALIAS]) as { hasNextPage?: boolean; endCursor?: string | null } | null;
      if (!info?.hasNextPage || !info.endCursor) break;
      if (written >= maxExportRows) {
        // The list grew past the limit after its total was checked: cut off, not passed off as whole.
        log.warn({ rows: written, limit: maxExportRows }, 'CSV export cut off at MAX_EXPORT_ROWS');
        res.destroy();
        return;
      }
      const page = pageDocument(resolved.document, connection, maxPageSize, info.endCursor, false);
      const variables = page.afterVariable ? { ...request.variables, [page.afterVariable]: info.endCursor } : request.variables;
      result = await run({ ...request, query: print(page.document), variables, extensions: undefined }, token);
      pages += 1;
      if (result.errors?.length) {
        log.warn(
          { errors: result.errors.map((e) => e.message), pages, rows: written },
          'CSV export failed part way: cutting the response off',
        );
        res.destroy();
        return;
      }
      rows = rowsOf(result.data);
    }
    res.end();
  };
}

/**
 * For /graphql: a request whose Accept prefers `text/csv` to GraphQL's JSON types is an export, handled
 * as POST /graphql/export handles it; any other goes on to Apollo.
 */
export function csvWhenAccepted(deps: ExportDeps): RequestHandler {
  const handler = csvExportHandler(deps, true);
  return (req, res, next) => {
    if (req.accepts(['application/graphql-response+json', 'application/json', 'text/csv']) !== 'text/csv') {
      next();
      return;
    }
    return handler(req, res, next);
  };
}
