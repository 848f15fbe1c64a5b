/** Escapes text for a double-quoted HTML attribute. */
export const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The Content-Security-Policy of the hub's own pages (GraphiQL, the dashboard): everything from the
 * hub itself, scripts only as files (no inline script), websockets back to it. Styles may be inline:
 * GraphiQL's editor and Observable Plot's charts set them at run time.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
].join('; ');
