import express, { type Express, type Request, type Response, type Router } from 'express';
import path from 'node:path';
import type { Config } from '../config';
import { DEV_GRAPHIQL_SUBJECT } from '../jobs';
import { fromThisMachine } from '../loopback';
import type { TokenVerifier } from '../modules/access/tokens';
import { EXPORT_PATH } from './csv-export';
import { GRAPHQL_PATH } from './http';
import { escapeAttribute, PAGE_CSP } from './pages';

// GraphiQL and what it needs, served from the hub's own node_modules: no CDN, so it works on a
// council network that blocks them and on a machine with no internet at all.
// A Map, not an object literal: a request for /graphiql/assets/toString must find nothing.
const ASSETS = new Map<string, { module: string; type: string }>([
  ['react.js', { module: 'react/umd/react.production.min.js', type: 'text/javascript' }],
  ['react-dom.js', { module: 'react-dom/umd/react-dom.production.min.js', type: 'text/javascript' }],
  ['graphql-ws.js', { module: 'graphql-ws/umd/graphql-ws.min.js', type: 'text/javascript' }],
  ['graphiql.js', { module: 'graphiql/graphiql.min.js', type: 'text/javascript' }],
  ['graphiql.css', { module: 'graphiql/graphiql.min.css', type: 'text/css' }],
]);

/**
 * The packages' `exports` maps do not list their UMD builds or CSS, so `require.resolve` of those
 * paths throws ERR_PACKAGE_PATH_NOT_EXPORTED: find each package's folder from its package.json.
 */
function assetPath(module: string): string {
  const [pkg, ...file] = module.split('/');
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), ...file);
}

const DEFAULT_QUERY = `# Partnership Data Hub: one graph of the borough's places and partners.
# Press the play button (or Ctrl-Enter) to run a query. Open "Docs" for every type and field.
# Every figure names its source; illustrative figures say so.

query WardsByLocality {
  localities {
    name
    wards {
      code
      name
      profile {
        population { total }
        deprivation { imdScore rankInBorough shareInMostDeprivedDecile }
      }
    }
  }
}
`;

// Runs in the browser. Kept as a separate file (not inline) so the page's CSP can forbid inline scripts.
const INIT_SCRIPT = `(function () {
  var http = new URL(document.body.getAttribute('data-endpoint'), window.location.href);
  var ws = new URL(http.href);
  ws.protocol = http.protocol === 'https:' ? 'wss:' : 'ws:';
  // Websockets cannot carry headers, so the Authorization header from the Headers tab goes in the
  // connectionParams instead: one socket per distinct header, made when first needed.
  var fetchers = {};
  function fetcher(params, opts) {
    var headers = (opts && opts.headers) || {};
    var auth = headers.Authorization || headers.authorization || '';
    if (!fetchers[auth]) {
      fetchers[auth] = GraphiQL.createFetcher({
        url: http.href,
        wsClient: graphqlWs.createClient({ url: ws.href, lazy: true, connectionParams: auth ? { authorization: auth } : {} }),
      });
    }
    return fetchers[auth](params, opts);
  }
  // "Export CSV": the editors' query, variables and Authorization header, sent to the export endpoint
  // as any client would; the file downloads, or the hub's errors are shown.
  function headerValue(headers, name) {
    for (var key in headers) if (key.toLowerCase() === name) return headers[key];
    return undefined;
  }
  function ExportButton() {
    var editors = GraphiQL.React.useEditorContext({ nonNull: true });
    function exportCsv() {
      var variables, headers;
      try {
        variables = JSON.parse((editors.variableEditor && editors.variableEditor.getValue()) || '{}');
        headers = JSON.parse((editors.headerEditor && editors.headerEditor.getValue()) || '{}');
      } catch (err) {
        window.alert('Export CSV: the variables and headers must be JSON (' + err.message + ').');
        return;
      }
      var sent = { 'content-type': 'application/json' };
      var auth = headerValue(headers, 'authorization');
      if (auth) sent.authorization = auth;
      var query = editors.queryEditor ? editors.queryEditor.getValue() : '';
      fetch(exportUrl.href, {
        method: 'POST',
        headers: sent,
        body: JSON.stringify({ query: query, variables: variables, operationName: editors.operationName || undefined }),
      }).then(function (res) {
        if ((res.headers.get('content-type') || '').indexOf('text/csv') === 0) {
          var name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '');
          return res.blob().then(function (blob) {
            var link = document.createElement('a');
            link.href = URL.createObjectURL(blob);
            link.download = name ? name[1] : 'export.csv';
            document.body.appendChild(link);
            link.click();
            link.remove();
            setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
          });
        }
        return res.json().then(function (body) {
          var errors = (body && body.errors) || [{ message: 'HTTP ' + res.status }];
          window.alert('Export CSV failed:\\n' + errors.map(function (e) { return e.message; }).join('\\n'));
        });
      }).catch(function (err) {
        window.alert('Export CSV failed: ' + err.message);
      });
    }
    return React.createElement(GraphiQL.React.ToolbarButton, { onClick: exportCsv, label: 'Export CSV (the answer must hold one list)' },
      React.createElement('span', { className: 'graphiql-toolbar-icon hub-export-csv', 'aria-hidden': 'true', style: { fontSize: '11px', fontWeight: 600 } }, 'CSV'));
  }
  var exportUrl = new URL(document.body.getAttribute('data-export-endpoint'), window.location.href);
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    toolbar: { additionalComponent: ExportButton },
    defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
    defaultHeaders: document.body.getAttribute('data-default-headers') || '',
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false,
  }));
})();
`;

const PAGE = (endpoint: string, headers: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Partnership Data Hub · GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/assets/graphiql.css">
  <link rel="icon" href="data:,">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body data-endpoint="${endpoint}" data-export-endpoint="${EXPORT_PATH}" data-default-headers="${escapeAttribute(headers)}">
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/assets/react.js"></script>
  <script src="/graphiql/assets/react-dom.js"></script>
  <script src="/graphiql/assets/graphql-ws.js"></script>
  <script src="/graphiql/assets/graphiql.js"></script>
  <script src="/graphiql/assets/init.js"></script>
</body>
</html>
`;

/** What the Headers tab starts with when the hub has no development token to offer. */
const HEADERS_HINT = JSON.stringify({ Authorization: 'Bearer <paste your token here>' }, null, 2);

/** Returns the Headers tab's starting text: in development, a ready-made token; otherwise a hint. */
type DefaultHeaders = () => Promise<string | undefined>;

async function sendPage(req: Request, res: Response, endpoint: string, defaultHeaders?: DefaultHeaders): Promise<void> {
  const headers = (fromThisMachine(req) ? await defaultHeaders?.() : undefined) ?? HEADERS_HINT;
  res.set('Content-Security-Policy', PAGE_CSP).set('Cache-Control', 'no-store').type('html').send(PAGE(endpoint, headers));
}

/** True for a browser opening the endpoint, not a client sending a GraphQL request. */
function wantsGraphiql(req: Request): boolean {
  return (
    req.method === 'GET' &&
    req.query.query === undefined &&
    req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) === 'text/html'
  );
}

/** Serves GraphiQL at `/graphiql` and its assets; `/graphql` hands browsers over via `wantsGraphiql`. */
function graphiqlRouter(
  endpoint: string,
  defaultHeaders?: DefaultHeaders,
): { router: Router; page: (req: Request, res: Response) => Promise<void> } {
  const router = express.Router();
  router.get('/graphiql', (req, res) => sendPage(req, res, endpoint, defaultHeaders));
  router.get('/graphiql/assets/init.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'no-cache').send(INIT_SCRIPT);
  });
  router.get('/graphiql/assets/:file', (req, res, next) => {
    const asset = ASSETS.get(req.params.file);
    if (!asset) {
      next();
      return;
    }
    res.type(asset.type).set('Cache-Control', 'public, max-age=86400').sendFile(assetPath(asset.module));
  });
  return { router, page: (req, res) => sendPage(req, res, endpoint, defaultHeaders) };
}

/**
 * GraphiQL at /graphiql, and for a browser opening /graphql (mounted before the GraphQL endpoint).
 * In development it opens signed in as the seeded analyst, so it works out of the box (for browsers
 * on this machine only: see `fromThisMachine`).
 */
export function installGraphiql(app: Express, config: Pick<Config, 'graphiql' | 'auth'>, verifier: TokenVerifier): void {
  if (!config.graphiql) return;
  const sign = config.auth.devTokens ? verifier.signDevToken?.bind(verifier) : undefined;
  const graphiql = graphiqlRouter(
    GRAPHQL_PATH,
    sign ? async () => JSON.stringify({ Authorization: `Bearer ${await sign(DEV_GRAPHIQL_SUBJECT)}` }, null, 2) : undefined,
  );
  app.use(graphiql.router);
  app.use(GRAPHQL_PATH, (req, res, next) => {
    if (wantsGraphiql(req)) return graphiql.page(req, res);
    next();
  });
}
