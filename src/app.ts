import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type ErrorRequestHandler } from 'express';
import {
  GraphQLError,
  Kind,
  execute,
  getOperationAST,
  subscribe,
  type FragmentDefinitionNode,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Config } from './config';
import { createContextFactory, type Context } from './context';
import { openDatabase, type DatabaseHandle } from './database';
import { createErrorFormatter, HubError, isDatabaseUnavailable, ServiceUnavailableError, TooManyOperationsError } from './errors';
import { checkNesting, checkTextArguments, refuseSubscriptionOverHttp, variableErrors } from './request-checks';
import { graphiqlRouter, wantsGraphiql } from './graphiql';
import { checkCost, extraValidationRules } from './limits';
import { RequestDeadlines } from './deadline';
import { createLogger, withSafeErrors, type Logger } from './logger';
import { APP_ROLE, openOrm } from './orm';
import { col, selectOne } from './rows';
import { buildHubSchema } from './schema';
import { checkOperationAccess } from './auth';
import { DEV_GRAPHIQL_SUBJECT, hubJobs, printDevCredentials } from './jobs';
import { bearerToken } from './modules/access/access.service';
import { createTokenVerifier } from './modules/access/tokens';
import { startScheduler, type Scheduler } from './scheduler';
import { requestIds } from './request-context';
import { createWakeUpBus, type WakeUpBus } from './modules/live/live.wakeups';
import { createSocketSessions, type SocketSession } from './sockets';

export const GRAPHQL_PATH = '/graphql';

export interface AppHandle {
  /** The GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  readonly url: string;
  readonly port: number;
  /** The ORM requests use: its connections run as `hub_app`, so row-level security applies. */
  readonly orm: MikroORM;
  /** Runs the jobs that run once across all processes (overdue actions, retention), e.g. from a test. */
  readonly scheduler: Scheduler;
  /** The wake-up bus live subscriptions listen on. */
  readonly bus: WakeUpBus;
  readonly schema: GraphQLSchema;
  readonly database: DatabaseHandle;
  /** Drains HTTP and websocket connections, closes the ORM, then stops an embedded database. */
  close(): Promise<void>;
}

export interface AppOptions {
  log?: Logger;
}

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

/** A copy of a GraphQL error with `extensions.code` set, unless it already has one (the hub's own errors do). */
function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions?.code) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}

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

/** How often each socket's unsent data is checked against MAX_SOCKET_BUFFER_BYTES. */
const SLOW_CONSUMER_CHECK_MS = 250;

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  return Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
}

/**
 * Refuses a document nested too deep to parse safely, before Apollo parses it. Apollo treats an
 * error thrown from its own hooks before parsing as its own fault (a masked 500), so this runs as
 * Express middleware and answers the 400 itself, in Apollo's shape.
 */
function nestingGuard(maxTokens: number): express.RequestHandler {
  return (req, res, next) => {
    const body = req.body as unknown;
    const queries = [req.query?.query, ...(Array.isArray(body) ? body : [body]).map((b) => (b as { query?: unknown } | undefined)?.query)];
    try {
      for (const query of queries) if (typeof query === 'string') checkNesting(query, maxTokens);
    } catch (err) {
      const error = err as HubError;
      res.status(400).json({ errors: [{ message: error.message, extensions: { ...error.extensions, http: undefined } }] });
      return;
    }
    next();
  };
}

/**
 * The checks an HTTP request passes before it runs (the socket makes the same ones in onSubscribe):
 * the operation's kind, its text and its cost (nesting is checked before Apollo parses, in
 * `nestingGuard`). Each refuses the request as a whole with a code and HTTP 400 (the errors carry
 * `extensions.http`), and only then does the context authenticate the caller: a refused request has
 * run no SQL at all.
 */
function requestChecksPlugin(limits: Config['limits']): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation, contextValue }) {
          // No operation means the name matched none: execution reports that, so there is nothing to check.
          if (!operation) return;
          refuseSubscriptionOverHttp(operation);
          checkTextArguments(document, request.variables);
          checkCost(schema, document, request.variables, operation.name?.value, limits.maxCost);
          try {
            await contextValue.ready();
          } catch (err) {
            // Signing in reads the account: with the database away that is a 503 to retry, not a 500.
            if (!isDatabaseUnavailable(err)) throw err;
            throw new ServiceUnavailableError();
          }
        },
      };
    },
  };
}

/**
 * A request that failed for reasons that pass (its SQL stopped at the deadline, the database away)
 * answers 503, not 200 with errors: the formatter marks those errors `retryable`, and proxies, load
 * balancers and clients treat 503 as "try again later".
 */
const retryableStatusPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        if (response.body.singleResult.errors?.some((e) => e.extensions?.retryable === true)) response.http.status = 503;
      },
    };
  },
};

/** The client-facing copy of an error: `extensions.http` only steers Apollo's status code. */
function forSocket(error: GraphQLError): GraphQLError {
  if (!(error instanceof HubError) || !error.extensions.http) return error;
  const { http: _status, ...extensions } = error.extensions;
  return new GraphQLError(error.message, { extensions });
}

async function migrateAndSeed(orm: MikroORM, databaseUrl: string, config: Config, log: Logger): Promise<void> {
  log.info('Applying database migrations');
  const applied = await orm.getMigrator().up();
  log.info(applied.length ? `Applied ${applied.length} migration(s)` : 'Database schema is up to date');
  if (!config.seedOnEmpty) return;
  const { n } = await selectOne(orm.em.getConnection(), { n: col.int }, 'select count(*) as n from locality');
  if (n > 0) return;
  log.info('The database is empty: loading the seed data');
  // Loaded here, on the one path that seeds, so a hub that does not seed (production) never loads the
  // seed code. require, not import(): the hub is CommonJS, and jest runs it without ES module support.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { loadSeeds } = require('../seeds/load') as typeof import('../seeds/load');
  const { loadPublishedSeeds } = require('../seeds/published') as typeof import('../seeds/published');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const counts = await loadSeeds(orm.em.fork(), { log });
  const imported = await loadPublishedSeeds(databaseUrl, log);
  const rows = Object.values(counts).reduce((a, b) => a + b, 0) + imported.reduce((n, i) => n + i.loaded, 0);
  log.info(`Seeded ${rows} rows`);
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Builds and starts the whole hub: database (embedded unless DATABASE_URL), migrations, seeds when
 * empty, GraphQL over HTTP and websockets, GraphiQL and health checks. Nothing happens on import.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<AppHandle> {
  // A logger passed in (a test's) gets the same error serializer as the hub's own: no row contents in logs.
  const log = withSafeErrors(options.log ?? createLogger(config.log));
  const database = await openDatabase(config, log);
  let orm: MikroORM | undefined;
  let bus: WakeUpBus | undefined;
  let scheduler: Scheduler | undefined;
  try {
    // Migrations and seeds run as the owner; requests run as hub_app, which row-level security binds.
    const owner = await openOrm({ clientUrl: database.url, poolMax: 2, log });
    try {
      await migrateAndSeed(owner, database.url, config, log);
    } finally {
      await owner.close();
    }
    const deadlines = new RequestDeadlines(config.limits.requestTimeoutMs, log);
    orm = await openOrm({
      clientUrl: database.url,
      poolMax: config.dbPoolMax,
      log,
      role: APP_ROLE,
      statementTimeoutMs: config.limits.statementTimeoutMs,
      onConnection: deadlines.onConnection,
    });
    deadlines.watch(orm);
    const verifier = await createTokenVerifier(config.auth, log);
    bus = createWakeUpBus({ databaseUrl: database.url, redisUrl: config.redisUrl, log });
    await bus.start();
    log.info(`Live updates wake other processes through ${bus.kind === 'redis' ? 'Redis' : 'PostgreSQL LISTEN/NOTIFY'}`);
    const schema = await buildHubSchema();
    const contextFactory = createContextFactory(orm, config, verifier, bus);
    scheduler = startScheduler(orm, hubJobs(config, bus), log);
    if (config.auth.devTokens) await printDevCredentials(orm, verifier, log);
    const formatError = createErrorFormatter(log, { production: config.env === 'production' });
    const rules = extraValidationRules(config);

    const app = express();
    app.disable('x-powered-by');
    const httpServer = http.createServer(app);

    const wsServer = new WebSocketServer({
      server: httpServer,
      path: GRAPHQL_PATH,
      maxPayload: config.limits.maxRequestBytes,
    });
    wsServer.on('connection', (socket) => {
      watchForSlowConsumer(socket, config.limits.maxSocketBufferBytes, log);
    });
    const sessions = createSocketSessions({ orm, verifier, bus, config, log });
    // The session each started operation counts against, until its execution ends (see `finishing`).
    const running = new WeakMap<object, SocketSession>();
    /**
     * Runs an operation's execution and then gives its place back. A query or mutation holds its
     * place until its result exists; a subscription until its stream has started, from when
     * MAX_SUBSCRIPTIONS_PER_CONNECTION counts it instead.
     */
    const finishing = (run: typeof execute | typeof subscribe) => async (args: ExecutionArgs) => {
      try {
        return await run(args);
      } finally {
        running.get(args.contextValue as object)?.release();
        running.delete(args.contextValue as object);
      }
    };
    const sockets = useServer<Record<string, unknown>, SocketExtra>(
      {
        schema,
        connectionInitWaitTimeout: CONNECTION_INIT_WAIT_MS,
        execute: finishing(execute),
        subscribe: finishing(subscribe),
        onConnect: async (ctx) => {
          // Authenticated once per connection and kept (src/sockets.ts), not re-read per operation.
          const token = bearerToken(
            ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization ?? ctx.connectionParams?.token,
          );
          let session: SocketSession | null;
          try {
            session = await sessions.open(ctx.extra.socket, token);
          } catch (err) {
            // Thrown on, graphql-ws would close with the error's own message (a host and port, say).
            // The client gets a generic reason; the log gets the error. 1013 ("try again later") is
            // one graphql-ws clients retry; 1011 is a server fault they do not.
            const unavailable = isDatabaseUnavailable(err);
            log.error(
              { err },
              unavailable ? 'database unavailable while opening a websocket' : 'unexpected error while opening a websocket',
            );
            ctx.extra.socket.close(
              unavailable ? 1013 : 1011,
              unavailable ? 'Service unavailable; try again shortly.' : 'Internal server error.',
            );
            return false;
          }
          if (!session) return false;
          ctx.extra.session = session;
          return true;
        },
        onSubscribe: async (ctx, _id, payload) => {
          // Counted before any parsing, so a socket sending thousands at once is refused cheaply
          // rather than queueing them all for the database ahead of everyone else.
          const session = ctx.extra.session!;
          if (!session.tryAcquire()) return [new TooManyOperationsError(config.limits.maxOperationsInFlightPerSocket)];
          let started = false;
          try {
            const args = await prepare(ctx, payload, session);
            if (Array.isArray(args)) return args;
            running.set(args.contextValue, session);
            started = true;
            return args;
          } finally {
            if (!started) session.release();
          }
        },
        onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
        onNext: (_ctx, _id, _payload, _args, result: ExecutionResult) =>
          result.errors ? { ...result, errors: result.errors.map((e): GraphQLFormattedError => formatError(e.toJSON(), e)) } : undefined,
      },
      wsServer,
    );

    /** Checks an operation sent over a socket and builds its context, or says why it cannot run. */
    async function prepare(
      ctx: { subscriptions: Record<string, unknown> },
      payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
      session: SocketSession,
    ): Promise<GraphQLError[] | (ExecutionArgs & { contextValue: Context })> {
      try {
        checkNesting(payload.query, config.limits.maxTokens);
      } catch (err) {
        return [forSocket(err as GraphQLError)];
      }
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: config.limits.maxTokens });
      } catch (err) {
        // The codes Apollo gives the same failures over HTTP.
        return [withCode(err as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
      }
      const errors = validate(schema, document, [...specifiedRules, ...rules]);
      if (errors.length) return errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) {
        return [
          new GraphQLError(payload.operationName ? `Unknown operation named "${payload.operationName}".` : 'Name the operation to run.'),
        ];
      }
      // Over HTTP Apollo coerces variables before executing and answers BAD_USER_INPUT; here the
      // same is done before the cost check reads them.
      const badVariables = variableErrors(schema, operation, payload.variables);
      if (badVariables.length) return badVariables;
      try {
        checkTextArguments(document, payload.variables);
        checkCost(schema, document, payload.variables ?? undefined, operation.name?.value, config.limits.maxCost);
      } catch (err) {
        return [forSocket(err as GraphQLError)];
      }
      // graphql-ws has already registered this operation, so it is one of those counted here.
      if (operation.operation === 'subscription' && Object.keys(ctx.subscriptions).length > config.limits.maxSubscriptionsPerConnection) {
        return [
          new HubError(
            `This connection already has ${config.limits.maxSubscriptionsPerConnection} subscriptions open, the most allowed; complete one first.`,
            'TOO_MANY_SUBSCRIPTIONS',
          ),
        ];
      }
      let contextValue: Context;
      try {
        contextValue = await contextFactory({ transport: 'socket', ...(await session.current()) });
      } catch (err) {
        // Not the caller's fault: the database being away is said (and retryable); anything else is masked.
        if (isDatabaseUnavailable(err)) return [forSocket(new ServiceUnavailableError())];
        return [new GraphQLError('Could not start the operation.', { originalError: err as Error })];
      }
      if (operation.operation === 'subscription') {
        // Checked before the stream starts, so a caller without access never gets a stream.
        try {
          checkOperationAccess(operation, fragmentsOf(document), contextValue);
        } catch (err) {
          return [forSocket(err as GraphQLError)];
        }
      }
      return { schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue };
    }

    const apollo = new ApolloServer<Context>({
      schema,
      introspection: config.introspection,
      csrfPrevention: true,
      // main.ts owns the process signals and closes everything in order.
      stopOnTerminationSignals: false,
      validationRules: rules,
      parseOptions: { maxTokens: config.limits.maxTokens },
      formatError,
      includeStacktraceInErrorResponses: config.env !== 'production',
      plugins: [
        ApolloServerPluginDrainHttpServer({ httpServer }),
        ApolloServerPluginLandingPageDisabled(),
        requestChecksPlugin(config.limits),
        retryableStatusPlugin,
        {
          async serverWillStart() {
            return { drainServer: async () => sockets.dispose() };
          },
        },
      ],
    });
    await apollo.start();

    app.get('/healthz', (_req, res) => {
      res.json({ status: 'ok' });
    });
    const ormForReady = orm;
    app.get('/readyz', async (_req, res) => {
      const check = await ormForReady.checkConnection();
      res.status(check.ok ? 200 : 503).json(check.ok ? { status: 'ready' } : { status: 'unavailable', reason: 'database unreachable' });
    });

    // In development GraphiQL opens signed in as the seeded analyst, so it works out of the box (for
    // browsers on this machine only; see graphiql.ts).
    const graphiql = graphiqlRouter(
      GRAPHQL_PATH,
      config.auth.devTokens && verifier.signDevToken
        ? async () => JSON.stringify({ Authorization: `Bearer ${await verifier.signDevToken!(DEV_GRAPHIQL_SUBJECT)}` }, null, 2)
        : undefined,
    );
    if (config.graphiql) app.use(graphiql.router);
    app.use(
      GRAPHQL_PATH,
      (req, res, next) => (config.graphiql && wantsGraphiql(req) ? graphiql.page(req, res) : next()),
      express.json({ limit: config.limits.maxRequestBytes, type: ['application/json', 'application/graphql-response+json'] }),
      requestIds(),
      nestingGuard(config.limits.maxTokens),
      deadlines.middleware(),
      expressMiddleware(apollo, {
        // No SQL here: the caller is authenticated in `ready()`, once the request has passed its checks.
        context: ({ req }) => contextFactory({ transport: 'http', token: bearerToken(req.headers.authorization) }),
      }),
    );
    const bodyErrors: ErrorRequestHandler = (err, _req, res, next) => {
      const status = typeof err?.status === 'number' ? err.status : 500;
      if (status === 413) {
        res.status(413).json({
          errors: [
            {
              message: `The request body is larger than the limit of ${config.limits.maxRequestBytes} bytes.`,
              extensions: { code: 'PAYLOAD_TOO_LARGE' },
            },
          ],
        });
      } else if (status === 400 && err?.type === 'entity.parse.failed') {
        res.status(400).json({
          errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }],
        });
      } else {
        next(err);
      }
    };
    app.use(bodyErrors);

    const port = await listen(httpServer, config.port, config.host);
    const shownHost = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host) ? 'localhost' : config.host;
    const url = `http://${shownHost}:${port}${GRAPHQL_PATH}`;
    log.info(`Partnership Data Hub listening on ${url}`);

    let closing: Promise<void> | undefined;
    const openOrmHandle = orm;
    const openBus = bus;
    const openScheduler = scheduler;
    return {
      url,
      port,
      orm,
      schema,
      database,
      scheduler,
      bus,
      close() {
        closing ??= (async () => {
          log.info('Shutting down: draining connections');
          await openScheduler.stop();
          await apollo.stop();
          await openBus.stop();
          await openOrmHandle.close();
          await database.stop();
          log.info('Stopped');
        })();
        return closing;
      },
    };
  } catch (err) {
    await scheduler?.stop().catch(() => {});
    await bus?.stop().catch(() => {});
    await orm?.close().catch(() => {});
    await database.stop().catch(() => {});
    throw err;
  }
}
