import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestApp } from './app';
import { DEFAULT_SUBJECT, tokenFor } from './auth';

/**
 * A graphql-ws client for the hub's /graphql socket that fails fast instead of retrying. It signs
 * in as `subject` (the default analyst unless given; null for no credentials).
 */
export function socketClient(hub: Pick<TestApp, 'url'>, subject: string | null = DEFAULT_SUBJECT): Client {
  return createClient({
    url: hub.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: async () => (subject ? { authorization: `Bearer ${await tokenFor(subject)}` } : {}),
  });
}

/** Runs one query over the socket and resolves with its result, errors included. */
export function runOverSocket<T>(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
): Promise<FormattedExecutionResult<T, unknown>> {
  return new Promise((resolve, reject) => {
    let result: FormattedExecutionResult<T, unknown> | undefined;
    client.subscribe<T>(
      { query, variables },
      {
        next: (value) => (result = value),
        error: (err) => {
          Array.isArray(err) ? resolve({ errors: err }) : reject(err);
        },
        complete: () => {
          resolve(result!);
        },
      },
    );
  });
}

/** A socket client for the file's hub, opened lazily and disposed after the file's tests. */
export function useSocketClient(hub: TestApp): Client {
  let client: Client | undefined;
  afterAll(() => client?.dispose());
  return new Proxy({} as Client, {
    get(_target, key) {
      client ??= socketClient(hub);
      const value = client[key as keyof Client];
      return typeof value === 'function' ? value.bind(client) : value;
    },
  });
}

/** What one subscription has delivered so far, and how it ended. */
export interface Collected<T> {
  readonly results: FormattedExecutionResult<T, unknown>[];
  /** Set when the server ended the subscription: its errors, or [] for a plain completion. */
  readonly ended: { errors: readonly unknown[] } | undefined;
  /** Resolves once `ready(results)` holds or the subscription ends; rejects after `ms`. */
  until(ready: (results: FormattedExecutionResult<T, unknown>[]) => boolean, ms?: number): Promise<void>;
  stop(): void;
}

/** Subscribes and records every result, for tests that cause events and then look at what arrived. */
export function collect<T>(client: Client, query: string, variables?: Record<string, unknown>): Collected<T> {
  const results: FormattedExecutionResult<T, unknown>[] = [];
  const waiters = new Set<() => void>();
  const wake = () => {
    waiters.forEach((w) => {
      w();
    });
  };
  const state: Collected<T> = {
    results,
    ended: undefined,
    until(ready, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Subscription gave ${results.length} results in ${ms} ms without reaching what the test waits for`));
        }, ms);
        function check() {
          if (!ready(results) && !state.ended) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        }
        waiters.add(check);
        check();
      });
    },
    stop: () => {
      unsubscribe();
    },
  };
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        results.push(value);
        wake();
      },
      error: (err) => {
        (state as { ended: unknown }).ended = { errors: Array.isArray(err) ? err : [String((err as Error)?.message ?? err)] };
        wake();
      },
      complete: () => {
        (state as { ended: unknown }).ended ??= { errors: [] };
        wake();
      },
    },
  );
  return state;
}
