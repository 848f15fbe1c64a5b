import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  type GraphQLField,
  type GraphQLInputField,
} from 'graphql';
import { projectRoot } from '../src/paths';
import { buildHubSchema, printHubSchema } from '../src/schema';

const root = projectRoot();

it('schema/schema.graphql is the schema the code builds (run `npm run schema` when this fails)', async () => {
  const committed = fs.readFileSync(path.join(root, 'schema/schema.graphql'), 'utf8');
  expect(committed).toBe(printHubSchema(await buildHubSchema()));
});

it('test/generated/graphql.ts matches the schema and operations (run `npm run codegen` when this fails)', async () => {
  const bin = path.join(root, 'node_modules/.bin/graphql-codegen');
  await expect(promisify(execFile)(bin, ['--config', 'codegen.yml', '--check'], { cwd: root })).resolves.toBeDefined();
}, 60_000);

it('describes every type, field, argument and enum value for analysts reading the docs', async () => {
  const schema = await buildHubSchema();
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
    if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      const fields = Object.values<GraphQLField<unknown, unknown> | GraphQLInputField>(type.getFields());
      for (const field of fields) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) {
          if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
  }
  expect(missing).toEqual([]);
});
