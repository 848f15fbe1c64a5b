import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, getNamedType, isLeafType, type GraphQLObjectType } from 'graphql';
import { CasePersonalReadDocument } from '../generated/graphql';
import { useTestApp } from '../support/app';
import { CALLERS, Callers, DASHBOARD_USER_ID, type Caller } from '../support/callers';
import { fieldOf, isRecord } from '../support/narrow';
import { argumentsOf, describePath, fullSelection, objectsAt, objectTypes, pathsFrom, renderPath, type Step } from '../support/walk';
import { Expectations, SAMPLES } from './expectations';

/**
 * Walks the schema as people use it: for every object type, a query reaches it through a real path
 * from a root field and selects every field it has (its scalars and enums, and one level into each
 * object), over HTTP, as each kind of caller. Each must get data, or exactly the error the README
 * documents for that caller. Paths, selections and expectations come from the schema and the access
 * rules, so a field or type added later is walked without editing this file; only a new required
 * argument needs a sample value in ./expectations.ts (the test says which).
 */

const hub = useTestApp({ OVERDUE_CHECK_SECONDS: '86400' });
const callers = new Callers(hub);
const expected = new Expectations(() => hub.app.schema);
const check = expected.check.bind(expected);
const rootOutcome = expected.rootOutcome.bind(expected);

beforeAll(async () => {
  expect(await hub.app.scheduler.runNow('overdue-actions')).toBe(true);
  await callers.init('Schema walk');
  await expected.learn(callers);
  // The audit trail starts empty on a fresh hub; a chair reading a case's personal data is what fills it.
  const read = await callers.gql('northChair', CasePersonalReadDocument, {
    id: String(SAMPLES['Query.case.id']),
    purpose: 'Preparing for the JTG meeting',
  });
  expect(read.errors).toBeUndefined();
});

const schema = () => hub.app.schema;

describe('every field of every type answers, for every caller, over HTTP', () => {
  it('reaches every object type that is not only a mutation or subscription result', () => {
    const query = schema().getQueryType()!;
    const reachable = new Set(pathsFrom(query, SAMPLES).keys());
    const missing = objectTypes(schema())
      .map((t) => t.name)
      .filter((name) => !reachable.has(name) && !resultOnly(name));
    expect(missing).toEqual([]);
  });

  it('selects every root field that returns a scalar, for every caller', async () => {
    const query = schema().getQueryType()!;
    const leaves = Object.values(query.getFields()).filter((f) => isLeafType(getNamedType(f.type)));
    expect(leaves.length).toBeGreaterThan(0);
    for (const field of leaves) {
      const document = `{ ${field.name}${argumentsOf(SAMPLES, query, field)} }`;
      for (const caller of CALLERS) {
        const body = await callers.run(caller, document);
        const problems = check(caller, [{ parent: query, field }], query, body);
        if (!problems.length && !rootOutcome(caller, `Query.${field.name}`)) {
          expect(fieldOf(body.data, field.name)).not.toBeNull();
        }
        expect({ caller, document, problems }).toEqual({ caller, document, problems: [] });
      }
    }
  });

  // One test per type, named in the report; the list is read from the schema when the file loads.
  const names = objectTypesAtLoad();
  it.each(names)('%s', async (name) => {
    const type = schema().getType(name) as GraphQLObjectType;
    const candidates = pathsFrom(schema().getQueryType()!, SAMPLES).get(name);
    if (!candidates) {
      expect(resultOnly(name)).toBe(true);
      return;
    }
    const tried: string[] = [];
    let chosen: { path: Step[]; document: string } | undefined;
    for (const route of candidates) {
      const root = `${route[0].parent.name}.${route[0].field.name}`;
      const reference = expected.referenceCaller(root);
      if (!reference) {
        tried.push(`${describePath(route)}: nobody may call ${root}`);
        continue;
      }
      const document = renderPath(SAMPLES, route, fullSelection(SAMPLES, type));
      const body = await callers.run(reference, document);
      const problems = check(reference, route, type, body);
      const objects = objectsAt(body.data, route);
      if (!problems.length && objects.length) {
        chosen = { path: route, document };
        break;
      }
      tried.push(`${describePath(route)} as ${reference}: ${problems.join('; ') || 'no data reached it'}`);
    }
    if (!chosen) throw new Error(`No path from Query gave ${name} with data:\n${tried.join('\n')}`);
    for (const caller of CALLERS) {
      const body = await callers.run(caller, chosen.document);
      const problems = check(caller, chosen.path, type, body);
      expect({ caller, path: describePath(chosen.path), problems }).toEqual({ caller, path: describePath(chosen.path), problems: [] });
    }
  });
});

/**
 * Types only a mutation or a subscription gives: subscription-walk.test.ts selects the live events;
 * the mutations that alone give a type are run below with every field selected.
 */
function resultOnly(name: string): boolean {
  return SUBSCRIPTION_ONLY.has(name) || name in MUTATION_ONLY;
}
const SUBSCRIPTION_ONLY = new Set(['TaskingGroupEvent', 'DataRefreshed']);
const MUTATION_ONLY: Record<string, { caller: Caller; document: (selection: string) => string }> = {
  IssuedApiKey: {
    caller: 'admin',
    document: (selection) => `mutation { createApiKey(userId: "${DASHBOARD_USER_ID}", label: "Schema walk: every field") ${selection} }`,
  },
};

describe('types only a mutation gives', () => {
  it.each(Object.keys(MUTATION_ONLY))('%s answers every field', async (name) => {
    const { caller, document } = MUTATION_ONLY[name];
    const type = schema().getType(name) as GraphQLObjectType;
    const body = await callers.run(caller, document(fullSelection(SAMPLES, type)));
    expect(body.errors).toBeUndefined();
    const [result] = Object.values(isRecord(body.data) ? body.data : {});
    for (const field of Object.keys(type.getFields())) expect(result).toHaveProperty(field);
  });
});

/** Object type names from the committed SDL (a test keeps it current), so `it.each` has its list before the hub starts. */
function objectTypesAtLoad(): string[] {
  const sdl = buildSchema(fs.readFileSync(path.join(__dirname, '../../schema/schema.graphql'), 'utf8'));
  return objectTypes(sdl).map((t) => t.name);
}
