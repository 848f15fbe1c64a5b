/** `npm run schema`: writes the SDL to schema/schema.graphql, sorted, for review and for codegen. */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths';
import { buildHubSchema, printHubSchema } from '../schema';

export const SCHEMA_FILE = path.join(projectRoot(), 'schema/schema.graphql');

async function main(): Promise<void> {
  const sdl = printHubSchema(await buildHubSchema());
  fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
  fs.writeFileSync(SCHEMA_FILE, sdl);
  console.log(`Wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
