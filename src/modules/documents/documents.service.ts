import type { EntityManager } from '@mikro-orm/postgresql';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { getOperationAST, parse, validate, type GraphQLSchema } from 'graphql';
import { col, readRows } from '../../rows';
import { readsOnlyOpenData } from './documents.open-data';

/** A registered document as every process keeps it. */
export interface TrustedDocumentRow {
  hash: string;
  body: string;
  operationName: string | null;
  openData: boolean;
}

/** A document from a manifest, checked against the schema and ready to store. */
export interface CheckedDocument extends TrustedDocumentRow {
  operationType: string;
  source: string;
}

/** The sha256 of a document's text as 64 lowercase hex digits: the key APQ clients send. */
export function documentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const HEX_HASH = /^[0-9a-f]{64}$/;

/**
 * Reads a persisted-documents manifest, as GraphQL Code Generator's client preset writes it:
 * `{ "sha256:<hex>": "<document>" }` (a bare `<hex>` key is taken too), and checks every entry:
 * the key is the sha256 of the text, and the text is one valid operation against `schema`. Throws
 * one error listing every problem, each naming the file and the entry.
 */
export function readManifest(file: string, schema: GraphQLSchema): CheckedDocument[] {
  const name = path.basename(file);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Trusted documents: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`Trusted documents: ${file} is not a manifest: expected an object of "sha256:<hash>": "<document>"`);
  }
  const problems: string[] = [];
  const documents: CheckedDocument[] = [];
  for (const [key, body] of Object.entries(json as Record<string, unknown>)) {
    const hash = key.startsWith('sha256:') ? key.slice('sha256:'.length) : key;
    const where = `${name}, entry "${key.slice(0, 20)}…"`;
    if (!HEX_HASH.test(hash)) {
      problems.push(`${where}: the key is not a sha256 hash (64 hex digits, optionally after "sha256:")`);
      continue;
    }
    if (typeof body !== 'string') {
      problems.push(`${where}: the document is not a string`);
      continue;
    }
    if (documentHash(body) !== hash) {
      problems.push(`${where}: the key is not the sha256 of the document's text (was the manifest edited by hand?)`);
      continue;
    }
    let document;
    try {
      document = parse(body);
    } catch (err) {
      problems.push(`${where}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    const errors = validate(schema, document);
    // Null when the document holds no operation or several.
    const operation = getOperationAST(document);
    if (errors.length) {
      problems.push(`${where}: not valid against the hub's schema: ${errors.map((e) => e.message).join('; ')}`);
    } else if (!operation) {
      problems.push(`${where}: a trusted document holds exactly one operation`);
    } else {
      documents.push({
        hash,
        body,
        operationName: operation.name?.value ?? null,
        operationType: operation.operation,
        openData: readsOnlyOpenData(schema, document),
        source: name,
      });
    }
  }
  if (problems.length) throw new Error(`Trusted documents: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  return documents;
}

/**
 * Stores checked documents, in one statement. A document already registered keeps its text (its
 * hash says it is the same) and takes the newer name, source and open-data verdict.
 */
export async function registerDocuments(em: EntityManager, documents: readonly CheckedDocument[]): Promise<number> {
  if (!documents.length) return 0;
  const rows = await readRows(
    em,
    { hash: col.text },
    `insert into trusted_document (hash, body, operation_name, operation_type, open_data, source)
     select h, b, nullif(n, ''), t, o, s from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[]) as u(h, b, n, t, o, s)
     on conflict (hash) do update
       set operation_name = excluded.operation_name, operation_type = excluded.operation_type,
           open_data = excluded.open_data, source = excluded.source
     returning hash`,
    [
      documents.map((d) => d.hash),
      documents.map((d) => d.body),
      documents.map((d) => d.operationName ?? ''),
      documents.map((d) => d.operationType),
      documents.map((d) => (d.openData ? 'true' : 'false')),
      documents.map((d) => d.source),
    ],
  );
  return rows.length;
}

/** Every registered document. */
export async function readTrustedDocuments(em: EntityManager): Promise<TrustedDocumentRow[]> {
  const rows = await readRows(
    em,
    { hash: col.text, body: col.text, operation_name: col.text.nullable(), open_data: col.boolean },
    'select hash, body, operation_name, open_data from trusted_document',
  );
  return rows.map((r) => ({ hash: r.hash, body: r.body, operationName: r.operation_name, openData: r.open_data }));
}
