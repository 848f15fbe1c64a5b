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
        error: (err) => (Array.isArray(err) ? resolve({ errors: err }) : reject(err)),
        complete: () => resolve(result!),
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
