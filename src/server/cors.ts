import type { RequestHandler } from 'express';
import type { IncomingMessage } from 'node:http';
import type { Config } from '../config';

/** What a preflight may ask for; anything else the browser refuses to send. */
const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/**
 * Headers a page may send: the bearer token, JSON bodies, Apollo's CSRF-prevention headers (a page
 * must send one on GET, which is what makes the browser preflight), and a revalidating GET's ETag.
 */
const ALLOWED_HEADERS = 'content-type, authorization, apollo-require-preflight, x-apollo-operation-name, if-none-match';
/** Response headers a page may read beyond the safelisted ones: the request's id (to quote in a report) and a cacheable answer's ETag. */
const EXPOSED_HEADERS = 'ETag, X-Request-Id';
/** How long a browser may reuse a preflight's answer (Chromium caps it at 2 hours, Firefox at 24). */
const PREFLIGHT_MAX_AGE_SECONDS = 7200;

/**
 * CORS for the hub's API endpoints: a page on an origin in CORS_ORIGINS may call them with a bearer
 * token; any other origin gets no CORS headers, so its browser withholds the answer, and its
 * preflight is refused with 403. No `Access-Control-Allow-Credentials`: callers prove who they are
 * with the Authorization header, never with cookies. Written here rather than taken from the `cors`
 * package, which is not one of the hub's dependencies, and the whole rule fits on a screen.
 *
 * This answers only the browser's question "may this page read the answer". Apollo's CSRF prevention
 * still refuses a request a browser could send cross-site without a preflight, whatever its origin.
 */
export function cors(config: Pick<Config, 'corsOrigins'>): RequestHandler {
  const allowed = new Set(config.corsOrigins);
  return (req, res, next) => {
    // Every answer depends on Origin once any origin is allowed: a cache (the browser's, a proxy's)
    // must not hand one origin's answer, with its Allow-Origin, to another.
    if (allowed.size) res.vary('Origin');
    const origin = req.headers.origin;
    if (origin === undefined) {
      next();
      return;
    }
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (!allowed.has(origin)) {
      if (preflight) {
        res.status(403).type('text/plain').send(`Origin ${origin} is not allowed to call the hub (see CORS_ORIGINS).`);
        return;
      }
      next();
      return;
    }
    res.set('Access-Control-Allow-Origin', origin);
    if (!preflight) {
      res.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
      next();
      return;
    }
    res
      .set('Access-Control-Allow-Methods', ALLOWED_METHODS)
      .set('Access-Control-Allow-Headers', ALLOWED_HEADERS)
      .set('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS))
      .status(204)
      .end();
  };
}

/**
 * Whether a websocket upgrade may open. Browsers send Origin with every websocket and do not apply
 * CORS to them, so without this check any page a signed-in user visits could open a socket to the
 * hub (cross-site websocket hijacking). A request without Origin is not from a browser page and
 * proves itself with its token like any other client.
 */
export function socketOriginAllowed(config: Pick<Config, 'corsOrigins'>): (req: IncomingMessage) => boolean {
  const allowed = new Set(config.corsOrigins);
  return (req) => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (allowed.has(origin)) return true;
    return isOwnOrigin(origin, req);
  };
}

/**
 * Whether `origin` is the hub's own, as the browser reached it: GraphiQL served by the hub opens its
 * socket from there. A page cannot set Host (or X-Forwarded-Host) on a websocket, so comparing the
 * host and port it names with the one the request was sent to is enough; a proxy that rewrites Host
 * passes the original in X-Forwarded-Host.
 */
function isOwnOrigin(origin: string, req: IncomingMessage): boolean {
  let host: string;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    host = url.host;
  } catch {
    // "null" (a sandboxed frame, a file:// page) and anything else unreadable.
    return false;
  }
  const forwarded = req.headers['x-forwarded-host'];
  const candidates = [req.headers.host, ...(typeof forwarded === 'string' ? forwarded.split(',') : [])];
  return candidates.some((candidate) => candidate !== undefined && sameHost(candidate.trim(), host));
}

/** Hosts compared as URL parsing writes them (lower case, default port dropped). */
function sameHost(header: string, originHost: string): boolean {
  try {
    return new URL(`http://${header}`).host === originHost || new URL(`https://${header}`).host === originHost;
  } catch {
    return false;
  }
}
