/**
 * Customer tokens for tests, built by hand from RFC 7519 / RFC 7515 (base64url of the header and the
 * claims, HMAC-SHA256 of the two joined by a dot): what any JWT library of a shop's server makes, not the
 * gateway's own code.
 */
import { createHmac } from 'node:crypto';

/** The secret the test gateways are started with (`customerTokenSecret`). */
export const SECRET = 'a-shop-server-secret-of-32-chars-or-more';

export function jwt(
  claims: Record<string, unknown>,
  secret = SECRET,
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
): string {
  const part = (o: Record<string, unknown>) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const signed = `${part(header)}.${part(claims)}`;
  const alg = header.alg === 'HS512' ? 'sha512' : 'sha256';
  return `${signed}.${createHmac(alg, secret).update(signed).digest('base64url')}`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** The claims a customer token needs: sub, iat, exp, and aud "storewise". */
export const claims = (sub: string, more: Record<string, unknown> = {}): Record<string, unknown> => ({
  sub,
  iat: nowSeconds(),
  exp: nowSeconds() + 3600,
  aud: 'storewise',
  ...more,
});

/** A valid token for `customerId`, signed with SECRET. */
export const token = (customerId: string): string => jwt(claims(customerId));

/** The header that carries a customer token. */
export const withToken = (t: string): Record<string, string> => ({ 'x-storewise-customer-token': t });
