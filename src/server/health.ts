import type { MikroORM } from '@mikro-orm/postgresql';
import type { Express } from 'express';

/**
 * `/healthz` answers while the process is alive (a liveness probe: restart it if not); `/readyz`
 * answers 200 only while the database is reachable (a readiness probe: send it no traffic if not).
 */
export function installHealth(app: Express, orm: MikroORM): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const check = await orm.checkConnection();
    res.status(check.ok ? 200 : 503).json(check.ok ? { status: 'ready' } : { status: 'unavailable', reason: 'database unreachable' });
  });
}
