import { createPublicKey, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  SignJWT,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  importSPKI,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
  type JWTVerifyResult,
  type KeyLike,
} from 'jose';
import type { Config } from '../../config';
import { BadUserInputError, UnauthenticatedError } from '../../errors';
import type { Logger } from '../../logger';

export type { JWTPayload };

export interface VerifiedToken {
  /** The `sub` claim: who the token speaks for. */
  subject: string;
  expiresAt: Date | null;
  claims: JWTPayload;
}

export interface TokenVerifier {
  /**
   * Checks signature, expiry, issuer and audience. Throws UnauthenticatedError with a message a
   * person can act on (expired and when, bad signature, wrong issuer or audience, no `sub`,
   * malformed); the message never repeats the token.
   */
  verify(token: string): Promise<VerifiedToken>;
  /**
   * Only when dev tokens are on: signs an HS256 token for `subject`, valid for `ttlSeconds`
   * (default 12 h), with the configured issuer and audience.
   */
  signDevToken?(subject: string, ttlSeconds?: number): Promise<string>;
}

/** Clocks of the identity provider and the hub drift; half a minute absorbs that without stretching expiry much. */
export const CLOCK_TOLERANCE_SECONDS = 30;
const DEV_TOKEN_TTL_SECONDS = 12 * 60 * 60;
/** A slow identity provider should cost a request a few seconds at most, not jose's default five. */
const JWKS_TIMEOUT_MS = 3000;
/**
 * An unknown `kid` makes the hub refetch the key set so rotated keys are picked up, but no more
 * often than this: otherwise anyone could make the hub hammer the identity provider with made-up kids.
 */
const JWKS_COOLDOWN_MS = 10_000;
/** Asymmetric only: accepting HS* against a JWKS would invite key-confusion attacks. */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** One key, or key set, a token may be signed with. */
interface KeySource {
  /** Names the source in logs; never secret. */
  name: string;
  algorithms: string[];
  key: KeyLike | Uint8Array | JWTVerifyGetKey;
  /** Fetched over the network, so failing to get it is the hub's problem rather than the token's. */
  remote: boolean;
}

/**
 * Builds the verifier from the configured keys: AUTH_JWT_SECRET (HS256), AUTH_JWT_PUBLIC_KEY
 * (RS256/ES256/EdDSA by key type) and AUTH_JWKS_URL, in any combination; a token is accepted if any
 * of them verifies it. With dev tokens on and no AUTH_JWT_SECRET, the HS256 secret is kept in
 * `auth.devSecretFile` (created if missing) so tokens survive restarts.
 */
export async function createTokenVerifier(auth: Config['auth'], log: Logger): Promise<TokenVerifier> {
  const sources: KeySource[] = [];
  let hmacSecret: Uint8Array | undefined;
  if (auth.jwtSecret) {
    hmacSecret = new TextEncoder().encode(auth.jwtSecret);
    sources.push({ name: 'AUTH_JWT_SECRET', algorithms: ['HS256'], key: hmacSecret, remote: false });
  } else if (auth.devTokens) {
    hmacSecret = await loadDevSecret(auth.devSecretFile, log);
    sources.push({ name: 'development secret', algorithms: ['HS256'], key: hmacSecret, remote: false });
  }
  if (auth.jwtPublicKey) {
    const alg = publicKeyAlgorithm(auth.jwtPublicKey);
    sources.push({ name: 'AUTH_JWT_PUBLIC_KEY', algorithms: [alg], key: await importSPKI(auth.jwtPublicKey, alg), remote: false });
  }
  if (auth.jwksUrl) {
    const key = createRemoteJWKSet(new URL(auth.jwksUrl), { timeoutDuration: JWKS_TIMEOUT_MS, cooldownDuration: JWKS_COOLDOWN_MS });
    sources.push({ name: 'AUTH_JWKS_URL', algorithms: JWKS_ALGORITHMS, key, remote: true });
  }

  if (auth.devTokens) {
    log.info(
      { secretFile: auth.jwtSecret ? undefined : auth.devSecretFile },
      'development tokens are on: the hub signs and accepts its own HS256 tokens; never use this in production',
    );
  } else if (!sources.length) {
    log.warn('no token keys are configured (AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY, AUTH_JWKS_URL): every token will be refused');
  }

  const options: JWTVerifyOptions = {
    issuer: auth.issuer,
    audience: auth.audience,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['exp', 'sub'],
  };
  const accepted = [...new Set(sources.flatMap((s) => s.algorithms))];

  const verifier: TokenVerifier = {
    async verify(token) {
      if (!sources.length) {
        throw new UnauthenticatedError(
          'This hub has no token keys configured, so it cannot accept any token; its operator must set AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_URL.',
        );
      }
      const alg = headerAlgorithm(token);
      const candidates = sources.filter((s) => s.algorithms.includes(alg));
      if (!candidates.length) {
        throw new UnauthenticatedError(
          `The token is signed with ${quote(alg)}, which this hub does not accept; it accepts ${accepted.join(', ')}.`,
        );
      }
      let keysUnavailable = false;
      for (const source of candidates) {
        try {
          const { payload } = await verifyWith(token, source, { ...options, algorithms: source.algorithms });
          return verified(payload);
        } catch (err) {
          // The signature is checked before any claim, so a mismatch means "maybe another key"; anything else is final.
          if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey) continue;
          if (source.remote && !isTokenProblem(err)) {
            log.warn({ err, jwksUrl: auth.jwksUrl }, 'could not fetch the JWKS to check a token');
            keysUnavailable = true;
            continue;
          }
          throw explain(err, auth);
        }
      }
      if (keysUnavailable) {
        throw new UnauthenticatedError("The hub could not fetch its identity provider's keys to check the token; try again in a minute.");
      }
      throw new UnauthenticatedError(
        "The token has a bad signature: it matches no key this hub trusts, so it was issued elsewhere or altered. Get a new token from the hub's identity provider.",
      );
    },
  };

  if (auth.devTokens && hmacSecret) {
    const secret = hmacSecret;
    verifier.signDevToken = async (subject, ttlSeconds = DEV_TOKEN_TTL_SECONDS) => {
      if (!subject.trim()) throw new BadUserInputError('A development token needs a subject.', 'subject');
      if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
        throw new BadUserInputError('ttlSeconds must be a whole number of seconds, at least 1.', 'ttlSeconds');
      }
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(subject)
        .setIssuer(auth.issuer)
        .setAudience(auth.audience)
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .sign(secret);
    };
  }
  return verifier;
}

async function verifyWith(token: string, source: KeySource, options: JWTVerifyOptions): Promise<JWTVerifyResult> {
  if (typeof source.key !== 'function') return jwtVerify(token, source.key, options);
  try {
    return await jwtVerify(token, source.key, options);
  } catch (err) {
    // A key set may hold several keys fitting a token without `kid`; jose leaves trying each to the caller.
    if (!(err instanceof errors.JWKSMultipleMatchingKeys)) throw err;
    for await (const key of err) {
      try {
        return await jwtVerify(token, key, options);
      } catch (inner) {
        if (!(inner instanceof errors.JWSSignatureVerificationFailed)) throw inner;
      }
    }
    throw new errors.JWSSignatureVerificationFailed();
  }
}

function verified(claims: JWTPayload): VerifiedToken {
  if (typeof claims.sub !== 'string' || !claims.sub.trim()) throw noSubject();
  return { subject: claims.sub, expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null, claims };
}

/** The token's `alg`, read before any key is tried so the right keys are picked and a wrong one is named. */
function headerAlgorithm(token: string): string {
  if (!token.trim()) throw new UnauthenticatedError('The token is empty; send the JWT your identity provider issued.');
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw malformed('its header cannot be read');
  }
  if (typeof alg !== 'string' || !alg) throw malformed('its header names no signing algorithm (alg)');
  return alg;
}

/** Errors that describe the token itself, as opposed to a failure fetching the key set. */
function isTokenProblem(err: unknown): boolean {
  return (
    err instanceof errors.JWTExpired ||
    err instanceof errors.JWTClaimValidationFailed ||
    err instanceof errors.JWSInvalid ||
    err instanceof errors.JWTInvalid ||
    err instanceof errors.JOSEAlgNotAllowed ||
    err instanceof errors.JOSENotSupported
  );
}

/** Turns jose's errors into messages for the person holding the token; unexpected errors pass through. */
function explain(err: unknown, auth: Config['auth']): unknown {
  if (err instanceof errors.JWTExpired) {
    const exp = err.payload.exp;
    if (typeof exp !== 'number') return new UnauthenticatedError('The token has expired; get a new one.');
    return new UnauthenticatedError(
      `The token expired at ${new Date(exp * 1000).toISOString()} (${ago(Date.now() - exp * 1000)} ago); get a new one.`,
    );
  }
  if (err instanceof errors.JWTClaimValidationFailed) {
    const { claim, reason, payload } = err;
    const missing = reason === 'missing';
    switch (claim) {
      case 'exp':
        return new UnauthenticatedError(
          missing
            ? 'The token has no expiry time (exp); this hub accepts only tokens that expire.'
            : "The token's expiry time (exp) is not a number of seconds.",
        );
      case 'sub':
        return noSubject();
      case 'iss':
        return new UnauthenticatedError(
          `The token was issued by ${missing ? 'no one it names (no iss claim)' : quote(payload.iss)}, but this hub accepts only tokens issued by ${quote(auth.issuer)}.`,
        );
      case 'aud':
        return new UnauthenticatedError(
          `The token is meant for ${missing ? 'no audience it names (no aud claim)' : quote(payload.aud)}, but this hub accepts only tokens for the audience ${quote(auth.audience)}.`,
        );
      case 'nbf':
        return new UnauthenticatedError(
          typeof payload.nbf === 'number'
            ? `The token is not valid until ${new Date(payload.nbf * 1000).toISOString()}; if that looks wrong, check the clock of the machine that issued it.`
            : "The token's start time (nbf) is not a number of seconds.",
        );
      case 'iat':
        return new UnauthenticatedError("The token's issue time (iat) is not a number of seconds.");
      default:
        return new UnauthenticatedError(`The token's ${quote(claim)} claim is not acceptable.`);
    }
  }
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid || err instanceof errors.JOSENotSupported) {
    // jose's messages are fixed strings ("Invalid Compact JWS"), never parts of the token.
    return malformed(err.message);
  }
  if (err instanceof errors.JOSEAlgNotAllowed) {
    return new UnauthenticatedError('The token is signed with an algorithm this hub does not accept for its key.');
  }
  return err;
}

function malformed(why: string): UnauthenticatedError {
  return new UnauthenticatedError(
    `The token is malformed (${why}); send the signed JWT exactly as issued: three base64url parts separated by dots.`,
  );
}

function noSubject(): UnauthenticatedError {
  return new UnauthenticatedError(
    'The token names no subject (sub), so the hub cannot tell who is calling; ask for a token issued to a person or service account.',
  );
}

/** A claim value for a message: quoted, and cut short since the sender controls it. */
function quote(value: unknown): string {
  // JSON.stringify returns undefined for undefined and functions, though its type says string.
  const json = JSON.stringify(value) as string | undefined;
  const text = json ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function ago(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

/** The algorithm a PEM public key verifies with; config.ts has already refused other key types. */
function publicKeyAlgorithm(pem: string): 'RS256' | 'ES256' | 'EdDSA' {
  const key = createPublicKey({ key: pem, format: 'pem' });
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  throw new Error(`AUTH_JWT_PUBLIC_KEY holds a ${key.asymmetricKeyType} key; use an RSA, EC P-256 or Ed25519 key.`);
}

const DEV_SECRET_BYTES = 48;

/**
 * Reads the dev-token secret, creating it on first use. It is written to a temporary file and
 * hard-linked into place, so two processes starting together agree on one secret and neither can
 * read a half-written file.
 */
async function loadDevSecret(file: string, log: Logger): Promise<Uint8Array> {
  const existing = await readDevSecret(file);
  if (existing) return existing;
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(tmp, `${randomBytes(DEV_SECRET_BYTES).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await fs.link(tmp, file);
    log.info({ file }, 'created a development token secret');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await fs.rm(tmp, { force: true });
  }
  const created = await readDevSecret(file);
  if (!created) throw new Error(`${file} vanished while the hub was creating it; start the hub again.`);
  return created;
}

async function readDevSecret(file: string): Promise<Uint8Array | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const bytes = Buffer.from(text.trim(), 'base64url');
  // Fewer than 32 bytes would make HS256 guessable; a truncated or hand-edited file must not silently weaken it.
  if (bytes.length < 32) {
    throw new Error(`${file} does not hold a usable development token secret; delete it and the hub will make a new one.`);
  }
  return new Uint8Array(bytes);
}
