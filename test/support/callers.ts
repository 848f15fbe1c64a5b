import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { CreateApiKeyDocument } from '../generated/graphql';
import type { GraphQLResult, TestApp } from './app';
import { tokenFor } from './auth';

/**
 * The kinds of caller the hub has, as the README's "Who sees what" table lists them, each a seeded
 * account (seeds/data/tasking.json): a North JTG chair and member, the Central JTG chair, an analyst,
 * a partner dashboard on an API key, and an admin.
 */
export const CALLERS = ['unauthenticated', 'northChair', 'northMember', 'centralChair', 'analyst', 'dashboard', 'admin'] as const;
export type Caller = (typeof CALLERS)[number];

export const SUBJECTS: Record<Exclude<Caller, 'unauthenticated' | 'dashboard'>, string> = {
  northChair: 'seed:north-chair',
  northMember: 'seed:north-police',
  centralChair: 'seed:central-chair',
  analyst: 'seed:analyst',
  admin: 'seed:admin',
};

/** The seeded service account the dashboard's API key is issued to. */
export const DASHBOARD_USER_ID = 20;

/** The answer to a raw document: unknown until narrowed. */
export type Body = GraphQLResult<unknown>;

/**
 * Signs requests in as each kind of caller. The dashboard's key is issued by the admin through the
 * API, as a council would issue one (the seed stores only hashes), so `init()` must run first.
 */
export class Callers {
  private readonly tokens = new Map<Caller, string>();
  private dashboardKey = '';

  constructor(private readonly hub: Pick<TestApp, 'gql' | 'post' | 'url'>) {}

  async init(label = 'Test callers'): Promise<void> {
    const issued = await this.gql('admin', CreateApiKeyDocument, { userId: String(DASHBOARD_USER_ID), label });
    if (issued.errors?.length || !issued.data) throw new Error(`Could not issue the dashboard's API key: ${JSON.stringify(issued.errors)}`);
    this.dashboardKey = issued.data.createApiKey.key;
  }

  /** The Authorization value for a caller, or null for none. */
  async authorization(caller: Caller): Promise<string | null> {
    if (caller === 'unauthenticated') return null;
    if (caller === 'dashboard') {
      if (!this.dashboardKey) throw new Error('Callers.init() has not issued the dashboard key yet');
      return `Bearer ${this.dashboardKey}`;
    }
    if (!this.tokens.has(caller)) this.tokens.set(caller, await tokenFor(SUBJECTS[caller]));
    return `Bearer ${this.tokens.get(caller)}`;
  }

  async headers(caller: Caller): Promise<Record<string, string>> {
    return { authorization: (await this.authorization(caller)) ?? '' };
  }

  /** Runs a typed operation as the caller. */
  async gql<T, V>(caller: Caller, document: TypedDocumentNode<T, V>, variables: V): Promise<GraphQLResult<T>> {
    return (await this.hub.gql(document, variables, await this.headers(caller))).body;
  }

  /** Runs a raw document as the caller: one the walks make up from the schema, or a malformed one on purpose. */
  async run(caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<Body> {
    return (await this.hub.post({ query, variables }, await this.headers(caller))).body;
  }

  /** A graphql-ws client signed in as the caller (its Authorization in the connection parameters), failing fast. */
  socket(caller: Caller): Client {
    return createClient({
      url: this.hub.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: async () => {
        const authorization = await this.authorization(caller);
        return authorization ? { authorization } : {};
      },
    });
  }
}
