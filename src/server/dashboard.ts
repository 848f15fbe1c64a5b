import express, { type Express, type Request, type Response } from 'express';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { DEV_GRAPHIQL_SUBJECT } from '../jobs';
import { fromThisMachine } from '../loopback';
import type { TokenVerifier } from '../modules/access/tokens';
import { projectRoot } from '../paths';
import { GRAPHQL_PATH } from './http';
import { escapeAttribute, PAGE_CSP } from './pages';

export const DASHBOARD_PATH = '/dashboard';

/** Where `npm run build` puts the dashboard's bundle (dashboard/build.mjs). */
const BUNDLE_DIR = () => path.join(projectRoot(), 'dist', 'dashboard');

const PAGE = (token: string | undefined) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Partnership Data Hub · Borough dashboard</title>
  <link rel="stylesheet" href="${DASHBOARD_PATH}/style.css">
  <link rel="icon" href="data:,">
</head>
<body data-endpoint="${GRAPHQL_PATH}"${token ? ` data-token="${escapeAttribute(token)}"` : ''}>
  <header>
    <h1>Rotherham borough dashboard</h1>
    <form id="sign-in"${token ? ' hidden' : ''}>
      <label>API key or token <input id="token" type="password" autocomplete="off" placeholder="pdh_… or a JWT"></label>
      <button type="submit">Show figures</button>
    </form>
    <span id="status" role="status"></span>
    <span id="updated"></span>
    <a href="/graphiql">GraphiQL</a>
  </header>
  <main>
    <section id="map-panel">
      <h2>Wards</h2>
      <label>Colour by <select id="colour-by"><option value="deprivation">Deprivation (Indices of Deprivation)</option></select></label>
      <svg id="ward-map" role="img" aria-label="Hex map of the borough's wards"></svg>
      <div id="map-legend"></div>
      <p id="map-caption" class="caption"></p>
    </section>
    <section>
      <h2>Localities</h2>
      <div id="localities"></div>
    </section>
    <section>
      <h2>Crime and anti-social behaviour by month</h2>
      <div id="crime-trend"></div>
      <h2>By type</h2>
      <div id="crime-categories"></div>
    </section>
    <section>
      <h2>Targeting: deprivation against ward spend per resident</h2>
      <div id="targeting"></div>
    </section>
    <section>
      <h2>Live</h2>
      <p id="live-who" class="caption"></p>
      <ul id="live-log"></ul>
    </section>
  </main>
  <script src="${DASHBOARD_PATH}/app.js"></script>
</body>
</html>
`;

/**
 * The borough dashboard at /dashboard: a page and its bundle (built from npm packages by `npm run
 * build`, served from the hub itself, no CDN). It runs only the dashboard's trusted documents, so an
 * API key limited to them drives it. In development, a browser on this machine opens it signed in as
 * the seeded analyst, as GraphiQL does.
 */
export function installDashboard(app: Express, config: Pick<Config, 'auth'>, verifier: TokenVerifier): void {
  const sign = config.auth.devTokens ? verifier.signDevToken?.bind(verifier) : undefined;
  app.get(DASHBOARD_PATH, async (req: Request, res: Response) => {
    if (!fs.existsSync(path.join(BUNDLE_DIR(), 'app.js'))) {
      res.status(503).type('text').send('The dashboard is not built: run `npm run build` (npm start does it).');
      return;
    }
    const token = sign && fromThisMachine(req) ? await sign(DEV_GRAPHIQL_SUBJECT) : undefined;
    res.set('Content-Security-Policy', PAGE_CSP).set('Cache-Control', 'no-store').type('html').send(PAGE(token));
  });
  app.use(DASHBOARD_PATH, express.static(BUNDLE_DIR(), { index: false, fallthrough: false, maxAge: 0 }));
}
