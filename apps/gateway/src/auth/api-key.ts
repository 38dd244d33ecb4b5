import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SCOPES = ['read', 'write', 'admin', 'storefront'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

export interface ParsedApiKey {
  keyId: string;
  secret: string;
}

const KEY_PATTERN = /^sw_([0-9a-f]{16})_([A-Za-z0-9_-]{32})$/;

/** Splits `sw_<keyId>_<secret>`; null when the text is not shaped like a Storewise key. */
export function parseApiKey(text: string): ParsedApiKey | null {
  const m = KEY_PATTERN.exec(text.trim());
  return m ? { keyId: m[1]!, secret: m[2]! } : null;
}

/** SHA-256 of the secret, hex: the only form in which a secret is stored. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a secret with a stored hash in constant time (for equal-length hashes, which SHA-256 gives). */
export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  if (expected.length !== actual.length) return false;
  return timingSafeEqual(actual, expected);
}

/** A new random key: 64 bits of id, 192 bits of secret. */
export function generateApiKey(): ParsedApiKey & { key: string } {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  return { keyId, secret, key: `sw_${keyId}_${secret}` };
}
