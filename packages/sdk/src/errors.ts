/** One problem of a call the gateway refused, with its field (e.g. `input.rule.or[1].eq`). */
export interface ErrorProblem {
  field: string;
  message: string;
}

/** One GraphQL error as the gateway sends it. */
export interface GraphQLErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: {
    code?: string;
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
  readonly code: string;
  readonly status: number | null;
  readonly errors: GraphQLErrorEntry[];
  /** The bad field, when the gateway named one (e.g. `items[1].sku`). */
  readonly field: string | null;
  /** Seconds to wait, for RATE_LIMITED. */
  readonly retryAfterSeconds: number | null;
  /**
   * Every problem, when the gateway lists them (a segment rule naming unknown scores or segments,
   * recommendation rules naming unknown SKUs or categories: all at once, at most 20); empty otherwise.
   */
  readonly problems: ErrorProblem[];

  constructor(message: string, code: string, status: number | null, errors: GraphQLErrorEntry[] = []) {
    super(message);
    this.name = 'StorewiseError';
    this.code = code;
    this.status = status;
    this.errors = errors;
    const first = errors[0]?.extensions;
    this.field = typeof first?.field === 'string' ? first.field : null;
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
