import type { EntityManager } from '@mikro-orm/postgresql';
import { documentHash, readTrustedDocuments, type TrustedDocumentRow } from './documents.service';

/** The shape of Apollo Server's persisted-query cache (a KeyValueCache of strings). */
export interface DocumentCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean | undefined>;
}

/** How often a hash nobody knows may make the store read the table again (another process may have registered it). */
export const TRUSTED_RELOAD_MS = 5000;

/**
 * This process's copy of the trusted documents, read from PostgreSQL at start. A hash it does not
 * know makes it read the table again, at most once every TRUSTED_RELOAD_MS whatever a client sends,
 * so documents another process registered are found and random hashes cost the database nothing more.
 */
export class TrustedDocuments {
  private byHash = new Map<string, TrustedDocumentRow>();
  private loadedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly fork: () => EntityManager,
    private readonly reloadMs = TRUSTED_RELOAD_MS,
  ) {}

  /** Reads every registered document (again). */
  load(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const rows = await readTrustedDocuments(this.fork());
        this.byHash = new Map(rows.map((r) => [r.hash, r]));
        this.loadedAt = Date.now();
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  get size(): number {
    return this.byHash.size;
  }

  /** The document registered under `hash` (64 hex digits), if this process knows it: no SQL. */
  known(hash: string): TrustedDocumentRow | undefined {
    return this.byHash.get(hash);
  }

  /** The document registered under `hash`, reading the table again when it is unknown and the last read is old enough. */
  async find(hash: string): Promise<TrustedDocumentRow | undefined> {
    const hit = this.byHash.get(hash);
    if (hit || Date.now() - this.loadedAt < this.reloadMs) return hit;
    await this.load();
    return this.byHash.get(hash);
  }

  /** The registered document whose text is exactly `text`, if any. */
  async byText(text: string): Promise<TrustedDocumentRow | undefined> {
    const found = await this.find(documentHash(text));
    return found?.body === text ? found : undefined;
  }

  /**
   * Apollo Server's persisted-query cache, answered from the trusted documents: a client may send a
   * registered document by its hash alone. Nothing a client sends is stored (`set` does nothing), so
   * only a manifest registers documents.
   */
  apolloCache(): DocumentCache {
    return {
      get: async (key) => (await this.find(key.slice(key.lastIndexOf(':') + 1)))?.body,
      set: () => Promise.resolve(),
      delete: () => Promise.resolve(false),
    };
  }
}
