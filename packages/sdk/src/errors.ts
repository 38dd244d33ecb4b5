/** One GraphQL error as the gateway sends it. */
export interface GraphQLErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; retryAfterSeconds?: number; [key: string]: unknown };
}

/**
 * A call that did not succeed: the gateway's first error code (`UNAUTHENTICATED`, `BAD_USER_INPUT`,
 * `RATE_LIMITED`, ...) or `NETWORK_ERROR` / `BAD_RESPONSE`, the HTTP status, and every error sent.
 */
export class StorewiseError extends Error {
  readonly code: string;
  readonly status: number | null;
  readonly errors: GraphQLErrorEntry[];
  /** The bad field, when the gateway named one (e.g. `items[1].sku`). */
  readonly field: string | null;
  /** Seconds to wait, for RATE_LIMITED. */
  readonly retryAfterSeconds: number | null;

  constructor(message: string, code: string, status: number | null, errors: GraphQLErrorEntry[] = []) {
    super(message);
    this.name = 'StorewiseError';
    this.code = code;
    this.status = status;
    this.errors = errors;
    const first = errors[0]?.extensions;
    this.field = typeof first?.field === 'string' ? first.field : null;
    this.retryAfterSeconds = typeof first?.retryAfterSeconds === 'number' ? first.retryAfterSeconds : null;
  }
}
