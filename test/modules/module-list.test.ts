import type { EntityManager } from '@mikro-orm/postgresql';
import fs from 'node:fs';
import path from 'node:path';
import { IMPORTERS } from '../../src/importers';
import { createLoaders } from '../../src/loaders';
import { hubModules } from '../../src/modules';
import { entities } from '../../src/orm';
import { projectRoot } from '../../src/paths';

const folders = fs
  .readdirSync(path.join(projectRoot(), 'src/modules'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

it('lists every module folder once, under its folder name', () => {
  expect(hubModules.map((m) => m.name).sort()).toEqual([...folders].sort());
});

it('gives each entity, resolver and importer to one module only', () => {
  const resolvers = hubModules.flatMap((m) => m.resolvers);
  expect(new Set(entities).size).toBe(entities.length);
  expect(new Set(resolvers).size).toBe(resolvers.length);
  expect(IMPORTERS.size).toBe(hubModules.flatMap((m) => m.importers ?? []).length);
});

it("puts each module's loaders under its own name, and nothing else", () => {
  // Making loaders runs no statement: each is a DataLoader that reads only when asked.
  const loaders = createLoaders({} as EntityManager, null, 'http');
  const withLoaders = hubModules.filter((m) => m.loaders).map((m) => m.name);
  expect(Object.keys(loaders).sort()).toEqual([...withLoaders].sort());
  expect(Object.keys(loaders.places)).toContain('ward');
  expect(Object.keys(loaders.cases)).toContain('taskingCase');
});
