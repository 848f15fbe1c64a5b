import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Service-account API keys: `pdh_<prefix>_<secret>`. The prefix (8 lowercase hex) is stored in
 * clear to find the key's row and to show in lists; the secret (32 random bytes, base64url) is never
 * stored, only the hash of the whole key.
 */
const API_KEY = /^pdh_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  /** The full key, shown to its owner once and never again. */
  key: string;
  prefix: string;
  hash: string;
}

/** Makes a new key with its lookup prefix and the hash to store. */
export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBytes(4).toString('hex');
  const key = `pdh_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** Whether a bearer credential is meant as an API key rather than a JWT (which never starts `pdh_`). */
export function isApiKey(token: string): boolean {
  return token.startsWith('pdh_');
}

/** The prefix of a well-formed key, or null when the shape is wrong, so bad input never reaches the database. */
export function parseApiKey(token: string): { prefix: string } | null {
  const match = API_KEY.exec(token);
  return match ? { prefix: match[1] } : null;
}

/**
 * SHA-256 hex of the whole key. A slow password hash (bcrypt, scrypt) guards low-entropy secrets
 * against guessing; these carry 256 random bits, which no amount of guessing reaches, so a fast hash
 * is as safe and keeps every API call from paying tens of milliseconds of CPU.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Compares two hashes in constant time, so response timing reveals nothing about a stored hash. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // timingSafeEqual throws on different lengths; hashes of one algorithm are all one length, so this leaks nothing.
  return left.length === right.length && timingSafeEqual(left, right);
}
