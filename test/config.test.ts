import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import { projectRoot } from '../src/paths';

describe('loadConfig', () => {
  it('gives working defaults for a fresh machine', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 4000,
      databaseUrl: undefined,
      embeddedPostgres: { port: 54329, dataDir: path.join(projectRoot(), '.data/postgres') },
      seedOnEmpty: true,
      introspection: true,
      graphiql: true,
      log: { level: 'info', format: 'pretty' },
      limits: { maxDepth: 12, maxCost: 20000, maxRequestBytes: 102400, maxPageSize: 100 },
    });
  });

  it('never defaults the embedded server to 5432, where a machine may already run PostgreSQL', () => {
    expect(loadConfig({}).embeddedPostgres.port).not.toBe(5432);
  });

  it('switches introspection off and logs JSON in production unless told otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ introspection: false, log: { format: 'json' } });
    expect(loadConfig({ NODE_ENV: 'production', INTROSPECTION: 'true' }).introspection).toBe(true);
  });

  it('treats empty values as unset, as in a .env copied from .env.example', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 4000, databaseUrl: undefined });
  });

  it('reports every problem at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: '70000', LOG_LEVEL: 'loud', GRAPHIQL: 'maybe', DATABASE_URL: 'localhost:5432' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toHaveLength(4);
    expect(error!.problems).toEqual(
      expect.arrayContaining([
        'PORT: must be at most 65535',
        'GRAPHIQL: must be true or false',
        expect.stringMatching(/^LOG_LEVEL: /),
        expect.stringMatching(/^DATABASE_URL: /),
      ]),
    );
  });

  it('is frozen, so no code can change a setting after start', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.limits)).toBe(true);
  });
});
