/**
 * The raw-SQL floor of `npm run bench:compare`: a plain HTTP server that answers every POST by running
 * the statements the hub ran for one request of a workload, with `pg` and the same dependencies between
 * them (a statement waits for the results the hub had when it sent it), and serialising the rows as
 * JSON. No GraphQL, no ORM: what the hub's own SQL costs at best.
 * Run as `node dist/bench/compare/floor.js` with DATABASE_URL, PORT and FLOOR_STATEMENTS (a JSON file
 * of CapturedStatement[] per workload path, e.g. {"/dashboard": [...]}) in the environment.
 */
import fs from 'node:fs';
import http from 'node:http';
import { Pool } from 'pg';

/** One statement the hub ran for a request, as the bench captured it. */
export interface CapturedStatement {
  sql: string;
  bindings: unknown[];
  /** The statements whose results the hub had when it sent this one. */
  after: number[];
}

/** knex's `?` placeholders as PostgreSQL's `$n` (`\?` stays a literal question mark), as knex's pg client does. */
export function positional(sql: string): string {
  let n = 0;
  return sql.replace(/(\\*)(\?)/g, (_match, escapes: string) => {
    if (escapes.length % 2) return `${escapes.slice(1)}?`;
    n += 1;
    return `${escapes}$${n}`;
  });
}

function serve(): void {
  const workloads = JSON.parse(fs.readFileSync(process.env.FLOOR_STATEMENTS!, 'utf8')) as Record<string, CapturedStatement[]>;
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const prepared = new Map(
    Object.entries(workloads).map(([route, statements]) => [route, statements.map((s) => ({ ...s, text: positional(s.sql) }))]),
  );
  const run = async (route: string) => {
    const statements = prepared.get(route);
    if (!statements) throw new Error(`no statements for ${route}`);
    const results: Promise<unknown[]>[] = [];
    for (const s of statements) {
      results.push(
        Promise.all(s.after.map((i) => results[i])).then(async () => {
          const { rows } = await pool.query<Record<string, unknown>>(s.text, s.bindings);
          return rows;
        }),
      );
    }
    return Promise.all(results);
  };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      run(req.url ?? '/').then(
        (rows) => {
          const body = JSON.stringify({ data: rows });
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
          res.end(body);
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(err));
        },
      );
    });
  });
  server.listen(Number(process.env.PORT), '127.0.0.1', () => {
    console.log(`ready ${process.env.PORT}`);
  });
  process.on('SIGTERM', () => {
    server.close();
    void pool.end().then(() => process.exit(0));
  });
}

if (require.main === module) serve();
