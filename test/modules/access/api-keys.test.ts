import { generateApiKey, hashApiKey, isApiKey, parseApiKey, sameHash } from '../../../src/modules/access/api-keys';

describe('API keys', () => {
  it('have the documented shape, and their prefix and hash match the key', () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^pdh_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`pdh_${prefix}_`)).toBe(true);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashApiKey(key));
    expect(parseApiKey(key)).toEqual({ prefix });
    expect(isApiKey(key)).toBe(true);
  });

  it('are different every time', () => {
    const keys = new Set(Array.from({ length: 50 }, () => generateApiKey().key));
    expect(keys.size).toBe(50);
  });

  it('hash stably: a hash stored by one release still matches in the next', () => {
    const key = 'pdh_0123abcd_' + 'A'.repeat(43);
    // sha256 hex of the whole key, computed independently with `sha256sum`.
    expect(hashApiKey(key)).toBe('8bf8b7f94f9a194e9abfc33efb2a56cfe88d66ae0dbb050060ebc91771458f02');
    expect(hashApiKey(key)).not.toBe(hashApiKey(key.slice(0, -1) + 'B'));
  });

  it('compare hashes as equal only when they are', () => {
    const { key, hash: a } = generateApiKey();
    const b = generateApiKey().hash;
    expect(sameHash(a, hashApiKey(key))).toBe(true);
    expect(sameHash(a, b)).toBe(false);
    expect(sameHash(a, a.slice(0, -1) + (a.endsWith('0') ? '1' : '0'))).toBe(false);
    // Different lengths must give false, not the RangeError timingSafeEqual would throw.
    expect(sameHash(a, a.slice(0, -1))).toBe(false);
    expect(sameHash(a, '')).toBe(false);
  });

  it('tell keys from JWTs by their prefix', () => {
    expect(isApiKey('eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBe(false);
    expect(isApiKey('pdh_anything')).toBe(true);
  });

  it.each([
    ['no pdh_ prefix', 'xyz_0123abcd_' + 'A'.repeat(43)],
    ['an upper-case prefix', 'pdh_0123ABCD_' + 'A'.repeat(43)],
    ['a short prefix', 'pdh_0123abc_' + 'A'.repeat(43)],
    ['a short secret', 'pdh_0123abcd_' + 'A'.repeat(42)],
    ['a long secret', 'pdh_0123abcd_' + 'A'.repeat(44)],
    ['a character outside base64url', 'pdh_0123abcd_' + 'A'.repeat(42) + '+'],
    ['padding', 'pdh_0123abcd_' + 'A'.repeat(42) + '='],
    ['trailing text', 'pdh_0123abcd_' + 'A'.repeat(43) + '\n'],
    ['nothing after the prefix', 'pdh_0123abcd'],
    ['an empty string', ''],
  ])('parse rejects a key with %s', (_why, token) => {
    expect(parseApiKey(token)).toBeNull();
  });
});
