/** One problem of a call the gateway refused, with its field (e.g. `input.rule.or[1].eq`). */
export interface ErrorProblem {
  field: string;
  message: string;
}

/**
 * The codes a StorewiseError carries (`error.code`): the gateway's (docs/gateway.md, "Errors"), and the
 * SDK's own for what went wrong before or after the gateway answered (NETWORK_ERROR: no answer, a timeout
 * included; BAD_RESPONSE: an answer that is not GraphQL JSON; CUSTOMER_TOKEN_ERROR: the `customerToken`
 * function threw, nothing sent; TRACKER_QUEUE_FULL: an event the tracker dropped, its queue full; UNKNOWN:
 * an error without a code). Open to other text (`string & {}`), so that a code a newer gateway adds still
 * type-checks, while a typo of a known one is offered the right spelling by the editor.
 */
export type StorewiseErrorCode =
  | 'BAD_USER_INPUT'
  | 'BAD_REQUEST'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'OPERATION_RESOLUTION_FAILURE'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'PERSISTED_QUERY_NOT_SUPPORTED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'COST_LIMIT_EXCEEDED'
  | 'RATE_LIMITED'
  | 'MODEL_NOT_TRAINED'
  | 'JOB_RUNNING'
  | 'MODEL_PLUGIN_FAILED'
  | 'INTERNAL_SERVER_ERROR'
  | 'NETWORK_ERROR'
  | 'BAD_RESPONSE'
  | 'CUSTOMER_TOKEN_ERROR'
  | 'TRACKER_QUEUE_FULL'
  | 'UNKNOWN'
  | (string & {});

/**
 * Why the gateway refused a call as UNAUTHENTICATED (`error.reason`; `error.field` names the header):
 * API_KEY_MISSING (no key where one is needed, or a customer token sent without one), API_KEY_MALFORMED,
 * API_KEY_INVALID (unknown, or a wrong secret), API_KEY_REVOKED: the app's configuration;
 * CUSTOMER_TOKEN_EXPIRED (past its `exp`, or signed more than a day ago): get a fresh token from the shop's
 * server; CUSTOMER_TOKEN_INVALID (not a JWT, a bad signature, a missing or wrong claim);
 * CUSTOMER_TOKEN_NOT_ACCEPTED (the gateway has no STOREWISE_CUSTOMER_TOKEN_SECRET). Open to other text.
 */
export type AuthRefusalReason =
  | 'API_KEY_MISSING'
  | 'API_KEY_MALFORMED'
  | 'API_KEY_INVALID'
  | 'API_KEY_REVOKED'
  | 'CUSTOMER_TOKEN_EXPIRED'
  | 'CUSTOMER_TOKEN_INVALID'
  | 'CUSTOMER_TOKEN_NOT_ACCEPTED'
  | (string & {});

/** One GraphQL error as the gateway sends it. */
export interface GraphQLErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: {
    code?: StorewiseErrorCode;
    /** Why, for UNAUTHENTICATED. */
    reason?: AuthRefusalReason;
    field?: string;
    retryAfterSeconds?: number;
    problems?: ErrorProblem[];
    [key: string]: unknown;
  };
}

/**
 * A call that did not succeed: the gateway's first error code (`UNAUTHENTICATED`, `BAD_USER_INPUT`,
 * `RATE_LIMITED`, ...) or `NETWORK_ERROR` / `BAD_RESPONSE`, the HTTP status, and every error sent.
 */
export class StorewiseError extends Error {
  readonly code: StorewiseErrorCode;
  readonly status: number | null;
  readonly errors: GraphQLErrorEntry[];
  /**
   * The bad field, when the gateway named one (e.g. `items[1].sku`); for UNAUTHENTICATED the header at
   * fault (`authorization`, `x-api-key` or `x-storewise-customer-token`).
   */
  readonly field: string | null;
  /** Why the call was refused, for UNAUTHENTICATED (see AuthRefusalReason); null otherwise. */
  readonly reason: AuthRefusalReason | null;
  /** Seconds to wait, for RATE_LIMITED. */
  readonly retryAfterSeconds: number | null;
  /**
   * Every problem, when the gateway lists them (a segment rule naming unknown scores or segments,
   * recommendation rules naming unknown SKUs or categories: all at once, at most 20); empty otherwise.
   */
  readonly problems: ErrorProblem[];

  constructor(
    message: string,
    code: StorewiseErrorCode,
    status: number | null,
    errors: GraphQLErrorEntry[] = [],
  ) {
    super(message);
    this.name = 'StorewiseError';
    this.code = code;
    this.status = status;
    this.errors = errors;
    const first = errors[0]?.extensions;
    this.field = typeof first?.field === 'string' ? first.field : null;
    this.reason = typeof first?.reason === 'string' ? first.reason : null;
    this.retryAfterSeconds = typeof first?.retryAfterSeconds === 'number' ? first.retryAfterSeconds : null;
    this.problems = problemsOf(first?.problems);
  }
}

/** The entries of `extensions.problems` shaped as the gateway sends them (a field and a message each). */
function problemsOf(value: unknown): ErrorProblem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((p: unknown) => {
    const { field, message } = (p ?? {}) as Record<string, unknown>;
    return typeof field === 'string' && typeof message === 'string' ? [{ field, message }] : [];
  });
}

/**
 * The text of a failed fetch, with its cause: Node's fetch says only `TypeError: fetch failed`, and keeps
 * why (`connect ECONNREFUSED 127.0.0.1:4000`, a DNS failure, ...) in `cause`, several of them for a host
 * name with several addresses (localhost: ::1 and 127.0.0.1).
 */
export function networkErrorText(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause === undefined || cause === null) return String(error);
  const causes = cause instanceof AggregateError && cause.errors.length > 0 ? cause.errors : [cause];
  const reasons = causes.map((c: unknown) => {
    const { message, code } = (c ?? {}) as { message?: unknown; code?: unknown };
    const text = typeof message === 'string' && message !== '' ? message : String(c);
    return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
  });
  return `${String(error)} (${[...new Set(reasons)].join('; ')})`;
}
