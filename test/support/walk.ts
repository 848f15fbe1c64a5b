import {
  astFromValue,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  print,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { isList, isRecord } from './narrow';

/**
 * Builds queries from the schema itself, so that a field added later is selected by the tests that
 * walk the schema without anyone editing them. Arguments come from a table of sample values, looked
 * up from the most to the least specific key: `Type.field.arg`, `field.arg`, `arg`. A required
 * argument with no sample is an error naming the key to add; optional ones are left out (the field's
 * default is what callers get first), except those the table names.
 */
export type Samples = Record<string, unknown>;

/** One step of a path from a root field: the field and the type it is a field of. */
export interface Step {
  parent: GraphQLObjectType;
  field: GraphQLField<unknown, unknown>;
}

export class MissingSampleError extends Error {}

function sampleFor(samples: Samples, parent: string, field: string, arg: GraphQLArgument): { found: boolean; value?: unknown } {
  for (const key of [`${parent}.${field}.${arg.name}`, `${field}.${arg.name}`, arg.name]) {
    if (key in samples) return { found: true, value: samples[key] };
  }
  return { found: false };
}

/** `(a: 1, b: "x")` for a field, or '' when it takes none the table gives. Throws for a required argument with no sample. */
export function argumentsOf(samples: Samples, parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>): string {
  const parts: string[] = [];
  for (const arg of field.args) {
    const sample = sampleFor(samples, parent.name, field.name, arg);
    if (!sample.found || sample.value === undefined) {
      if (isNonNullType(arg.type) && arg.defaultValue === undefined) {
        throw new MissingSampleError(
          `No sample value for the required argument ${parent.name}.${field.name}(${arg.name}: ${String(arg.type)}): add '${parent.name}.${field.name}.${arg.name}' to the samples`,
        );
      }
      continue;
    }
    const ast = astFromValue(sample.value, arg.type);
    if (!ast) throw new Error(`The sample for ${parent.name}.${field.name}(${arg.name}) is not a ${String(arg.type)}`);
    parts.push(`${arg.name}: ${print(ast)}`);
  }
  return parts.length ? `(${parts.join(', ')})` : '';
}

/** Whether every required argument of a field has a sample. */
export function callable(samples: Samples, parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>): boolean {
  try {
    argumentsOf(samples, parent, field);
    return true;
  } catch (err) {
    if (err instanceof MissingSampleError) return false;
    throw err;
  }
}

function fieldsOf(type: GraphQLObjectType): GraphQLField<unknown, unknown>[] {
  return Object.values(type.getFields()) as GraphQLField<unknown, unknown>[];
}

/** Every scalar and enum field of a type, with its arguments. */
export function leavesOf(samples: Samples, type: GraphQLObjectType): string[] {
  return fieldsOf(type)
    .filter((f) => isLeafType(getNamedType(f.type)))
    .map((f) => `${f.name}${argumentsOf(samples, type, f)}`);
}

/**
 * Every field of a type: its scalars and enums, and one level into each object field (that field's
 * scalars and enums, or its `__typename` when it has none).
 */
export function fullSelection(samples: Samples, type: GraphQLObjectType): string {
  const parts = leavesOf(samples, type);
  for (const f of fieldsOf(type)) {
    const named = getNamedType(f.type);
    if (!isObjectType(named)) continue;
    const inner = leavesOf(samples, named);
    parts.push(`${f.name}${argumentsOf(samples, type, f)} { ${inner.length ? inner.join(' ') : '__typename'} }`);
  }
  return `{ ${parts.join(' ')} }`;
}

/** Object fields named in a full selection of `type`: `Type.field` keys. */
export function objectFieldsIn(type: GraphQLObjectType): string[] {
  return fieldsOf(type)
    .filter((f) => isObjectType(getNamedType(f.type)))
    .map((f) => `${type.name}.${f.name}`);
}

/**
 * Paths from a root type to every object type, shortest first, at most `perType` per type and
 * `maxDepth` steps long, never passing through a type twice. Only fields whose required arguments
 * have samples are used.
 */
export function pathsFrom(root: GraphQLObjectType, samples: Samples, { perType = 6, maxDepth = 6 } = {}): Map<string, Step[][]> {
  const found = new Map<string, Step[][]>();
  let frontier: Step[][] = [[]];
  for (let depth = 0; depth < maxDepth && frontier.length; depth += 1) {
    const next: Step[][] = [];
    for (const path of frontier) {
      const at = path.length ? (getNamedType(path[path.length - 1].field.type) as GraphQLObjectType) : root;
      const seen = new Set([root.name, ...path.map((s) => getNamedType(s.field.type).name)]);
      for (const field of fieldsOf(at)) {
        const target = getNamedType(field.type);
        if (!isObjectType(target) || seen.has(target.name) || !callable(samples, at, field)) continue;
        const list = found.get(target.name) ?? [];
        if (list.length >= perType) continue;
        const extended = [...path, { parent: at, field }];
        list.push(extended);
        found.set(target.name, list);
        next.push(extended);
      }
    }
    frontier = next;
  }
  return found;
}

/** `ward(code: "…") { crime { byCategory <inner> } }` for a path, ending in the given selection. */
export function renderPath(samples: Samples, path: Step[], inner: string): string {
  let out = inner;
  for (let i = path.length - 1; i >= 0; i -= 1) {
    const { parent, field } = path[i];
    out = `{ ${field.name}${argumentsOf(samples, parent, field)} ${out} }`;
  }
  return out;
}

/** The objects found at the end of a path in a response's data, lists flattened. */
export function objectsAt(data: unknown, path: Step[]): Record<string, unknown>[] {
  let level: unknown[] = [data];
  for (const { field } of path) {
    const next: unknown[] = [];
    for (const item of level) {
      if (!isRecord(item)) continue;
      const value = item[field.name];
      if (isList(value)) next.push(...value.filter((v) => v != null));
      else if (value != null) next.push(value);
    }
    level = next;
  }
  return level.filter(isRecord);
}

/** `Query.ward > Ward.crime > CrimeSummary.byCategory`, for messages. */
export function describePath(path: Step[]): string {
  return path.map((s) => `${s.parent.name}.${s.field.name}`).join(' > ');
}

/** Every object type of the schema except the root types and introspection's. */
export function objectTypes(schema: GraphQLSchema): GraphQLObjectType[] {
  const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name]);
  return Object.values(schema.getTypeMap())
    .filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__') && !roots.has(t.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}
