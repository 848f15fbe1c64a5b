import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import { projectRoot } from '../src/paths';

/** The problems loadConfig reports for `env`, or [] when it accepts it. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
}

/** Production needs a token key; these tests are about other settings. */
const PROD = { NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32) };

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
      limits: {
        maxDepth: 12,
        maxCost: 20000,
        maxRequestBytes: 102400,
        maxPageSize: 100,
        maxExportRows: 100_000,
        maxTokens: 5000,
        maxSubscriptionsPerConnection: 20,
        maxSocketBufferBytes: 4 * 1024 * 1024,
        maxOperationsInFlightPerSocket: 20,
        maxSocketsPerAccount: 20,
        unauthenticatedSocketGraceSeconds: 10,
        maxAliases: 20,
        requestTimeoutMs: 30000,
        statementTimeoutMs: 15000,
      },
      auth: {
        jwtSecret: undefined,
        jwtPublicKey: undefined,
        jwksUrl: undefined,
        issuer: 'partnership-data-hub',
        audience: 'partnership-data-hub',
        devTokens: true,
        devSecretFile: path.join(projectRoot(), '.data/dev-jwt-secret'),
      },
      redisUrl: undefined,
      jobs: { overdueCheckSeconds: 60, accessRecheckSeconds: 30 },
      caseRetentionDays: 730,
      trustedDocuments: [path.join(projectRoot(), 'dashboard/generated/persisted-documents.json')],
      corsOrigins: [],
      federationSubgraph: false,
    });
  });

  it('serves a federation subgraph only when FEDERATION_SUBGRAPH says so, and refuses a value that is not true or false', () => {
    expect(loadConfig({ FEDERATION_SUBGRAPH: 'true' }).federationSubgraph).toBe(true);
    expect(loadConfig({ FEDERATION_SUBGRAPH: 'false' }).federationSubgraph).toBe(false);
    expect(() => loadConfig({ FEDERATION_SUBGRAPH: 'on' })).toThrow('FEDERATION_SUBGRAPH: must be true or false');
  });

  it('never defaults the embedded server to 5432, where a machine may already run PostgreSQL', () => {
    expect(loadConfig({}).embeddedPostgres.port).not.toBe(5432);
  });

  it('switches introspection off and logs JSON in production unless told otherwise', () => {
    expect(loadConfig(PROD)).toMatchObject({ introspection: false, log: { format: 'json' } });
    expect(loadConfig({ ...PROD, INTROSPECTION: 'true' }).introspection).toBe(true);
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

  describe('authentication', () => {
    it('refuses production without any token key, naming the three settings', () => {
      const problems = problemsOf({ NODE_ENV: 'production' });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/AUTH_JWT_SECRET/);
      expect(problems[0]).toMatch(/AUTH_JWT_PUBLIC_KEY/);
      expect(problems[0]).toMatch(/AUTH_JWKS_URL/);
    });

    it('accepts production with any one of the keys', () => {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect(problemsOf({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(32) })).toEqual([]);
      expect(problemsOf({ NODE_ENV: 'production', AUTH_JWT_PUBLIC_KEY: pem })).toEqual([]);
      expect(problemsOf({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://login.example.org/jwks.json' })).toEqual([]);
    });

    it('needs no key outside production', () => {
      expect(problemsOf({ NODE_ENV: 'test' })).toEqual([]);
      expect(problemsOf({ NODE_ENV: 'development' })).toEqual([]);
    });

    it('turns dev tokens on only in development by default, and refuses them in production', () => {
      expect(loadConfig({}).auth.devTokens).toBe(true);
      expect(loadConfig({ NODE_ENV: 'test' }).auth.devTokens).toBe(false);
      expect(loadConfig(PROD).auth.devTokens).toBe(false);
      expect(loadConfig({ NODE_ENV: 'test', AUTH_DEV_TOKENS: 'yes' }).auth.devTokens).toBe(true);
      expect(loadConfig({ NODE_ENV: 'development', AUTH_DEV_TOKENS: 'false' }).auth.devTokens).toBe(false);
      expect(problemsOf({ ...PROD, AUTH_DEV_TOKENS: 'true' })).toEqual([expect.stringMatching(/^AUTH_DEV_TOKENS: .*production/)]);
      expect(problemsOf({ ...PROD, AUTH_DEV_TOKENS: 'false' })).toEqual([]);
    });

    it('seeds an empty database only in development, and refuses SEED_ON_EMPTY=true in production', () => {
      expect(loadConfig({}).seedOnEmpty).toBe(true);
      expect(loadConfig({ NODE_ENV: 'test' }).seedOnEmpty).toBe(false);
      expect(loadConfig(PROD).seedOnEmpty).toBe(false);
      expect(loadConfig({ NODE_ENV: 'test', SEED_ON_EMPTY: 'true' }).seedOnEmpty).toBe(true);
      expect(problemsOf({ ...PROD, SEED_ON_EMPTY: 'true' })).toEqual([expect.stringMatching(/^SEED_ON_EMPTY: .*production/)]);
    });

    it('turns GraphiQL off in production unless told otherwise', () => {
      expect(loadConfig({}).graphiql).toBe(true);
      expect(loadConfig(PROD).graphiql).toBe(false);
      expect(loadConfig({ ...PROD, GRAPHIQL: 'true' }).graphiql).toBe(true);
    });

    it('refuses development tokens on an address other machines can reach', () => {
      for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) expect(problemsOf({ HOST: host })).toEqual([]);
      for (const host of ['0.0.0.0', '::', '192.168.1.20', 'hub.example.org']) {
        expect(problemsOf({ HOST: host })).toEqual([expect.stringMatching(/^AUTH_DEV_TOKENS, HOST: .*loopback/)]);
        expect(problemsOf({ HOST: host, AUTH_DEV_TOKENS: 'false' })).toEqual([]);
        expect(problemsOf({ NODE_ENV: 'test', HOST: host, AUTH_DEV_TOKENS: 'true' })).toHaveLength(1);
      }
    });

    it('reports cross-setting rules together with malformed settings', () => {
      const problems = problemsOf({ NODE_ENV: 'production', AUTH_DEV_TOKENS: '1', PORT: 'x' });
      expect(problems).toHaveLength(3);
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^PORT: /),
          expect.stringMatching(/^AUTH_DEV_TOKENS: /),
          expect.stringMatching(/^AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY, AUTH_JWKS_URL: /),
        ]),
      );
    });

    it('refuses a short shared secret', () => {
      expect(problemsOf({ AUTH_JWT_SECRET: 'x'.repeat(31) })).toEqual([expect.stringMatching(/^AUTH_JWT_SECRET: .*32/)]);
    });

    it('reads a PEM public key, including one squeezed onto a line with \\n', () => {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect(loadConfig({ AUTH_JWT_PUBLIC_KEY: pem }).auth.jwtPublicKey).toBe(pem.trim());
      expect(loadConfig({ AUTH_JWT_PUBLIC_KEY: pem.replace(/\n/g, '\\n') }).auth.jwtPublicKey).toBe(pem.trim());
    });

    it('refuses a public key it cannot verify with', () => {
      const rsaPrivate = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
      const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ type: 'spki', format: 'pem' });
      expect(problemsOf({ AUTH_JWT_PUBLIC_KEY: rsaPrivate.toString() })).toEqual([expect.stringMatching(/^AUTH_JWT_PUBLIC_KEY: /)]);
      expect(problemsOf({ AUTH_JWT_PUBLIC_KEY: p384.toString() })).toEqual([expect.stringMatching(/^AUTH_JWT_PUBLIC_KEY: /)]);
      expect(problemsOf({ AUTH_JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nnonsense\n-----END PUBLIC KEY-----' })).toHaveLength(1);
    });

    it('needs an http(s) JWKS address', () => {
      expect(problemsOf({ AUTH_JWKS_URL: 'ftp://example.org/jwks' })).toEqual([expect.stringMatching(/^AUTH_JWKS_URL: .*http/)]);
      expect(loadConfig({ AUTH_JWKS_URL: 'http://127.0.0.1:9999/jwks' }).auth.jwksUrl).toBe('http://127.0.0.1:9999/jwks');
    });

    it('resolves the dev secret file against the project', () => {
      expect(loadConfig({ AUTH_DEV_SECRET_FILE: 'tmp/secret' }).auth.devSecretFile).toBe(path.join(projectRoot(), 'tmp/secret'));
      expect(loadConfig({ AUTH_DEV_SECRET_FILE: '/var/lib/hub/secret' }).auth.devSecretFile).toBe('/var/lib/hub/secret');
    });
  });

  describe('CORS_ORIGINS', () => {
    it('reads a comma-separated list of origins, spaces and empty entries ignored', () => {
      const config = loadConfig({ CORS_ORIGINS: ' https://dashboard.example.org, http://127.0.0.1:5173,,http://localhost:8080 ' });
      expect(config.corsOrigins).toEqual(['https://dashboard.example.org', 'http://127.0.0.1:5173', 'http://localhost:8080']);
      expect(Object.isFrozen(config.corsOrigins)).toBe(true);
    });

    it('refuses a wildcard, naming the setting and saying why', () => {
      expect(problemsOf({ CORS_ORIGINS: '*' })).toEqual([
        expect.stringMatching(/^CORS_ORIGINS: "\*" is refused: a wildcard would let any website/),
      ]);
      expect(problemsOf({ CORS_ORIGINS: 'https://*.example.org' })).toEqual([expect.stringMatching(/^CORS_ORIGINS: .*wildcard/)]);
    });

    it('refuses anything that is not exactly an origin as a browser sends it, each entry reported', () => {
      const problems = problemsOf({
        CORS_ORIGINS: [
          'https://ok.example.org',
          'https://dash.example.org/',
          'https://dash.example.org/app',
          'ftp://files.example.org',
          'dash.example.org',
          'https://Dash.Example.org',
          'https://dash.example.org:443',
          'https://user@dash.example.org',
        ].join(','),
      });
      expect(problems).toEqual([
        'CORS_ORIGINS: "https://dash.example.org/" must be an origin only: no path, query or trailing slash (https://dash.example.org)',
        'CORS_ORIGINS: "https://dash.example.org/app" must be an origin only: no path, query or trailing slash (https://dash.example.org)',
        'CORS_ORIGINS: "ftp://files.example.org" must start with http:// or https://',
        'CORS_ORIGINS: "dash.example.org" is not an origin such as https://dashboard.example.org (scheme, host and optional port)',
        'CORS_ORIGINS: "https://Dash.Example.org" must be written as a browser sends it: https://dash.example.org',
        'CORS_ORIGINS: "https://dash.example.org:443" must be written as a browser sends it: https://dash.example.org',
        'CORS_ORIGINS: "https://user@dash.example.org" must be an origin only: no path, query or trailing slash (https://dash.example.org)',
      ]);
    });

    it('reports a bad origin together with other problems', () => {
      expect(problemsOf({ CORS_ORIGINS: '*', PORT: 'x' })).toEqual(
        expect.arrayContaining([expect.stringMatching(/^CORS_ORIGINS: /), 'PORT: must be a whole number']),
      );
    });
  });

  describe('Redis, limits and jobs', () => {
    it('accepts only redis:// or rediss:// for REDIS_URL', () => {
      expect(problemsOf({ REDIS_URL: 'http://localhost:6379' })).toEqual([expect.stringMatching(/^REDIS_URL: .*redis:\/\//)]);
      expect(problemsOf({ REDIS_URL: 'localhost:6379' })).toHaveLength(1);
      expect(loadConfig({ REDIS_URL: 'rediss://user:pw@cache:6380/2' }).redisUrl).toBe('rediss://user:pw@cache:6380/2');
    });

    it('reads the new limits and intervals', () => {
      const config = loadConfig({
        MAX_QUERY_TOKENS: '800',
        MAX_SUBSCRIPTIONS_PER_CONNECTION: '3',
        MAX_SOCKET_BUFFER_BYTES: '65536',
        OVERDUE_CHECK_SECONDS: '5',
        CASE_RETENTION_DAYS: '365',
        SUBSCRIPTION_RECHECK_SECONDS: '10',
        MAX_ALIASES: '5',
        REQUEST_TIMEOUT_MS: '2000',
        DB_STATEMENT_TIMEOUT_MS: '1000',
      });
      expect(config.limits).toMatchObject({
        maxTokens: 800,
        maxSubscriptionsPerConnection: 3,
        maxSocketBufferBytes: 65536,
        maxAliases: 5,
        requestTimeoutMs: 2000,
        statementTimeoutMs: 1000,
      });
      expect(config.jobs).toEqual({ overdueCheckSeconds: 5, accessRecheckSeconds: 10 });
      expect(config.caseRetentionDays).toBe(365);
    });

    it('keeps them within their bounds', () => {
      const problems = problemsOf({
        MAX_QUERY_TOKENS: '99',
        MAX_SUBSCRIPTIONS_PER_CONNECTION: '0',
        MAX_SOCKET_BUFFER_BYTES: String(64 * 1024 - 1),
        OVERDUE_CHECK_SECONDS: '86401',
        CASE_RETENTION_DAYS: '3651',
        SUBSCRIPTION_RECHECK_SECONDS: '1.5',
        MAX_ALIASES: '0',
        REQUEST_TIMEOUT_MS: '99',
        DB_STATEMENT_TIMEOUT_MS: '3600001',
      });
      expect(problems).toEqual(
        expect.arrayContaining([
          'MAX_QUERY_TOKENS: must be at least 100',
          'MAX_SUBSCRIPTIONS_PER_CONNECTION: must be at least 1',
          'MAX_SOCKET_BUFFER_BYTES: must be at least 65536',
          'OVERDUE_CHECK_SECONDS: must be at most 86400',
          'CASE_RETENTION_DAYS: must be at most 3650',
          'SUBSCRIPTION_RECHECK_SECONDS: must be a whole number',
          'MAX_ALIASES: must be at least 1',
          'REQUEST_TIMEOUT_MS: must be at least 100',
          'DB_STATEMENT_TIMEOUT_MS: must be at most 3600000',
        ]),
      );
      expect(problems).toHaveLength(9);
    });

    it('freezes the new groups too', () => {
      const config = loadConfig({});
      expect(Object.isFrozen(config.auth)).toBe(true);
      expect(Object.isFrozen(config.jobs)).toBe(true);
    });
  });
});
