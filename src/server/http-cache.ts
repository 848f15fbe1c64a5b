import type { EntityManager } from '@mikro-orm/postgresql';
import type { ApolloServerPlugin } from '@apollo/server';
import { createHash } from 'node:crypto';
import type express from 'express';
import type { Context } from '../context';
import type { Logger } from '../logger';
import { bearerToken } from '../modules/access/access.service';
import type { ViewerCache } from '../modules/access/viewer-cache';
import type { TrustedDocuments } from '../modules/documents/documents.store';
import type { TrustedDocumentRow } from '../modules/documents/documents.service';
import type { DataVersion } from '../modules/documents/documents.version';

/** Open data a browser may keep, but must check with the hub (If-None-Match) before each use. */
export const CACHEABLE = 'private, no-cache';
/** Everything else: personal and case data, accounts, errors. */
export const NOT_CACHEABLE = 'private, no-store';

export interface HttpCacheDeps {
  documents: TrustedDocuments;
  version: DataVersion;
  viewers: ViewerCache;
  fork(): EntityManager;
  log: Logger;
}

/** The trusted document a GET names: by `extensions.persistedQuery.sha256Hash`, or by its exact text in `query`. */
async function documentOf(query: Record<string, unknown>, documents: TrustedDocuments): Promise<TrustedDocumentRow | undefined> {
  if (typeof query.query === 'string' && query.query) return documents.byText(query.query);
  if (typeof query.extensions !== 'string') return undefined;
  let extensions: unknown;
  try {
    extensions = JSON.parse(query.extensions);
  } catch {
    return undefined; // Apollo answers the malformed parameter.
  }
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | null)?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? documents.find(hash) : undefined;
}

/** Whether an If-None-Match header names `etag` (or is `*`); weak and strong tags compare alike. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === etag);
}

/**
 * HTTP caching of open data. A GET of a trusted document that reads only open data gets an ETag keyed
 * by the document, its variables and the version of the data (which imports have happened): a repeat
 * with `If-None-Match` is answered 304 here, before Apollo, with no SQL when the caller was accepted
 * moments ago and the version is known. Anything else runs as usual and is marked not to be stored.
 * The version is read before the operation runs, so an answer can be newer than its tag but never
 * older: the worst a race costs is one more 200.
 */
export function httpCacheMiddleware(deps: HttpCacheDeps): express.RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET') {
      next();
      return;
    }
    void (async () => {
      const params = req.query as Record<string, unknown>;
      const document = await documentOf(params, deps.documents);
      const token = bearerToken(req.headers.authorization);
      if (!document?.openData || !token) return;
      // A caller the hub would refuse gets Apollo's answer, never a 304.
      await deps.viewers.authenticate(deps.fork(), token);
      const version = await deps.version.current();
      const operationName = typeof params.operationName === 'string' ? params.operationName : '';
      const variables = typeof params.variables === 'string' ? params.variables : '';
      const etag = `"${createHash('sha256').update([document.hash, operationName, variables, version].join('\n')).digest('base64url')}"`;
      res.locals.etag = etag;
      if (matches(req.headers['if-none-match'], etag)) {
        res.status(304).set({ etag, 'cache-control': CACHEABLE }).end();
        return 'answered';
      }
    })().then(
      (answered) => {
        if (!answered) next();
      },
      (err: unknown) => {
        // Refused or unavailable: Apollo answers as it would without caching, and says why.
        if (!(err instanceof Error && 'extensions' in err)) deps.log.debug({ err }, 'HTTP cache check failed; answering without it');
        next();
      },
    );
  };
}

/** The ETag the middleware set for this request, if any: what the context carries to the plugin. */
export function etagOf(res: express.Response): string | undefined {
  const etag: unknown = res.locals.etag;
  return typeof etag === 'string' ? etag : undefined;
}

/**
 * Sets Cache-Control on every answer: a cacheable GET that succeeded gets its ETag and may be kept
 * by the browser (and revalidated); every other answer is `private, no-store`. Apollo's own
 * cache-control plugin is off: it wraps each field's resolution in hooks of its own, a cost per field.
 */
export const cacheHeadersPlugin: ApolloServerPlugin<Context> = {
  requestDidStart: () =>
    Promise.resolve({
      willSendResponse: ({ response, contextValue }) => {
        const etag = contextValue.etag;
        const ok =
          etag !== undefined &&
          response.body.kind === 'single' &&
          !response.body.singleResult.errors?.length &&
          (response.http.status ?? 200) === 200;
        if (ok) response.http.headers.set('etag', etag);
        response.http.headers.set('cache-control', ok ? CACHEABLE : NOT_CACHEABLE);
        return Promise.resolve();
      },
    }),
};
