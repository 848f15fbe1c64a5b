import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Context, ContextInput } from '../context';
import { isDatabaseUnavailable } from '../errors';
import type { Viewer } from '../modules/access/viewer';
import { encodeCursor } from '../modules/live/live.cursor';
import type { StreamItem } from '../modules/live/live.stream';

/** How long an event's shared result is kept for subscribers that reach it later (a slow socket, a replay catching up). */
const SHARED_RESULT_MS = 5_000;

export interface SharedExecutions {
  /** graphql-ws's `subscribe`: graphql-js's, except that events are executed through the shared results. */
  subscribe: (args: ExecutionArgs) => Promise<AsyncGenerator<ExecutionResult> | ExecutionResult>;
  /** Executions run for events so far, and how many subscribers took a result another had run. */
  readonly stats: { executions: number; shared: number };
}

/**
 * What a subscriber's resolvers can tell about it: the account, its kind, organisation, roles and
 * memberships, not its credential or name. Results are shared only between subscribers with the
 * same scope, so between sockets of one account: any field may read who asks, not only what they
 * may see (a personal-data read writes an audit row naming the reader; an account's memberships are
 * visible to the account itself), so two accounts never share one execution.
 */
function scopeOf(viewer: Viewer | null): string {
  if (!viewer) return 'anonymous';
  const memberships = viewer.memberships.map((m) => `${m.groupId}:${m.role}`).sort();
  return JSON.stringify([viewer.userId, viewer.kind, viewer.partnerId, [...viewer.roles].sort(), memberships]);
}

type EventItem = Extract<StreamItem, { event: unknown }>;

/** Whether an execution failed because the database could not be reached. */
function unavailable(result: ExecutionResult): boolean {
  return result.errors?.some((e) => isDatabaseUnavailable(e.originalError) || e.extensions.code === 'SERVICE_UNAVAILABLE') ?? false;
}

function isEvent(payload: unknown): payload is EventItem {
  return typeof payload === 'object' && payload !== null && 'event' in payload;
}

/**
 * One execution per event per distinct operation (document, operation name, variables) and access
 * scope: the first subscriber to reach an event runs it in a fresh context (its own EntityManager
 * and loaders, made once for all who share it), the others take its result. Items that end a
 * stream (a guard's error) are each subscriber's own and run on its own context.
 */
export function createSharedExecutions(context: (input: ContextInput) => Promise<Context>): SharedExecutions {
  const results = new Map<string, Promise<ExecutionResult>>();
  const expiring: { key: string; at: number }[] = [];
  const stats = { executions: 0, shared: 0 };
  let sweeper: NodeJS.Timeout | undefined;

  const sweep = () => {
    const now = Date.now();
    while (expiring.length && expiring[0].at <= now) {
      const entry = expiring.shift();
      if (entry) results.delete(entry.key);
    }
    sweeper = expiring.length ? setTimeout(sweep, Math.max(10, expiring[0].at - now)) : undefined;
    sweeper?.unref();
  };

  const run = (args: ExecutionArgs, payload: EventItem, operationKey: string): Promise<ExecutionResult> => {
    const own = args.contextValue as Context;
    const key = `${encodeCursor(payload.event.cursor)} ${scopeOf(own.viewer)} ${operationKey}`;
    const cached = results.get(key);
    if (cached) {
      stats.shared += 1;
      return cached;
    }
    stats.executions += 1;
    const result = (async () => {
      const contextValue = await context({ transport: 'socket', viewer: own.viewer });
      const executed = await execute({ ...args, rootValue: payload, contextValue });
      // Not kept for others: each of them ends too, and the replay it resumes with must run afresh.
      if (unavailable(executed)) results.delete(key);
      return executed;
    })();
    results.set(key, result);
    expiring.push({ key, at: Date.now() + SHARED_RESULT_MS });
    if (!sweeper) {
      sweeper = setTimeout(sweep, SHARED_RESULT_MS);
      sweeper.unref();
    }
    return result;
  };

  return {
    stats,
    async subscribe(args) {
      const source = await createSourceEventStream(args);
      if (!(Symbol.asyncIterator in source)) return source;
      const operationKey = JSON.stringify([print(args.document), args.operationName ?? null, args.variableValues ?? null]);
      const events = source[Symbol.asyncIterator]();
      const map = async (payload: unknown): Promise<ExecutionResult> =>
        isEvent(payload) ? run(args, payload, operationKey) : execute({ ...args, rootValue: payload });
      let ending = false;
      const stream: AsyncGenerator<ExecutionResult> = {
        async next() {
          if (ending) {
            await events.return?.();
            return { done: true, value: undefined };
          }
          const item = await events.next();
          if (item.done) return { done: true, value: undefined };
          const value = await map(item.value);
          // An event whose reads found the database away cannot be answered: the client gets the
          // error and the stream completes, so it resubscribes with the last cursor it has and the
          // event is replayed, rather than the stream going on past it.
          if (unavailable(value)) ending = true;
          return { done: false, value };
        },
        async return() {
          await events.return?.();
          return { done: true, value: undefined };
        },
        async throw(err: unknown) {
          await events.return?.();
          throw err;
        },
        [Symbol.asyncIterator]() {
          return this;
        },
        async [Symbol.asyncDispose]() {
          await events.return?.();
        },
      };
      return stream;
    },
  };
}
