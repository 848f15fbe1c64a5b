import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { SignJWT, decodeJwt, exportJWK, exportSPKI, generateKeyPair, type JWK, type KeyLike } from 'jose';
import pino from 'pino';
import type { Config } from '../../../src/config';
import { UnauthenticatedError } from '../../../src/errors';
import { createTokenVerifier, type TokenVerifier } from '../../../src/modules/access/tokens';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const ISSUER = 'partnership-data-hub';
const AUDIENCE = 'partnership-data-hub';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pdh-tokens-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => jest.restoreAllMocks());

function auth(overrides: Partial<Config['auth']> = {}): Config['auth'] {
  return {
    issuer: ISSUER,
    audience: AUDIENCE,
    devTokens: false,
    devSecretFile: path.join(tmp, 'should-not-be-created'),
    ...overrides,
  };
}

/** A real pino logger whose lines the test can read. */
function recordingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as { level: number; msg: string });
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

const silent = pino({ level: 'silent' });
const now = () => Math.floor(Date.now() / 1000);

interface SignOptions {
  alg?: string;
  kid?: string;
  sub?: string | null;
  iss?: string;
  aud?: string;
  /** Seconds since the epoch; null leaves exp out. */
  exp?: number | null;
  claims?: Record<string, unknown>;
}

function sign(key: KeyLike | Uint8Array, o: SignOptions = {}): Promise<string> {
  const jwt = new SignJWT(o.claims ?? {})
    .setProtectedHeader({ alg: o.alg ?? 'HS256', ...(o.kid ? { kid: o.kid } : {}) })
    .setIssuer(o.iss ?? ISSUER)
    .setAudience(o.aud ?? AUDIENCE)
    .setIssuedAt();
  if (o.sub !== null) jwt.setSubject(o.sub ?? 'user-1');
  if (o.exp !== null) jwt.setExpirationTime(o.exp ?? now() + 3600);
  return jwt.sign(key);
}

const secretKey = (s = SECRET) => new TextEncoder().encode(s);

/** The verifier's rejection, after checking it is the hub's UNAUTHENTICATED error and does not echo the token. */
async function rejection(verifier: TokenVerifier, token: string): Promise<UnauthenticatedError> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  const e = error as UnauthenticatedError;
  expect(e.extensions.code).toBe('UNAUTHENTICATED');
  if (token.length > 10) expect(e.message).not.toContain(token);
  return e;
}

describe('HS256 with AUTH_JWT_SECRET', () => {
  let verifier: TokenVerifier;
  beforeAll(async () => {
    verifier = await createTokenVerifier(auth({ jwtSecret: SECRET }), silent);
  });

  it('accepts a good token and returns its subject, expiry and claims', async () => {
    const exp = now() + 600;
    const result = await verifier.verify(await sign(secretKey(), { sub: 'alice', exp, claims: { name: 'Alice' } }));
    expect(result.subject).toBe('alice');
    expect(result.expiresAt).toEqual(new Date(exp * 1000));
    expect(result.claims).toMatchObject({ sub: 'alice', name: 'Alice', iss: ISSUER, aud: AUDIENCE });
  });

  it('accepts an audience list that includes the hub', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('bob')
      .setIssuer(ISSUER)
      .setAudience(['another-api', AUDIENCE])
      .setExpirationTime('1h')
      .sign(secretKey());
    expect((await verifier.verify(token)).subject).toBe('bob');
  });

  it('rejects an expired token, saying when it expired', async () => {
    const exp = now() - 2 * 3600;
    const error = await rejection(verifier, await sign(secretKey(), { exp }));
    expect(error.message).toMatch(/expired/);
    expect(error.message).toContain(new Date(exp * 1000).toISOString());
    expect(error.message).toMatch(/2 hours ago/);
  });

  it('allows 30 seconds of clock drift, and no more', async () => {
    await expect(verifier.verify(await sign(secretKey(), { exp: now() - 10 }))).resolves.toMatchObject({ subject: 'user-1' });
    expect((await rejection(verifier, await sign(secretKey(), { exp: now() - 45 }))).message).toMatch(/expired/);
  });

  it('rejects a token for another audience, naming the one it needs', async () => {
    const error = await rejection(verifier, await sign(secretKey(), { aud: 'someone-else' }));
    expect(error.message).toMatch(/audience/);
    expect(error.message).toContain('"someone-else"');
    expect(error.message).toContain(`"${AUDIENCE}"`);
  });

  it('rejects a token from another issuer, naming the one it needs', async () => {
    const error = await rejection(verifier, await sign(secretKey(), { iss: 'https://evil.example' }));
    expect(error.message).toMatch(/issued by "https:\/\/evil.example"/);
    expect(error.message).toContain(`"${ISSUER}"`);
  });

  it('rejects a token signed with another secret', async () => {
    const error = await rejection(verifier, await sign(secretKey('another-secret-that-is-also-long-enough')));
    expect(error.message).toMatch(/bad signature/);
  });

  it('rejects a token whose claims were altered after signing', async () => {
    const [header, , signature] = (await sign(secretKey(), { sub: 'alice' })).split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'admin', iss: ISSUER, aud: AUDIENCE, exp: now() + 3600 })).toString('base64url');
    expect((await rejection(verifier, `${header}.${forged}.${signature}`)).message).toMatch(/bad signature/);
  });

  it('rejects a token without an expiry', async () => {
    const error = await rejection(verifier, await sign(secretKey(), { exp: null }));
    expect(error.message).toMatch(/no expiry/);
  });

  it('rejects a token without a subject', async () => {
    expect((await rejection(verifier, await sign(secretKey(), { sub: null }))).message).toMatch(/no subject \(sub\)/);
    expect((await rejection(verifier, await sign(secretKey(), { sub: '' }))).message).toMatch(/no subject \(sub\)/);
  });

  it('rejects a token that is not yet valid', async () => {
    const nbf = now() + 3600;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setNotBefore(nbf)
      .setExpirationTime(nbf + 3600)
      .sign(secretKey());
    expect((await rejection(verifier, token)).message).toContain(`not valid until ${new Date(nbf * 1000).toISOString()}`);
  });

  it.each([
    ['not a JWT at all', 'not-a-jwt'],
    ['garbage in three parts', 'abc.def.ghi'],
    ['a header that is not JSON', `${Buffer.from('nope').toString('base64url')}.e30.c2ln`],
  ])('calls %s malformed', async (_why, token) => {
    expect((await rejection(verifier, token)).message).toMatch(/malformed/);
  });

  it('refuses an empty token', async () => {
    expect((await rejection(verifier, '')).message).toMatch(/empty/);
  });

  it('refuses unsigned tokens (alg none) and algorithms it has no key for', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'admin', iss: ISSUER, aud: AUDIENCE, exp: now() + 3600 })).toString('base64url');
    expect((await rejection(verifier, `${header}.${body}.`)).message).toMatch(/signed with "none".*accepts HS256/);

    const { privateKey } = await generateKeyPair('RS256');
    expect((await rejection(verifier, await sign(privateKey, { alg: 'RS256' }))).message).toMatch(/signed with "RS256"/);
  });
});

describe('AUTH_JWT_PUBLIC_KEY', () => {
  it.each(['RS256', 'ES256', 'EdDSA'])('verifies %s tokens, choosing the algorithm from the key', async (alg) => {
    const { publicKey, privateKey } = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : undefined);
    const verifier = await createTokenVerifier(auth({ jwtPublicKey: await exportSPKI(publicKey) }), silent);
    expect((await verifier.verify(await sign(privateKey, { alg, sub: 'carol' }))).subject).toBe('carol');

    const other = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : undefined);
    expect((await rejection(verifier, await sign(other.privateKey, { alg }))).message).toMatch(/bad signature/);
  });

  it('still checks expiry and audience for RS256 tokens', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const verifier = await createTokenVerifier(auth({ jwtPublicKey: await exportSPKI(publicKey) }), silent);
    expect((await rejection(verifier, await sign(privateKey, { alg: 'RS256', exp: now() - 3600 }))).message).toMatch(/expired/);
    expect((await rejection(verifier, await sign(privateKey, { alg: 'RS256', aud: 'x' }))).message).toMatch(/audience/);
  });

  it('does not accept HS256 tokens signed with the public key as the secret (key confusion)', async () => {
    const { publicKey } = await generateKeyPair('RS256');
    const pem = await exportSPKI(publicKey);
    const verifier = await createTokenVerifier(auth({ jwtPublicKey: pem }), silent);
    const error = await rejection(verifier, await sign(new TextEncoder().encode(pem)));
    expect(error.message).toMatch(/signed with "HS256"/);
  });
});

/** A JWKS endpoint on loopback whose keys the test can change. */
async function startJwksServer() {
  const state = { keys: [] as JWK[], requests: 0 };
  const server = http.createServer((_req, res) => {
    state.requests += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  return {
    state,
    url,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

async function jwk(publicKey: KeyLike, kid: string, alg: string): Promise<JWK> {
  return { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
}

describe('AUTH_JWKS_URL', () => {
  let jwks: Awaited<ReturnType<typeof startJwksServer>>;
  beforeEach(async () => {
    jwks = await startJwksServer();
  });
  afterEach(() => jwks.close());

  it('verifies tokens against the fetched key set, caching it', async () => {
    const a = await generateKeyPair('RS256');
    jwks.state.keys = [await jwk(a.publicKey, 'a', 'RS256')];
    const verifier = await createTokenVerifier(auth({ jwksUrl: jwks.url }), silent);
    expect((await verifier.verify(await sign(a.privateKey, { alg: 'RS256', kid: 'a', sub: 'dave' }))).subject).toBe('dave');
    expect((await verifier.verify(await sign(a.privateKey, { alg: 'RS256', kid: 'a', sub: 'erin' }))).subject).toBe('erin');
    expect(jwks.state.requests).toBe(1);
  });

  it('picks up a rotated key, but not before the refetch cooldown', async () => {
    const a = await generateKeyPair('RS256');
    const b = await generateKeyPair('ES256');
    jwks.state.keys = [await jwk(a.publicKey, 'a', 'RS256')];
    const verifier = await createTokenVerifier(auth({ jwksUrl: jwks.url }), silent);
    await verifier.verify(await sign(a.privateKey, { alg: 'RS256', kid: 'a' }));

    jwks.state.keys = [await jwk(a.publicKey, 'a', 'RS256'), await jwk(b.publicKey, 'b', 'ES256')];
    const tokenB = await sign(b.privateKey, { alg: 'ES256', kid: 'b', sub: 'frank' });
    // Straight after a fetch an unknown kid does not trigger another, so made-up kids cannot flood the provider.
    expect((await rejection(verifier, tokenB)).message).toMatch(/bad signature/);
    expect(jwks.state.requests).toBe(1);

    const later = Date.now() + 60_000;
    jest.spyOn(Date, 'now').mockImplementation(() => later);
    expect((await verifier.verify(tokenB)).subject).toBe('frank');
    expect(jwks.state.requests).toBe(2);
  });

  it('says the key set could not be fetched when the provider is down, rather than blaming the token', async () => {
    const a = await generateKeyPair('RS256');
    await jwks.close();
    const { log, lines } = recordingLogger();
    const verifier = await createTokenVerifier(auth({ jwksUrl: jwks.url }), log);
    const error = await rejection(verifier, await sign(a.privateKey, { alg: 'RS256', kid: 'a' }));
    expect(error.message).toMatch(/could not fetch/);
    expect(lines.some((l) => l.level === 40 && /JWKS/.test(l.msg))).toBe(true);
    jwks = await startJwksServer(); // for afterEach
  });

  it('accepts a token from any configured key when several are set', async () => {
    const a = await generateKeyPair('RS256');
    const p = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    jwks.state.keys = [await jwk(a.publicKey, 'a', 'RS256')];
    const verifier = await createTokenVerifier(
      auth({ jwtSecret: SECRET, jwtPublicKey: await exportSPKI(p.publicKey), jwksUrl: jwks.url }),
      silent,
    );
    expect((await verifier.verify(await sign(secretKey(), { sub: 'by-secret' }))).subject).toBe('by-secret');
    expect((await verifier.verify(await sign(p.privateKey, { alg: 'EdDSA', sub: 'by-pem' }))).subject).toBe('by-pem');
    expect((await verifier.verify(await sign(a.privateKey, { alg: 'RS256', kid: 'a', sub: 'by-jwks' }))).subject).toBe('by-jwks');
  });
});

describe('development tokens', () => {
  it('keep their secret in a 0600 file, created with its folders and reused by the next verifier', async () => {
    const file = path.join(tmp, 'dev', 'nested', 'dev-jwt-secret');
    const { log, lines } = recordingLogger();
    const first = await createTokenVerifier(auth({ devTokens: true, devSecretFile: file }), log);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const secret = fs.readFileSync(file, 'utf8').trim();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(48);
    expect(lines.filter((l) => /development tokens are on/.test(l.msg))).toHaveLength(1);

    const token = await first.signDevToken!('grace');
    const second = await createTokenVerifier(auth({ devTokens: true, devSecretFile: file }), silent);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(secret);
    expect((await second.verify(token)).subject).toBe('grace');
    // No temporary files left beside the secret.
    expect(fs.readdirSync(path.dirname(file))).toEqual(['dev-jwt-secret']);
  });

  it('sign tokens that verify, with the configured issuer and audience and a 12 hour default life', async () => {
    const verifier = await createTokenVerifier(
      auth({ devTokens: true, devSecretFile: path.join(tmp, 'round-trip'), issuer: 'my-hub', audience: 'my-api' }),
      silent,
    );
    const signedFrom = Math.floor(Date.now() / 1000);
    const token = await verifier.signDevToken!('heidi');
    const signedBy = Math.ceil(Date.now() / 1000);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'heidi', iss: 'my-hub', aud: 'my-api' });
    expect(claims.exp! - claims.iat!).toBe(12 * 3600);
    const result = await verifier.verify(token);
    expect(result.subject).toBe('heidi');
    // Twelve hours from when it was signed, however long signing took.
    expect(result.expiresAt!.getTime()).toBe(claims.exp! * 1000);
    expect(claims.iat!).toBeGreaterThanOrEqual(signedFrom);
    expect(claims.iat!).toBeLessThanOrEqual(signedBy);

    const short = decodeJwt(await verifier.signDevToken!('ivan', 60));
    expect(short.exp! - short.iat!).toBe(60);
  });

  it('are refused by a hub with a different secret', async () => {
    const dev = await createTokenVerifier(auth({ devTokens: true, devSecretFile: path.join(tmp, 'one') }), silent);
    const other = await createTokenVerifier(auth({ devTokens: true, devSecretFile: path.join(tmp, 'two') }), silent);
    expect((await rejection(other, await dev.signDevToken!('judy'))).message).toMatch(/bad signature/);
  });

  it('are signed with AUTH_JWT_SECRET when it is set, and no secret file is made', async () => {
    const file = path.join(tmp, 'not-made');
    const dev = await createTokenVerifier(auth({ devTokens: true, jwtSecret: SECRET, devSecretFile: file }), silent);
    const plain = await createTokenVerifier(auth({ jwtSecret: SECRET }), silent);
    expect((await plain.verify(await dev.signDevToken!('ken'))).subject).toBe('ken');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('cannot be signed when dev tokens are off', async () => {
    const verifier = await createTokenVerifier(auth({ jwtSecret: SECRET }), silent);
    expect(verifier).not.toHaveProperty('signDevToken');
  });

  it('refuse to start from a secret file too short to be safe', async () => {
    const file = path.join(tmp, 'short-secret');
    fs.writeFileSync(file, 'tooshort\n', { mode: 0o600 });
    await expect(createTokenVerifier(auth({ devTokens: true, devSecretFile: file }), silent)).rejects.toThrow(
      /does not hold a usable development token secret/,
    );
  });
});

describe('with no keys configured', () => {
  it('refuses every token and says why', async () => {
    const { log, lines } = recordingLogger();
    const verifier = await createTokenVerifier(auth(), log);
    const error = await rejection(verifier, await sign(secretKey()));
    expect(error.message).toMatch(/^This hub has no token keys configured/);
    expect(lines.some((l) => l.level === 40 && /no token keys/.test(l.msg))).toBe(true);
  });
});
