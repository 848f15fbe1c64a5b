import { randomUUID } from 'node:crypto';
import type { AppHandle } from '../../src/app';
import { currentRequestId, REQUEST_ID_HEADER } from '../../src/request-context';

/**
 * Runs `send` with headers carrying a fresh request id, and returns the SQL statements the hub ran
 * for that request alone, with what `send` returned. Statements are told apart by the request id
 * the hub follows through the request's work, so the hub's jobs, live subscriptions and other
 * requests running meanwhile are not counted: the figure is exact whatever else runs.
 */
export async function statementsOf<T>(
  app: AppHandle,
  send: (headers: Record<string, string>) => Promise<T>,
): Promise<{ result: T; statements: string[] }> {
  const requestId = `statements-${randomUUID()}`;
  const knex = app.orm.em.getConnection().getKnex();
  const statements: string[] = [];
  const listener = (q: { sql: string }) => {
    if (currentRequestId() === requestId) statements.push(q.sql);
  };
  knex.on('query', listener);
  try {
    const result = await send({ [REQUEST_ID_HEADER]: requestId });
    return { result, statements };
  } finally {
    knex.removeListener('query', listener);
  }
}
