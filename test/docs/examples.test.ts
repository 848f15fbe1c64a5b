import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Kind, OperationTypeNode, parse, type OperationDefinitionNode } from 'graphql';
import { createClient } from 'graphql-ws';
import MarkdownIt from 'markdown-it';
import WebSocket from 'ws';
import { projectRoot } from '../../src/paths';
import { startCapturingHub, type CapturingHub } from '../support/capturing-hub';
import type { GraphQLResult, ResponseError } from '../support/app';
import { useCleanup } from '../support/cleanup';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { isRecord } from '../support/narrow';
import { collect } from '../support/ws';

/**
 * Runs every ```graphql example of every Markdown file in the repository, exactly as written, as a
 * reader would: against a hub started the way `npm start` starts it in development, with the
 * development tokens it prints. An example runs as the analyst (GraphiQL's default) unless its first
 * comment says `# Signed in as <who>`, <who> being a name the token list prints (`north-chair`,
 * `admin`, …) or `dashboard` for the printed API key. A `$variable` takes the value of the field of
 * the same name (or alias) in an earlier example's answer. Queries and mutations go over HTTP,
 * subscriptions over graphql-ws and must deliver an event. Any error fails the example unless its
 * code is written in the example (e.g. `# Answers FORBIDDEN: …`).
 */

interface Example {
  file: string;
  line: number;
  source: string;
}

function examples(): Example[] {
  const md = new MarkdownIt();
  const files = execFileSync('git', ['ls-files', '*.md', '**/*.md'], { cwd: projectRoot(), encoding: 'utf8' }).split('\n').filter(Boolean);
  return files.flatMap((file) =>
    md
      .parse(fs.readFileSync(path.join(projectRoot(), file), 'utf8'), {})
      .filter((t) => t.type === 'fence' && t.info.trim() === 'graphql')
      .map((t) => ({ file, line: (t.map?.[0] ?? 0) + 1, source: t.content })),
  );
}

const ALL = examples();

let db: TestDatabase;
let hub: CapturingHub;
const cleanup = useCleanup();
const credentials = new Map<string, string>();
const answers: Record<string, unknown>[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  cleanup(() => db.drop());
  // As `npm start` runs in development: development tokens on, printed to the log at start.
  hub = await startCapturingHub(db, { NODE_ENV: 'development', AUTH_DEV_TOKENS: 'true' }, 'info');
  cleanup(() => hub.close());
  const printed = hub.lines.find((l) => l.msg.startsWith('Development tokens'))?.msg;
  if (!printed) throw new Error('The hub printed no development tokens');
  // Each credential is two lines: "  Name (Organisation; slug):" or "… (service account, partner dashboard):", then "    Bearer …".
  const lines = printed.split('\n');
  lines.forEach((line, i) => {
    const token = /^\s+Bearer (\S+)$/.exec(lines[i + 1] ?? '')?.[1];
    const who = /; ([a-z-]+)\):$/.exec(line)?.[1] ?? (/partner dashboard\):$/.test(line) ? 'dashboard' : undefined);
    if (token && who) credentials.set(who, token);
  });
  expect([...credentials.keys()]).toEqual(expect.arrayContaining(['north-chair', 'analyst', 'admin', 'dashboard']));
});

/** Who the example runs as: its `# Signed in as <who>` comment, else the analyst, as GraphiQL opens. */
function signedInAs(example: Example): string {
  return /^\s*#\s*Signed in as ([a-z-]+)/im.exec(example.source)?.[1] ?? 'analyst';
}

/** Values for the example's variables, from earlier answers: the latest field of the same name. */
function variablesFor(operation: OperationDefinitionNode): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const v of operation.variableDefinitions ?? []) {
    const name = v.variable.name.value;
    const answer = [...answers].reverse().find((a) => name in a);
    if (!answer) throw new Error(`$${name} names no field of an earlier example's answer`);
    values[name] = answer[name];
  }
  return values;
}

/** Error codes the example's text announces. */
function announced(example: Example): Set<string> {
  return new Set(example.source.match(/\b[A-Z][A-Z_]{3,}\b/g) ?? []);
}

/** The errors whose code the example does not announce (a socket failure, which has no code, never is). */
function unannounced(example: Example, errors: readonly (ResponseError | string)[] | undefined): string[] {
  const allowed = announced(example);
  return (errors ?? [])
    .map((e) => (typeof e === 'string' ? { message: e, code: 'undefined' } : { message: e.message, code: String(e.extensions?.code) }))
    .filter((e) => !allowed.has(e.code))
    .map((e) => `${e.code}: ${e.message}`);
}

describe('every GraphQL example in the docs runs as written', () => {
  it('finds the examples (README.md has some)', () => {
    expect(ALL.filter((e) => e.file === 'README.md').length).toBeGreaterThanOrEqual(5);
  });

  // In document order: a later example may use an earlier one's answer or change.
  it.each(ALL.map((e) => [`${e.file}:${e.line}`, e] as const))('%s', async (_where, example) => {
    const who = signedInAs(example);
    const credential = credentials.get(who);
    if (!credential)
      throw new Error(`"${who}" is not one of the development credentials npm start prints: ${[...credentials.keys()].join(', ')}`);
    const document = parse(example.source);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (!operation) throw new Error('The example has no operation');
    const variables = variablesFor(operation);

    if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
      const client = createClient({
        url: hub.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${credential}` },
      });
      cleanup(() => client.dispose());
      const sub = collect(client, example.source, variables);
      await sub.until((rs) => rs.length > 0);
      sub.stop();
      const errors = [...sub.results.flatMap((r) => r.errors ?? []), ...(sub.ended?.errors ?? [])];
      expect(unannounced(example, errors)).toEqual([]);
      expect(sub.results[0].data).toBeTruthy();
      return;
    }

    const res = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
      body: JSON.stringify({ query: example.source, variables }),
    });
    // An answer to a document written in prose: what its data holds is known only once looked at.
    const body = (await res.json()) as GraphQLResult<unknown>;
    expect(unannounced(example, body.errors)).toEqual([]);
    if (!body.errors?.length) {
      expect(res.status).toBe(200);
      expect(body.data).toBeTruthy();
    }
    if (isRecord(body.data)) answers.push(body.data);
  });
});
