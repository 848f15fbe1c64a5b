import { print } from 'graphql';
import WebSocket from 'ws';
import { LocalityNamesDocument } from './generated/graphql';
import { useTestApp } from './support/app';
import { authHeader } from './support/auth';

// CORS_ORIGINS as a dashboard's operator would set it: one site, plus a developer's local server.
const DASHBOARD = 'https://dashboard.example.org';
const LOCAL = 'http://127.0.0.1:5173';
const ELSEWHERE = 'https://evil.example.net';

const hub = useTestApp({ CORS_ORIGINS: `${DASHBOARD},${LOCAL}` });

const JSON_POST = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
const body = JSON.stringify({ query: print(LocalityNamesDocument) });

/** What a browser sends before a cross-origin POST with a JSON body and a bearer token. */
const preflight = (origin: string, extra: Record<string, string> = {}) =>
  fetch(hub.url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type', ...extra },
  });

/** Every Access-Control-* header of a response. */
const corsHeaders = (res: Response) => [...res.headers.keys()].filter((name) => name.startsWith('access-control-'));

/** Opens a websocket to the hub's /graphql, sending `origin` as a browser would; resolves with how the upgrade went. */
function openSocket(origin: string | undefined): Promise<{ opened: true } | { opened: false; status: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(hub.url.replace(/^http/, 'ws'), 'graphql-transport-ws', origin ? { origin } : {});
    socket.once('open', () => {
      socket.close();
      resolve({ opened: true });
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve({ opened: false, status: res.statusCode ?? 0 });
      res.resume();
    });
    socket.once('error', reject);
  });
}

describe('CORS on /graphql', () => {
  it('answers a preflight from an allowed origin with what a page may send', async () => {
    const res = await preflight(DASHBOARD);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')?.split(', ')).toEqual([
      'content-type',
      'authorization',
      'apollo-require-preflight',
      'x-apollo-operation-name',
      'if-none-match',
    ]);
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    // Tokens, not cookies: a page never gets to send the hub credentials the browser holds.
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets an allowed page read the answer to its query', async () => {
    const res = await fetch(hub.url, { method: 'POST', headers: { ...JSON_POST, ...(await authHeader()), origin: LOCAL }, body });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(LOCAL);
    expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/\bETag\b/);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/\bX-Request-Id\b/);
    expect(await res.json()).toEqual({ data: { localities: [{ name: 'North' }, { name: 'Central' }, { name: 'South' }] } });
  });

  it('lets an allowed page read a refusal too (a body too large is still the hub speaking)', async () => {
    const res = await fetch(hub.url, {
      method: 'POST',
      headers: { ...JSON_POST, origin: DASHBOARD },
      body: JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(200 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
  });

  it('runs a GET with the preflight header for an allowed page', async () => {
    const res = await fetch(`${hub.url}?query=${encodeURIComponent(print(LocalityNamesDocument))}`, {
      headers: { origin: DASHBOARD, 'apollo-require-preflight': 'true', accept: 'application/json', ...(await authHeader()) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
  });

  it('refuses the preflight of an origin not on the list, and gives its requests no CORS headers', async () => {
    const refused = await preflight(ELSEWHERE);
    expect(refused.status).toBe(403);
    expect(corsHeaders(refused)).toEqual([]);
    expect(await refused.text()).toMatch(/CORS_ORIGINS/);

    const res = await fetch(hub.url, { method: 'POST', headers: { ...JSON_POST, origin: ELSEWHERE }, body });
    expect(corsHeaders(res)).toEqual([]);
    // The answer may still vary by origin for a cache, though this one's carries no permission.
    expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
  });

  it('matches origins exactly: another port, scheme or a sub-domain is another origin', async () => {
    for (const origin of [
      'http://127.0.0.1:5174',
      'http://dashboard.example.org',
      'https://x.dashboard.example.org',
      `${DASHBOARD}/`,
      'null',
    ]) {
      const res = await preflight(origin);
      expect([origin, res.status, res.headers.get('access-control-allow-origin')]).toEqual([origin, 403, null]);
    }
  });

  it('adds nothing for a client that sends no Origin (curl, a server)', async () => {
    const res = await fetch(hub.url, { method: 'POST', headers: { ...JSON_POST, ...(await authHeader()) }, body });
    expect(res.status).toBe(200);
    expect(corsHeaders(res)).toEqual([]);
  });

  it("keeps Apollo's CSRF prevention for allowed origins: a request a browser sends without a preflight is refused", async () => {
    const plain = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'text/plain', origin: DASHBOARD }, body });
    expect(plain.status).toBe(400);
    expect(await plain.text()).toMatch(/CSRF/);
    const get = await fetch(`${hub.url}?query=${encodeURIComponent(print(LocalityNamesDocument))}`, {
      headers: { origin: DASHBOARD, accept: 'application/json' },
    });
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/CSRF/);
  });

  it('does not hand GraphiQL (and its development token) to another origin', async () => {
    const res = await fetch(hub.url, { headers: { origin: DASHBOARD, accept: 'text/html' } });
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(corsHeaders(res)).toEqual([]);
  });
});

describe('websocket upgrades and Origin', () => {
  it('opens for a page on an allowed origin', async () => {
    expect(await openSocket(LOCAL)).toEqual({ opened: true });
    expect(await openSocket(DASHBOARD)).toEqual({ opened: true });
  });

  it("opens for the hub's own pages (GraphiQL), whatever the list says", async () => {
    expect(await openSocket(hub.origin)).toEqual({ opened: true });
    expect(await openSocket(hub.origin.replace('127.0.0.1', 'localhost'))).toEqual({ opened: false, status: 403 });
  });

  it('opens for a client that sends no Origin (not a browser page)', async () => {
    expect(await openSocket(undefined)).toEqual({ opened: true });
  });

  it('refuses an origin not on the list with 403 before the socket opens', async () => {
    for (const origin of [ELSEWHERE, 'http://127.0.0.1:5174', 'null', 'not a url']) {
      expect([origin, await openSocket(origin)]).toEqual([origin, { opened: false, status: 403 }]);
    }
  });
});
