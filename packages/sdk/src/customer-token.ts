/**
 * Customer tokens, made on the shop's server: an HS256 JWT (RFC 7519) naming the customer who is logged
 * in (`sub`), when it was signed (`iat`) and expires (`exp`), for the audience `storewise` (`aud`), signed
 * with the secret the gateway was given as
 * STOREWISE_CUSTOMER_TOKEN_SECRET. The storefront sends it beside its storefront key (the client's
 * `customerToken` option) to get that customer's explained recommendations and the rules excludeBought
 * and excludeSeen. Signed with WebCrypto (Node 20+, browsers), so the SDK needs no JWT library; any
 * JWT library makes the same token (docs/gateway.md, "Customer tokens").
 */

export interface CustomerTokenOptions {
  /** The gateway's STOREWISE_CUSTOMER_TOKEN_SECRET (at least 32 characters). Never send it to a browser. */
  secret: string;
  /** Your id of the customer who is logged in. */
  customerId: string;
  /** How long the token is good for, in seconds (default 3600; at most 86,400: the gateway refuses older tokens). */
  expiresInSeconds?: number;
  /** The time it is made (default: now). */
  now?: Date;
}

const MIN_SECRET_LENGTH = 32;
const MAX_CUSTOMER_ID_LENGTH = 128;
/** The gateway's limits: the audience it requires, and the oldest token it takes (from iat). */
const AUDIENCE = 'storewise';
const MAX_LIFETIME_SECONDS = 86_400;

/** Signs a customer token. Server side only: whoever holds the secret can speak for any customer. */
export async function signCustomerToken(options: CustomerTokenOptions): Promise<string> {
  const { secret, customerId, expiresInSeconds = 3600 } = options;
  if (typeof secret !== 'string' || secret === '')
    throw new TypeError(
      `signCustomerToken: secret must be the gateway's STOREWISE_CUSTOMER_TOKEN_SECRET, a string of at least ${MIN_SECRET_LENGTH} characters; got ${secret === '' ? 'an empty string' : String(secret)} (is it set in this server's environment?)`,
    );
  if (secret.length < MIN_SECRET_LENGTH)
    throw new Error(
      `signCustomerToken: secret must be at least ${MIN_SECRET_LENGTH} characters, as the gateway requires, got ${secret.length}`,
    );
  if (typeof customerId !== 'string')
    throw new TypeError(
      `signCustomerToken: customerId must be a string (your id of the customer), got ${String(customerId)}`,
    );
  if (customerId === '' || customerId.length > MAX_CUSTOMER_ID_LENGTH)
    throw new Error(
      `signCustomerToken: customerId must be 1-${MAX_CUSTOMER_ID_LENGTH} characters, got ${customerId.length}`,
    );
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0 || expiresInSeconds > MAX_LIFETIME_SECONDS)
    throw new Error(
      `signCustomerToken: expiresInSeconds must be a whole number of seconds from 1 to ${MAX_LIFETIME_SECONDS} (a day: the gateway refuses older tokens), got ${expiresInSeconds}`,
    );
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const signingInput = `${base64url(json({ alg: 'HS256', typ: 'JWT' }))}.${base64url(
    json({ sub: customerId, aud: AUDIENCE, iat, exp: iat + expiresInSeconds }),
  )}`;
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(signingInput));
  return `${signingInput}.${base64url(new Uint8Array(signature))}`;
}

function json(value: object): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

/** Base64url without padding (RFC 7515, 2), from bytes: btoa is in Node 16+ and every browser. */
function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
