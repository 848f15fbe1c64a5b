import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { createClient, type Client, type FormattedExecutionResult, type Sink } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLResult, ResponseError, TestApp } from './app';
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

/** The request graphql-ws sends: a typed operation printed, or a raw document as it is. */
function request(document: DocumentNode | string, variables: object | undefined): { query: string; variables?: Record<string, unknown> } {
  return { query: typeof document === 'string' ? document : print(document), variables: variables as Record<string, unknown> | undefined };
}

/**
 * A result off the socket as the operation sent asks for it: the one place a socket answer gets its
 * type (graphql-ws's own type says no more than "some JSON").
 */
function typed<T>(value: FormattedExecutionResult<unknown, unknown>): GraphQLResult<T> {
  return value as GraphQLResult<T>;
}

/**
 * graphql-ws's subscribe for a typed operation: each result typed as the operation's. An `error`
 * is the server's GraphQL errors when it is an array, a socket failure otherwise.
 */
export function subscribe<T, V>(client: Client, document: TypedDocumentNode<T, V>, variables: V, sink: Sink<GraphQLResult<T>>): () => void {
  return client.subscribe(request(document, variables as object), {
    next: (value) => {
      sink.next(typed(value));
    },
    error: (err) => {
      sink.error(err);
    },
    complete: () => {
      sink.complete();
    },
  });
}

/** Runs one operation over the socket and resolves with its result, errors included. */
export function runOverSocket<T, V>(client: Client, document: TypedDocumentNode<T, V>, variables?: V): Promise<GraphQLResult<T>>;
/** Runs a raw document (a malformed or hostile one, on purpose): its answer is unknown until narrowed. */
export function runOverSocket(client: Client, query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<unknown>>;
export function runOverSocket(client: Client, document: DocumentNode | string, variables?: object): Promise<GraphQLResult<unknown>> {
  return new Promise((resolve, reject) => {
    let result: GraphQLResult<unknown> | undefined;
    client.subscribe(request(document, variables), {
      next: (value) => (result = typed(value)),
      error: (err) => {
        if (Array.isArray(err)) resolve({ errors: err as ResponseError[] });
        else reject(err instanceof Error ? err : new Error(String(err)));
      },
      complete: () => {
        resolve(result!);
      },
    });
  });
}

/** A socket client for the file's hub, opened lazily and disposed after the file's tests. */
export function useSocketClient(hub: TestApp): Client {
  let client: Client | undefined;
  afterAll(() => client?.dispose());
  const open = (): Client => (client ??= socketClient(hub));
  return {
    on: (event, listener) => open().on(event, listener),
    subscribe: (payload, sink) => open().subscribe(payload, sink),
    iterate: (payload) => open().iterate(payload),
    terminate: () => {
      open().terminate();
    },
    dispose: () => open().dispose(),
  };
}

/** What one subscription has delivered so far, and how it ended. */
export interface Collected<T> {
  readonly results: GraphQLResult<T>[];
  /**
   * Set when the subscription ended: the server's errors, the message of a socket-level failure, or []
   * for a plain completion.
   */
  readonly ended: { errors: readonly (ResponseError | string)[] } | undefined;
  /** Resolves once `ready(results)` holds or the subscription ends; rejects after `ms`. */
  until(ready: (results: GraphQLResult<T>[]) => boolean, ms?: number): Promise<void>;
  stop(): void;
}

/** Subscribes and records every result, for tests that cause events and then look at what arrived. */
export function collect<T, V>(client: Client, document: TypedDocumentNode<T, V>, variables?: V): Collected<T>;
/** Subscribes with a raw document (a malformed or hostile one, on purpose): its results are unknown until narrowed. */
export function collect(client: Client, query: string, variables?: Record<string, unknown>): Collected<unknown>;
export function collect(client: Client, document: DocumentNode | string, variables?: object): Collected<unknown> {
  const results: GraphQLResult<unknown>[] = [];
  const waiters = new Set<() => void>();
  const wake = () => {
    waiters.forEach((w) => {
      w();
    });
  };
  let ended: Collected<unknown>['ended'];
  const unsubscribe = client.subscribe(request(document, variables), {
    next: (value) => {
      results.push(typed(value));
      wake();
    },
    error: (err) => {
      // graphql-ws ends with an array when the server sent GraphQL errors, with anything else when the socket failed.
      ended = { errors: Array.isArray(err) ? (err as ResponseError[]) : [err instanceof Error ? err.message : String(err)] };
      wake();
    },
    complete: () => {
      ended ??= { errors: [] };
      wake();
    },
  });
  return {
    results,
    get ended() {
      return ended;
    },
    until(ready, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Subscription gave ${results.length} results in ${ms} ms without reaching what the test waits for`));
        }, ms);
        function check() {
          if (!ready(results) && !ended) return;
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
}
