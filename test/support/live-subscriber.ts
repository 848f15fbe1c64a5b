import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import {
  GroupUpdatesDocument,
  GroupUpdatesWithActionDocument,
  GroupUpdatesWithCaseAndActionDocument,
  GroupUpdatesWithCaseDocument,
  type GroupUpdatesSubscriptionVariables,
} from '../generated/graphql';
import type { ResponseError } from './app';
import { tokenFor } from './auth';
import { isRecord } from './narrow';
import { compareCursors } from './outbox';
import { subscribe } from './ws';

/** One event as a subscriber received it. */
export interface ReceivedEvent {
  cursor: string;
  type: string;
  groupId: string;
  caseId: string | null;
  /** Set when the subscription selects `action { id }`. */
  actionId: string | null;
  /** Date.now() when it arrived. */
  at: number;
  /** Which subscription (0 = the first, 1 = after the first resume...) delivered it. */
  attempt: number;
}

export interface SubscriberOptions {
  /** A label for logs. */
  name: string;
  /** http(s)://…/graphql of the hub to subscribe on. */
  url: string;
  /** The seeded account (e.g. seed:north-chair). */
  subject: string;
  locality: string;
  /** Start here; without it the subscription starts from "now". */
  since?: string;
  /** Also select `case { id }`. */
  withCase?: boolean;
  /** Also select `action { id }`. */
  withAction?: boolean;
  /** On an error or a lost socket, resubscribe with `since` = the last cursor received, until `stop()`. */
  autoResume?: boolean;
  /** Milliseconds between resubscribe attempts. */
  resumeDelayMs?: number;
  /** A token of its own (e.g. a short-lived one); default a fresh one-hour token per connection. */
  token?: () => Promise<string>;
}

/** What every variant of the subscription gives: each event, its case and action when they are asked for. */
interface UpdatePayload {
  taskingGroupUpdates: {
    cursor: string;
    type: string;
    group: { id: string };
    case?: { id: string } | null;
    action?: { id: string } | null;
  };
}

/** The subscription, asking for each event's case and action as the options say. */
function updatesDocument(withCase: boolean, withAction: boolean): TypedDocumentNode<UpdatePayload, GroupUpdatesSubscriptionVariables> {
  if (withCase) return withAction ? GroupUpdatesWithCaseAndActionDocument : GroupUpdatesWithCaseDocument;
  return withAction ? GroupUpdatesWithActionDocument : GroupUpdatesDocument;
}

/**
 * A graphql-ws client on the hub's socket that records everything one `taskingGroupUpdates`
 * subscription delivers, and can cut its socket and resume from its last cursor.
 */
export class LiveSubscriber {
  readonly events: ReceivedEvent[] = [];
  /** GraphQL errors received (in `next` or `error`), with when. */
  readonly errors: { error: ResponseError; at: number; attempt: number }[] = [];
  /** Socket-level failures (close events, connection errors). */
  readonly failures: { reason: string; at: number; attempt: number }[] = [];
  /** When each subscription ended and how. */
  readonly endings: { how: 'complete' | 'error'; at: number; attempt: number }[] = [];
  attempt = -1;
  private client?: Client;
  private stopped = false;
  private resumeTimer?: NodeJS.Timeout;
  private unsubscribe?: () => void;

  constructor(readonly options: SubscriberOptions) {}

  get lastCursor(): string | undefined {
    return this.events.length ? this.events[this.events.length - 1].cursor : this.options.since;
  }

  get active(): boolean {
    return !!this.client && !this.stopped;
  }

  /** Opens a new socket and subscribes from `since` (default: the last cursor received, else the option). */
  start(since: string | undefined = this.lastCursor): this {
    this.attempt += 1;
    const attempt = this.attempt;
    const { url, subject, locality, withCase, withAction } = this.options;
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      // The hub's own keep-alive pings are enough; no client pings to muddle the slow-consumer tests.
      connectionParams: async () => ({
        authorization: `Bearer ${this.options.token ? await this.options.token() : await tokenFor(subject)}`,
      }),
      on: {
        closed: (event) => {
          const e = event as { code?: number; reason?: string };
          if (this.client === client)
            this.failures.push({ reason: `closed ${e.code ?? '?'} ${e.reason ?? ''}`.trim(), at: Date.now(), attempt });
        },
        error: (err) => {
          if (this.client === client)
            this.failures.push({ reason: `socket error: ${err instanceof Error ? err.message : String(err)}`, at: Date.now(), attempt });
        },
      },
    });
    this.client = client;
    this.unsubscribe = subscribe(
      client,
      updatesDocument(!!withCase, !!withAction),
      { locality, since: since ?? null },
      {
        next: (value) => {
          if (this.client !== client) return;
          const at = Date.now();
          for (const error of value.errors ?? []) this.errors.push({ error, at, attempt });
          const u = value.data?.taskingGroupUpdates;
          if (u)
            this.events.push({
              cursor: u.cursor,
              type: u.type,
              groupId: u.group.id,
              caseId: u.case?.id ?? null,
              actionId: u.action?.id ?? null,
              at,
              attempt,
            });
        },
        error: (err) => {
          if (this.client !== client) return;
          const at = Date.now();
          // graphql-ws ends with an array when the server sent GraphQL errors, with anything else when the socket failed.
          if (Array.isArray(err)) for (const error of err as ResponseError[]) this.errors.push({ error, at, attempt });
          else this.failures.push({ reason: `subscription error: ${describe(err)}`, at, attempt });
          this.endings.push({ how: 'error', at, attempt });
          this.afterEnd(client);
        },
        complete: () => {
          if (this.client !== client) return;
          this.endings.push({ how: 'complete', at: Date.now(), attempt });
          this.afterEnd(client);
        },
      },
    );
    return this;
  }

  private afterEnd(client: Client): void {
    void client.dispose();
    if (this.client === client) this.client = undefined;
    if (this.options.autoResume && !this.stopped) {
      this.resumeTimer = setTimeout(() => {
        if (!this.stopped && !this.client) this.start();
      }, this.options.resumeDelayMs ?? 200);
    }
  }

  /** Cuts the socket abruptly, as a network failure would; nothing after this is recorded for it. */
  terminate(): void {
    const client = this.client;
    this.client = undefined;
    client?.terminate();
  }

  /** Closes the socket and stops resuming. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.resumeTimer);
    const client = this.client;
    this.client = undefined;
    this.unsubscribe?.();
    await client?.dispose();
  }

  /** Resolves once `condition` holds, or rejects after `ms` saying what it saw. */
  async waitFor(condition: (s: this) => boolean, what: string, ms = 30_000): Promise<void> {
    const until = Date.now() + ms;
    while (!condition(this)) {
      if (Date.now() > until) {
        throw new Error(
          `${this.options.name}: timed out waiting for ${what}; ${this.events.length} events, errors ${JSON.stringify(
            this.errors.slice(-3),
          )}, failures ${JSON.stringify(this.failures.slice(-3))}`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  // A close event: its code and reason.
  if (isRecord(err) && 'code' in err) return `close ${String(err.code)} ${typeof err.reason === 'string' ? err.reason : ''}`.trim();
  return String(err);
}

/** Problems with a subscriber's stream against what was committed: empty means exactly right. */
export function checkStream(received: ReceivedEvent[], expected: { cursor: string; channel: string }[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const e of received) seen.set(e.cursor, (seen.get(e.cursor) ?? 0) + 1);
  const duplicates = [...seen].filter(([, n]) => n > 1);
  if (duplicates.length)
    problems.push(
      `${duplicates.length} duplicate(s), e.g. ${duplicates
        .slice(0, 3)
        .map(([c, n]) => `${c}×${n}`)
        .join(', ')}`,
    );
  const want = new Map(expected.map((e) => [e.cursor, e.channel]));
  const missing = expected.filter((e) => !seen.has(e.cursor));
  if (missing.length)
    problems.push(
      `${missing.length} missing, e.g. ${missing
        .slice(0, 5)
        .map((e) => `${e.cursor}@${e.channel}`)
        .join(', ')}`,
    );
  const foreign = [...seen.keys()].filter((c) => !want.has(c));
  if (foreign.length)
    problems.push(`${foreign.length} not expected (another group's, or never committed), e.g. ${foreign.slice(0, 5).join(', ')}`);
  for (const e of received) {
    const channel = want.get(e.cursor);
    if (channel && channel !== `group:${e.groupId}`) {
      problems.push(`event ${e.cursor} is on ${channel} but was delivered as group ${e.groupId}`);
      break;
    }
  }
  for (let i = 1; i < received.length; i += 1) {
    if (compareCursors(received[i - 1].cursor, received[i].cursor) >= 0) {
      problems.push(`cursor ${received[i].cursor} came after ${received[i - 1].cursor}: not strictly increasing (at #${i})`);
      break;
    }
  }
  return problems;
}
