import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import express, { type ErrorRequestHandler } from 'express';
import {
  GraphQLError,
  Kind,
  getOperationAST,
  type FragmentDefinitionNode,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadSeeds } from '../seeds/load';
import { loadPublishedSeeds } from '../seeds/published';
import type { Config } from './config';
import { createContextFactory, type Context } from './context';
import { openDatabase, type DatabaseHandle } from './database';
import { createErrorFormatter, HubError } from './errors';
import { graphiqlRouter, wantsGraphiql } from './graphiql';
import { checkCost, extraValidationRules } from './limits';
import { RequestDeadlines } from './deadline';
import { createLogger, type Logger } from './logger';
import { APP_ROLE, openOrm } from './orm';
import { createHubPubSub, dataRefreshedListener } from './pubsub';
import type { PgListener } from './listen';
import { col, selectOne } from './rows';
import { buildHubSchema } from './schema';
import { checkOperationAccess } from './auth';
import { DEV_GRAPHIQL_SUBJECT, hubJobs, printDevCredentials } from './jobs';
import { authenticate, bearerToken } from './modules/access/access.service';
import { createTokenVerifier } from './modules/access/tokens';
import { startScheduler, type Scheduler } from './scheduler';
import { requestIds } from './request-context';
import { createWakeUpBus, type WakeUpBus } from './wakeups';
import type { SocketIdentity } from './context';

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
  identity?: SocketIdentity;
  authError?: HubError;
}

/** A copy of a GraphQL error with `extensions.code` set, unless it already has one (the hub's own errors do). */
function withCode(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions?.code) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
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
  socket.once('close', () => clearInterval(timer));
}

/** How often each socket's unsent data is checked against MAX_SOCKET_BUFFER_BYTES. */
const SLOW_CONSUMER_CHECK_MS = 250;

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  return Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
}

/**
 * Prices the operation, then lets the context authenticate the caller: in that order, so that an
 * operation refused for its cost (or, earlier, its depth or aliases) has run no SQL at all.
 */
function costPlugin(maxCost: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation, contextValue }) {
          // No operation means the name matched none: execution reports that, so there is nothing to cost.
          if (!operation) return;
          checkCost(schema, document, request.variables, operation.name?.value, maxCost);
          await contextValue.ready();
        },
      };
    },
  };
}

/**
 * A request whose SQL was stopped at its deadline answers 503 (retryable), not 200 with errors: the
 * hub was protecting itself, and proxies and clients treat 503 as "try again later".
 */
const timeoutStatusPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        if (response.body.singleResult.errors?.some((e) => e.extensions?.code === 'REQUEST_TIMEOUT')) response.http.status = 503;
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
  const log = options.log ?? createLogger(config.log);
  const database = await openDatabase(config, log);
  let orm: MikroORM | undefined;
  let bridge: PgListener | undefined;
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
    const pubsub = createHubPubSub();
    bridge = dataRefreshedListener(database.url, pubsub, log);
    await bridge.start();
    const schema = await buildHubSchema(pubsub);
    const contextFactory = createContextFactory(orm, config, verifier, bus);
    scheduler = startScheduler(orm, hubJobs(config, bus), log);
    if (config.auth.devTokens) await printDevCredentials(orm, verifier, log);
    const formatError = createErrorFormatter(log);
    const rules = extraValidationRules(config);

    const app = express();
    app.disable('x-powered-by');
    const httpServer = http.createServer(app);

    const wsServer = new WebSocketServer({
      server: httpServer,
      path: GRAPHQL_PATH,
      maxPayload: config.limits.maxRequestBytes,
    });
    wsServer.on('connection', (socket) => watchForSlowConsumer(socket, config.limits.maxSocketBufferBytes, log));
    const sockets = useServer<Record<string, unknown>, SocketExtra>(
      {
        schema,
        onConnect: async (ctx) => {
          // Authenticated once per connection; each operation then reloads the account, so a
          // revoked membership or a disabled account counts from the next operation on.
          const token = bearerToken(ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization ?? ctx.connectionParams?.token);
          if (!token) return true;
          try {
            const viewer = await authenticate(orm!.em.fork() as EntityManager, verifier, token);
            ctx.extra.identity = { userId: viewer.userId, credential: viewer.credential, expiresAt: viewer.expiresAt };
          } catch (err) {
            if (!(err instanceof HubError)) throw err;
            ctx.extra.authError = err;
          }
          return true;
        },
        onSubscribe: async (ctx, _id, payload) => {
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
            return [new GraphQLError(payload.operationName ? `Unknown operation named "${payload.operationName}".` : 'Name the operation to run.')];
          }
          try {
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
            contextValue = await contextFactory({ transport: 'socket', identity: ctx.extra.identity, authError: ctx.extra.authError });
          } catch (err) {
            // Not the caller's fault (the database, say): reported masked, like any unexpected error.
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
        },
        onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
        onNext: (_ctx, _id, _payload, _args, result: ExecutionResult) =>
          result.errors
            ? { ...result, errors: result.errors.map((e): GraphQLFormattedError => formatError(e.toJSON(), e)) }
            : undefined,
      },
      wsServer,
    );

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
        costPlugin(config.limits.maxCost),
        timeoutStatusPlugin,
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

    // In development GraphiQL opens signed in as the seeded analyst, so it works out of the box.
    const graphiql = graphiqlRouter(
      GRAPHQL_PATH,
      config.auth.devTokens && verifier.signDevToken
        ? async () => JSON.stringify({ Authorization: `Bearer ${await verifier.signDevToken!(DEV_GRAPHIQL_SUBJECT)}` }, null, 2)
        : undefined,
    );
    if (config.graphiql) app.use(graphiql.router);
    app.use(
      GRAPHQL_PATH,
      (req, res, next) => (config.graphiql && wantsGraphiql(req) ? graphiql.page(res) : next()),
      express.json({ limit: config.limits.maxRequestBytes, type: ['application/json', 'application/graphql-response+json'] }),
      requestIds(),
      deadlines.middleware(),
      expressMiddleware(apollo, {
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
    const openBridge = bridge;
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
          await openBridge.stop();
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
    await bridge?.stop().catch(() => {});
    await orm?.close().catch(() => {});
    await database.stop().catch(() => {});
    throw err;
  }
}
