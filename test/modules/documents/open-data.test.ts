import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, isObjectType, parse } from 'graphql';
import { projectRoot } from '../../../src/paths';
import { CALLER_DATA_TYPES, OPEN_DATA_TYPES, readsOnlyOpenData } from '../../../src/modules/documents/documents.open-data';

/** Which documents may be cached over HTTP: decided type by type, and every type decided. */

const schema = buildSchema(fs.readFileSync(path.join(projectRoot(), 'schema/schema.graphql'), 'utf8'));
const roots = new Set(['Query', 'Mutation', 'Subscription']);

describe('open data', () => {
  it('has every object type of the schema in exactly one list, so a new type is cached only once someone decides it may be', () => {
    const types = Object.values(schema.getTypeMap())
      .filter((t) => isObjectType(t) && !t.name.startsWith('__') && !roots.has(t.name))
      .map((t) => t.name);
    const unclassified = types.filter((t) => !OPEN_DATA_TYPES.has(t) && !CALLER_DATA_TYPES.has(t));
    expect(unclassified).toEqual([]);
    expect([...OPEN_DATA_TYPES].filter((t) => CALLER_DATA_TYPES.has(t))).toEqual([]);
    // A name in a list that is no type is a typo that would leave the real type unclassified.
    expect([...OPEN_DATA_TYPES, ...CALLER_DATA_TYPES].filter((t) => !types.includes(t))).toEqual([]);
  });

  it.each([
    ['ward figures', '{ wards { nodes { code profile { population { total } } crime { total byMonth { month count } } } } }', true],
    ['a fragment of open data', 'query Q { localities { ...L } } fragment L on Locality { name wards { code } }', true],
    ['the data cursor', '{ dataRefreshedCursor }', true],
    ['who is asking', '{ me { name } }', false],
    ['cases inside open data', '{ ward(code: "E05013010") { name } cases { nodes { reference } } }', false],
    ['a fragment reaching cases', 'query Q { ...C } fragment C on Query { caseSummary { byStatus { count } } }', false],
    ['the audit export', '{ auditExport }', false],
    ['introspection', '{ __schema { queryType { name } } }', false],
    ['a mutation', 'mutation { revokeApiKey(id: "1") { id } }', false],
  ])('judges %s: open data %s', (_what, text, open) => {
    expect(readsOnlyOpenData(schema, parse(text))).toBe(open);
  });
});
