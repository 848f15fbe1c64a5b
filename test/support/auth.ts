import { SignJWT } from 'jose';

/** The HS256 secret every test hub verifies tokens with (set as AUTH_JWT_SECRET by startTestApp). */
export const TEST_JWT_SECRET = 'hub-test-suite-secret-0123456789abcdef-not-for-use-elsewhere';
export const TEST_ISSUER = 'partnership-data-hub';
export const TEST_AUDIENCE = 'partnership-data-hub';

/** The account plain test requests run as: a public health analyst, who sees open data and aggregates. */
export const DEFAULT_SUBJECT = 'seed:analyst';

/** A signed JWT for a seeded account, as an identity provider would issue it. */
export async function tokenFor(
  subject: string,
  options: { ttlSeconds?: number; secret?: string; issuer?: string; audience?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer(options.issuer ?? TEST_ISSUER)
    .setAudience(options.audience ?? TEST_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.ttlSeconds ?? 3600))
    .sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}

/** `{ authorization: 'Bearer …' }` for a seeded account. */
export async function authHeader(subject: string = DEFAULT_SUBJECT): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await tokenFor(subject)}` };
}
