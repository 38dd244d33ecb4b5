import { errors, jwtVerify } from 'jose';
import { MAX_ID_LENGTH } from '../schema/inputs/check-inputs.js';
import type { AuthRefusal } from './auth-refusals.js';

/**
 * The header a storefront sends a customer token in, beside its API key: a JWT (HS256) that the shop's
 * server signed with the gateway's STOREWISE_CUSTOMER_TOKEN_SECRET, naming the customer who is logged in
 * (`sub`), when it was signed (`iat`, at most a day ago) and expires (`exp`), for the audience `storewise`. It lets a storefront key ask what only a read key may ask about
 * other customers (`because`, excludeBought, excludeSeen), for that one customer (check-scopes.ts).
 * HS256 rather than a format of our own: a shop's server in PHP, Python or Ruby signs one with the JWT
 * library it already has.
 */
export const CUSTOMER_TOKEN_HEADER = 'x-storewise-customer-token';

/** Shortest secret accepted: HS256's key should be at least as long as its 256-bit hash (RFC 7518, 3.2). */
export const MIN_CUSTOMER_TOKEN_SECRET_LENGTH = 32;

/** Seconds of clock difference between the shop's server and the gateway that an `exp` is allowed. */
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * The audience a token must name (`aud`): a JWT the shop signed for something else with the same secret
 * (its own sessions, say) is not a customer token here.
 */
export const CUSTOMER_TOKEN_AUDIENCE = 'storewise';

/**
 * The oldest a token may be (from its `iat`), whatever its `exp`: a token cannot be revoked but by changing
 * the secret, so one that leaked from a page stops working within a day.
 */
export const MAX_CUSTOMER_TOKEN_AGE_SECONDS = 24 * 3600;

export type CustomerTokenOutcome =
  | { kind: 'none' }
  | { kind: 'customer'; customerId: string }
  | { kind: 'refused'; reason: string; code: AuthRefusal };

/** Reads the customer token header (null when absent or blank). */
export function customerTokenFromHeaders(
  headers: Record<string, string | string[] | undefined>,
): string | null {
  const value = headers[CUSTOMER_TOKEN_HEADER];
  const text = Array.isArray(value) ? value[0] : value;
  return text !== undefined && text.trim() !== '' ? text.trim() : null;
}

/** Verifies customer tokens against the gateway's secret (null: the gateway takes none). */
export class CustomerTokens {
  private readonly key: Uint8Array | null;

  constructor(
    secret: string | null,
    private readonly now: () => number = Date.now,
  ) {
    this.key = secret === null ? null : new TextEncoder().encode(secret);
  }

  async verify(token: string | null): Promise<CustomerTokenOutcome> {
    if (token === null) return { kind: 'none' };
    if (this.key === null)
      return {
        kind: 'refused',
        reason:
          'this gateway takes no customer tokens (X-Storewise-Customer-Token): STOREWISE_CUSTOMER_TOKEN_SECRET is not set',
        code: 'CUSTOMER_TOKEN_NOT_ACCEPTED',
      };
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        audience: CUSTOMER_TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'iat'],
        maxTokenAge: MAX_CUSTOMER_TOKEN_AGE_SECONDS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(this.now()),
      });
      const sub: unknown = payload.sub;
      if (typeof sub !== 'string' || sub === '' || sub.length > MAX_ID_LENGTH)
        return refused(
          `its sub claim (the customer id) must be text of 1-${MAX_ID_LENGTH} characters`,
          'CUSTOMER_TOKEN_INVALID',
        );
      return { kind: 'customer', customerId: sub };
    } catch (error) {
      // An expired token (exp passed, or signed more than a day ago) is what a fresh one from the shop's
      // server fixes: told apart from a token that no new signing of the same kind would fix.
      return refused(
        whyRefused(error),
        error instanceof errors.JWTExpired ? 'CUSTOMER_TOKEN_EXPIRED' : 'CUSTOMER_TOKEN_INVALID',
      );
    }
  }
}

function refused(why: string, code: AuthRefusal): CustomerTokenOutcome {
  return { kind: 'refused', reason: `the customer token is not valid: ${why}`, code };
}

/** What was wrong with a token, in words that do not repeat the token. */
function whyRefused(error: unknown): string {
  if (error instanceof errors.JWTExpired)
    return error.claim === 'iat'
      ? `it was signed more than ${MAX_CUSTOMER_TOKEN_AGE_SECONDS / 3600} hours ago (iat): sign a new one`
      : 'it has expired (exp)';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing')
      return `it has no ${error.claim} claim (sub: the customer id, iat: when it was signed, exp: when it expires, aud: "${CUSTOMER_TOKEN_AUDIENCE}")`;
    if (error.claim === 'aud') return `its aud claim must be "${CUSTOMER_TOKEN_AUDIENCE}"`;
    if (error.claim === 'iat') return 'its iat claim (when it was signed) is in the future';
    return `its ${error.claim} claim is not valid (${error.reason})`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'it must be signed with HS256';
  if (error instanceof errors.JOSENotSupported)
    return 'its header asks for something not supported (crit, b64 or another algorithm): sign a plain HS256 JWT';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'its signature does not match STOREWISE_CUSTOMER_TOKEN_SECRET';
  return 'it is not a signed JWT (header.payload.signature)';
}
