import { GraphQLError } from 'graphql/index.js';

/**
 * Why a request was refused as UNAUTHENTICATED, sent as `extensions.reason` beside `extensions.field`
 * (the header at fault), so that a program can branch without reading the message: an expired customer
 * token calls for a fresh one from the shop's server, a revoked API key for a change of configuration.
 */
export const AUTH_REFUSALS = [
  /** No API key, for a field that needs one (or a customer token sent without one). */
  'API_KEY_MISSING',
  /** Text not shaped like a Storewise key (`sw_<keyId>_<secret>`). */
  'API_KEY_MALFORMED',
  /** No such key, or a wrong secret (the two are not told apart). */
  'API_KEY_INVALID',
  'API_KEY_REVOKED',
  /** Past its `exp`, or signed more than a day ago (`iat`): sign a new one. */
  'CUSTOMER_TOKEN_EXPIRED',
  /** Anything else wrong with the token: not a JWT, a bad signature, a missing or wrong claim. */
  'CUSTOMER_TOKEN_INVALID',
  /** The gateway takes no customer tokens (STOREWISE_CUSTOMER_TOKEN_SECRET is not set). */
  'CUSTOMER_TOKEN_NOT_ACCEPTED',
] as const;
export type AuthRefusal = (typeof AUTH_REFUSALS)[number];

/** A 401 UNAUTHENTICATED error saying why (`reason`) and which header (`field`). */
export function unauthenticated(message: string, reason: AuthRefusal, field: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', reason, field, http: { status: 401 } },
  });
}
