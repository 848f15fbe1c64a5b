import type { AppHandle } from '../../src/app';

/** Runs `fn` and returns the SQL statements the hub sent to PostgreSQL meanwhile. */
export async function statementsDuring(app: AppHandle, fn: () => Promise<unknown>): Promise<string[]> {
  const knex = app.orm.em.getConnection().getKnex();
  const seen: string[] = [];
  const listener = (q: { sql: string }) => seen.push(q.sql);
  knex.on('query', listener);
  try {
    await fn();
  } finally {
    knex.removeListener('query', listener);
  }
  return seen;
}
