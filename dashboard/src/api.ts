import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient, type Client } from 'graphql-ws';

/** Where the hub is and who is asking: a person's token or an API key. */
export interface HubSession {
  /** The GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  endpoint: string;
  token: string;
}

/** An error the hub answered with, by its code (UNAUTHENTICATED, TRUSTED_DOCUMENT_REQUIRED…). */
export class HubRequestError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** The hash a trusted document is registered under: codegen embeds it in each generated document. */
function hashOf(document: object): string {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!hash) throw new Error('This document has no registered hash: run npm run codegen');
  return hash.replace(/^sha256:/, '');
}

const persisted = (document: object) => ({ persistedQuery: { version: 1, sha256Hash: hashOf(document) } });

interface Answer<R> {
  data?: R | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Runs a trusted document by its hash with GET: the browser keeps open-data answers and asks the hub
 * with If-None-Match before reusing one, which the hub answers 304 until an import changes the data.
 */
export async function query<R, V>(session: HubSession, document: TypedDocumentNode<R, V>, variables?: V): Promise<R> {
  const params = new URLSearchParams({ extensions: JSON.stringify(persisted(document)) });
  if (variables) params.set('variables', JSON.stringify(variables));
  const res = await fetch(`${session.endpoint}?${params.toString()}`, {
    headers: {
      authorization: `Bearer ${session.token}`,
      accept: 'application/graphql-response+json',
      // Apollo's CSRF prevention: a GET must carry a header a simple cross-site request cannot.
      'apollo-require-preflight': 'true',
    },
  });
  const answer = (await res.json()) as Answer<R>;
  const error = answer.errors?.[0];
  if (error) throw new HubRequestError(error.message, error.extensions?.code);
  if (!answer.data) throw new HubRequestError(`The hub answered ${res.status} with no data`, undefined);
  return answer.data;
}

/** A websocket to the hub for live updates, signed in with the session's credential. */
export function liveClient(session: HubSession): Client {
  const url = new URL(session.endpoint, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return createClient({ url: url.href, connectionParams: { authorization: `Bearer ${session.token}` }, lazy: true });
}

/** Subscribes to a trusted document by its hash alone; returns what unsubscribes. */
export function subscribe<R, V>(
  client: Client,
  document: TypedDocumentNode<R, V>,
  variables: V,
  onData: (data: R) => void,
  onError: (message: string) => void,
): () => void {
  return client.subscribe<R>(
    { query: '', variables: variables as Record<string, unknown>, extensions: persisted(document) },
    {
      next: (result) => {
        if (result.errors?.length) onError(result.errors[0].message);
        else if (result.data) onData(result.data);
      },
      error: (err) => {
        onError(Array.isArray(err) ? String((err[0] as { message?: string } | undefined)?.message) : 'The live connection was lost.');
      },
      complete: () => undefined,
    },
  );
}
