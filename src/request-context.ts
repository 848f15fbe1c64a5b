import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

/** The header a request's id travels in, both ways. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * What the hub knows about an HTTP request's SQL while it runs: the statements in flight (knex's
 * query id → PostgreSQL backend pid), so they can be cancelled, and why the request was stopped.
 */
export interface RequestWork {
  readonly running: Map<string, number>;
  stopped?: 'deadline' | 'client-gone';
}

const store = new AsyncLocalStorage<{ requestId: string; work?: RequestWork }>();

/** A caller's own id is kept if it is short and plain (it ends up in logs); otherwise the hub makes one. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The id of the HTTP request whose work is running, or undefined outside one (the hub's jobs, live
 * subscriptions, start-up). Follows the request through every await, DataLoader batch and database
 * statement it causes, so logs and statement counts can be told apart per request.
 */
export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}

/** The current request's SQL bookkeeping, when its deadline is being watched (see deadline.ts). */
export function currentRequestWork(): RequestWork | undefined {
  return store.getStore()?.work;
}

/** Starts SQL bookkeeping for the current request; a no-op outside one. */
export function watchCurrentRequest(): RequestWork | undefined {
  const current = store.getStore();
  if (!current) return undefined;
  current.work = { running: new Map() };
  return current.work;
}

/** Runs `fn` as the work of request `requestId`. */
export function runAsRequest<T>(requestId: string, fn: () => T): T {
  return store.run({ requestId }, fn);
}

/**
 * Express middleware: gives each request an id (the caller's X-Request-Id if acceptable, else a new
 * UUID), echoes it in the response's X-Request-Id, and runs the rest of the request under it.
 * Mounted after body parsing, whose stream callbacks would not carry the id.
 */
export function requestIds(): RequestHandler {
  return (req, res, next) => {
    const sent = req.get(REQUEST_ID_HEADER);
    const requestId = sent && ACCEPTABLE_ID.test(sent) ? sent : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    runAsRequest(requestId, next);
  };
}
