import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Disposable } from 'graphql-ws';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config';
import type { Context, ContextInput } from '../context';
import type { RequestDeadlines } from '../deadline';
import type { HubError } from '../errors';
import type { Logger } from '../logger';
import { bearerToken } from '../modules/access/access.service';
import { requestIds } from '../request-context';
import { cors } from './cors';
import { csvExportHandler, csvWhenAccepted, EXPORT_PATH } from './csv-export';
import { cacheHeadersPlugin, etagOf, httpCacheMiddleware, type HttpCacheDeps } from './http-cache';
import type { Pipeline } from './pipeline';

export const GRAPHQL_PATH = '/graphql';

/**
 * Step 1 of the pipeline for HTTP: refuses a document nested too deep to parse safely, before Apollo
 * parses it. Apollo treats an error thrown from its own hooks before parsing as its own fault (a
 * masked 500), so this runs as Express middleware and answers the 400 itself, in Apollo's shape.
 */
function nestingGuard(pipeline: Pipeline): express.RequestHandler {
  return (req, res, next) => {
    const body = req.body as unknown;
    const queries = [req.query.query, ...(Array.isArray(body) ? body : [body]).map((b) => (b as { query?: unknown } | undefined)?.query)];
    try {
      for (const query of queries) if (typeof query === 'string') pipeline.guard(query);
    } catch (err) {
      const error = err as HubError;
      res.status(400).json({ errors: [{ message: error.message, extensions: { ...error.extensions, http: undefined } }] });
      return;
    }
    next();
  };
}

/**
 * Step 6 of the pipeline for HTTP, once Apollo has parsed, validated and found the operation. A
 * refused request is answered as a whole with its code and HTTP status (the errors carry
 * `extensions.http`), and only a request that passes has its caller authenticated: a refused
 * request has run no SQL at all.
 */
function checksPlugin(pipeline: Pipeline): ApolloServerPlugin<Context> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        async didResolveOperation({ request, source, document, operation, contextValue }) {
          // No operation means the name matched none: execution reports that, so there is nothing to check.
          if (!operation) return;
          // `source` is the text that runs: the registered one when it came by hash.
          await pipeline.check({ query: source, document, operation, variables: request.variables }, { kind: 'http' }, () => contextValue);
        },
      }),
  };
}

/**
 * A request that failed for reasons that pass (its SQL stopped at the deadline, the database away)
 * answers 503, not 200 with errors: the formatter marks those errors `retryable`, and proxies, load
 * balancers and clients treat 503 as "try again later".
 */
const retryableStatusPlugin: ApolloServerPlugin<Context> = {
  requestDidStart: () =>
    Promise.resolve({
      willSendResponse: ({ response }) => {
        if (response.body.kind === 'single' && response.body.singleResult.errors?.some((e) => e.extensions?.retryable === true)) {
          response.http.status = 503;
        }
        return Promise.resolve();
      },
    }),
};

/** Answers a body Express could not read (too large, not JSON) in GraphQL's error shape, with a code. */
function bodyErrors(maxRequestBytes: number): ErrorRequestHandler {
  return (err: { status?: unknown; type?: unknown } | undefined, _req, res, next) => {
    const status = typeof err?.status === 'number' ? err.status : 500;
    if (status === 413) {
      res.status(413).json({
        errors: [
          { message: `The request body is larger than the limit of ${maxRequestBytes} bytes.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } },
        ],
      });
    } else if (status === 400 && err?.type === 'entity.parse.failed') {
      res.status(400).json({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
    } else {
      next(err);
    }
  };
}

export interface HttpDeps {
  config: Config;
  /** Trusted documents (sent by hash through Apollo's persisted queries) and what HTTP caching needs. */
  cache: HttpCacheDeps;
  pipeline: Pipeline;
  context: (input: ContextInput) => Promise<Context>;
  deadlines: RequestDeadlines;
  /** Drains the websockets when Apollo stops (they share the HTTP server). */
  sockets: Disposable;
}

/**
 * GraphQL over HTTP at /graphql, and its CSV export at /graphql/export: CORS for pages on CORS_ORIGINS, Express reads the body (size limit), names the request, guards its
 * nesting and starts its deadline; Apollo Server runs it through the pipeline's steps. Returns
 * Apollo, whose `stop()` drains HTTP and websocket connections.
 */
export async function installHttp(app: Express, httpServer: http.Server, deps: HttpDeps): Promise<ApolloServer<Context>> {
  const { config, pipeline } = deps;
  const apollo = new ApolloServer<Context>({
    schema: pipeline.schema,
    introspection: config.introspection,
    csrfPrevention: true,
    // Only registered documents are found by hash; nothing a client sends is stored (documents.store.ts).
    persistedQueries: { cache: deps.cache.documents.apolloCache() },
    // The entry point owns the process signals and closes everything in order.
    stopOnTerminationSignals: false,
    validationRules: pipeline.validationRules,
    parseOptions: pipeline.parseOptions,
    formatError: pipeline.formatError,
    includeStacktraceInErrorResponses: config.env !== 'production',
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      cacheHeadersPlugin,
      checksPlugin(pipeline),
      retryableStatusPlugin,
      { serverWillStart: () => Promise.resolve({ drainServer: async () => deps.sockets.dispose() }) },
    ],
  });
  await apollo.start();
  const exportDeps = { config, pipeline, context: deps.context, log: deps.cache.log };
  // Before /graphql, whose mount would otherwise take /graphql/export too. The same CORS, body limit,
  // request ids, nesting guard and deadline as /graphql; then the pipeline, page by page (csv-export.ts).
  app.use(
    EXPORT_PATH,
    cors(config),
    express.json({ limit: config.limits.maxRequestBytes }),
    requestIds(),
    nestingGuard(pipeline),
    deps.deadlines.middleware(),
    csvExportHandler(exportDeps),
  );
  app.use(
    GRAPHQL_PATH,
    // First, so that every answer an allowed page gets (a refused body, a 400, a 503) is one it can read.
    cors(config),
    express.json({ limit: config.limits.maxRequestBytes, type: ['application/json', 'application/graphql-response+json'] }),
    requestIds(),
    nestingGuard(pipeline),
    deps.deadlines.middleware(),
    csvWhenAccepted(exportDeps),
    httpCacheMiddleware(deps.cache),
    expressMiddleware(apollo, {
      // No SQL here: the caller is authenticated in the pipeline's check, once the request has passed the rest.
      context: ({ req, res }) => deps.context({ transport: 'http', token: bearerToken(req.headers.authorization), etag: etagOf(res) }),
    }),
  );
  app.use(bodyErrors(config.limits.maxRequestBytes));
  return apollo;
}

/** Starts listening; resolves with the port (a free one when `config.port` is 0) and the URL to print. */
export function listen(
  httpServer: http.Server,
  config: Pick<Config, 'port' | 'host'>,
  log: Logger,
): Promise<{ port: number; url: string }> {
  return new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', reject);
      const { port } = httpServer.address() as AddressInfo;
      const shownHost = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host) ? 'localhost' : config.host;
      const url = `http://${shownHost}:${port}${GRAPHQL_PATH}`;
      log.info(`Partnership Data Hub listening on ${url}`);
      resolve({ port, url });
    });
  });
}
