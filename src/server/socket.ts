import type { MikroORM } from '@mikro-orm/postgresql';
import { execute, type ExecutionArgs, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { Disposable } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Config } from '../config';
import type { ContextInput, Context } from '../context';
import { isDatabaseUnavailable, TooManyOperationsError } from '../errors';
import type { Logger } from '../logger';
import { bearerToken } from '../modules/access/access.service';
import type { ViewerCache } from '../modules/access/viewer-cache';
import type { WakeUpBus } from '../modules/live/live.wakeups';
import { GRAPHQL_PATH } from './http';
import type { SharedExecutions } from './live-execution';
import { socketOriginAllowed } from './cors';
import type { Pipeline } from './pipeline';
import { createSocketSessions, type SocketSession, type SocketSessions } from './sessions';

/** What the hub keeps on each websocket connection. */
interface SocketExtra extends Record<PropertyKey, unknown> {
  socket: WebSocket;
  /** Set once connection_init is accepted; graphql-ws runs no operation before that. */
  session?: SocketSession;
}

/**
 * How long a socket may stay open without sending connection_init (graphql-ws closes it with 4408).
 * graphql-ws's own default, written out so that it is a decision rather than an accident.
 */
const CONNECTION_INIT_WAIT_MS = 3_000;

/** How often each socket's unsent data is checked against MAX_SOCKET_BUFFER_BYTES. */
const SLOW_CONSUMER_CHECK_MS = 250;

/**
 * Cuts off a client that stops reading. graphql-ws waits for each message to be written before it
 * produces the next, so a stalled reader pauses its streams rather than piling events up in memory;
 * what does pile up is the socket's unsent data. Past the limit, the client is disconnected (it can
 * resubscribe with 'since' and lose nothing). Terminated at once rather than closed politely: a
 * client that does not read would never answer the closing handshake, and until the socket is gone
 * its subscriptions would keep producing into the void.
 */
function watchForSlowConsumer(socket: WebSocket, maxBufferedBytes: number, log: Logger): void {
  const timer = setInterval(() => {
    if (socket.bufferedAmount <= maxBufferedBytes) return;
    log.warn({ buffered: socket.bufferedAmount, limit: maxBufferedBytes }, 'Disconnecting a websocket client that stopped reading');
    clearInterval(timer);
    socket.close(4008, 'Slow consumer: too much unsent data; resubscribe with since');
    socket.terminate();
  }, SLOW_CONSUMER_CHECK_MS);
  timer.unref();
  socket.once('close', () => {
    clearInterval(timer);
  });
}

/**
 * Opens a connection's session once it has sent connection_init: authenticated once and kept
 * (sessions.ts), not re-read per operation. False refuses the connection.
 */
async function openSession(sessions: SocketSessions, extra: SocketExtra, params: Record<string, unknown> | undefined, log: Logger) {
  const token = bearerToken(params?.authorization ?? params?.Authorization ?? params?.token);
  let session: SocketSession | null;
  try {
    session = await sessions.open(extra.socket, token);
  } catch (err) {
    // Thrown on, graphql-ws would close with the error's own message (a host and port, say). The
    // client gets a generic reason; the log gets the error. 1013 ("try again later") is one
    // graphql-ws clients retry; 1011 is a server fault they do not.
    const unavailable = isDatabaseUnavailable(err);
    log.error({ err }, unavailable ? 'database unavailable while opening a websocket' : 'unexpected error while opening a websocket');
    extra.socket.close(unavailable ? 1013 : 1011, unavailable ? 'Service unavailable; try again shortly.' : 'Internal server error.');
    return false;
  }
  if (!session) return false;
  extra.session = session;
  return true;
}

export interface SocketDeps {
  config: Config;
  log: Logger;
  pipeline: Pipeline;
  context: (input: ContextInput) => Promise<Context>;
  orm: MikroORM;
  viewers: ViewerCache;
  bus: WakeUpBus;
  /** How subscriptions' events are executed: once per event, operation and access scope. */
  executions: SharedExecutions;
}

/**
 * GraphQL over websockets (graphql-ws) at /graphql on `httpServer`: each connection authenticated
 * once, each operation through the pipeline's steps, at most MAX_OPERATIONS_IN_FLIGHT_PER_SOCKET
 * running per connection. Returns what drains it.
 */
export function installSockets(httpServer: http.Server, deps: SocketDeps): Disposable {
  const { config, log, pipeline } = deps;
  const originAllowed = socketOriginAllowed(config);
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: GRAPHQL_PATH,
    maxPayload: config.limits.maxRequestBytes,
    // Refused with 403 before the socket opens: a page elsewhere never gets to send a token.
    verifyClient: ({ req }, done) => {
      const allowed = originAllowed(req);
      // Said in the log so that an operator whose dashboard cannot connect sees which origin to add.
      if (!allowed) log.info({ origin: req.headers.origin }, 'Refused a websocket from an origin not in CORS_ORIGINS');
      done(allowed, 403, 'Origin not allowed (see CORS_ORIGINS)');
    },
  });
  wsServer.on('connection', (socket) => {
    watchForSlowConsumer(socket, config.limits.maxSocketBufferBytes, log);
  });
  const sessions = createSocketSessions(deps);
  // The session each started operation counts against, until its execution ends (see `finishing`).
  const running = new WeakMap<object, SocketSession>();
  /**
   * Runs an operation's execution and then gives its place back. A query or mutation holds its
   * place until its result exists; a subscription until its stream has started, from when
   * MAX_SUBSCRIPTIONS_PER_CONNECTION counts it instead.
   */
  const finishing = (run: typeof execute | SharedExecutions['subscribe']) => async (args: ExecutionArgs) => {
    try {
      return await run(args);
    } finally {
      running.get(args.contextValue as object)?.release();
      running.delete(args.contextValue as object);
    }
  };
  const format = (errors: readonly { toJSON(): GraphQLFormattedError }[]) => errors.map((e) => pipeline.formatError(e.toJSON(), e));
  const server = useServer<Record<string, unknown>, SocketExtra>(
    {
      schema: pipeline.schema,
      connectionInitWaitTimeout: CONNECTION_INIT_WAIT_MS,
      execute: finishing(execute),
      subscribe: finishing(deps.executions.subscribe),
      onConnect: (ctx) => openSession(sessions, ctx.extra, ctx.connectionParams, log),
      onSubscribe: async (ctx, _id, payload) => {
        // Counted before any parsing, so a socket sending thousands at once is refused cheaply
        // rather than queueing them all for the database ahead of everyone else.
        const session = ctx.extra.session;
        if (!session) throw new Error('graphql-ws ran an operation before accepting connection_init');
        if (!session.tryAcquire()) return [new TooManyOperationsError(config.limits.maxOperationsInFlightPerSocket)];
        let started = false;
        try {
          const transport = { kind: 'socket', subscriptionsOpen: Object.keys(ctx.subscriptions).length } as const;
          const args = await pipeline.prepare(payload, transport, async () =>
            deps.context({ transport: 'socket', ...(await session.current()) }),
          );
          if (Array.isArray(args)) return args;
          running.set(args.contextValue, session);
          started = true;
          return args;
        } finally {
          if (!started) session.release();
        }
      },
      onError: (_ctx, _id, _payload, errors) => format(errors),
      onNext: (_ctx, _id, _payload, _args, result: ExecutionResult) =>
        result.errors ? { ...result, errors: format(result.errors) } : undefined,
    },
    wsServer,
  );
  return {
    dispose: async () => {
      sessions.stop();
      await server.dispose();
    },
  };
}
