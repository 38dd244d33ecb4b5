import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { type GraphQLErrorEntry, networkErrorText, StorewiseError } from './errors.js';

export interface TransportOptions {
  /** The gateway's GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  url: string;
  /** An API key, `sw_<keyId>_<secret>`. */
  apiKey?: string;
  /**
   * A customer token for the customer who is logged in (signCustomerToken, on the shop's server), sent
   * beside a storefront key: it lets that key ask for this customer's `explain` and excludeBought/excludeSeen.
   * A function is called before each request, so that a page kept open can fetch a fresh token from the
   * shop's server before the old one expires (the gateway refuses a whole request with an expired one);
   * it may return null to send none.
   */
  customerToken?: string | (() => string | null | Promise<string | null>);
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** Retries of idempotent calls after a network error, 429, 502, 503 or 504 (default 2). */
  retries?: number;
  /** First backoff delay in ms, doubled per retry, with jitter (default 200). */
  retryDelayMs?: number;
  /** How to wait (tests pass a recorder). */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Milliseconds the whole call may take, its retries and the waits between them included (none by
   * default). An attempt still under way at the deadline is abandoned (a network error); a wait that would
   * end past it is not begun: the call fails at once with what the last attempt got (a 429's RATE_LIMITED
   * error, with `retryAfterSeconds`, a network error, a 502-504).
   */
  timeoutMs?: number;
  /** The clock the deadline of `timeoutMs` is kept by (default Date.now; tests pass their own). */
  now?: () => number;
}

/** How one request is sent. */
export interface SendOptions {
  /** fetch's `keepalive`: the request outlives the page (bodies up to 64 KiB in browsers). */
  keepalive?: boolean;
}

export interface GraphQLResult<TResult> {
  data: TResult | null;
  errors: GraphQLErrorEntry[];
  /** The gateway's `extensions`, e.g. `cost` with the query's cost and the budget left. */
  extensions: Record<string, unknown>;
  status: number;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const MAX_WAIT_MS = 60_000;
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends typed GraphQL documents over HTTP POST and retries only what is safe to repeat. */
export class Transport {
  private readonly fetchFn: typeof fetch;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: TransportOptions) {
    if (!/^https?:\/\//.test(options.url))
      throw new Error(`url must be an http(s) URL, got "${options.url}"`);
    const f = options.fetch ?? globalThis.fetch;
    if (typeof f !== 'function') throw new Error('no fetch available: pass options.fetch');
    this.fetchFn = f;
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 200;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    const t = options.timeoutMs;
    // Timers take whole milliseconds up to 2^31 - 1; beyond, Node fires at once (with a warning).
    if (t !== undefined && !(Number.isInteger(t) && t >= 1 && t <= MAX_TIMEOUT_MS))
      throw new Error(
        `timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}, got ${t}`,
      );
  }

  /**
   * Runs a document and returns data, errors and extensions as sent, without throwing on GraphQL errors.
   * `send.keepalive` asks the browser to finish the request after the page is gone (fetch's `keepalive`,
   * bodies up to 64 KiB): the tracker's flush when the page is hidden.
   */
  async execute<TResult, TVariables>(
    document: DocumentTypeDecoration<TResult, TVariables>,
    variables: TVariables,
    idempotent: boolean,
    send: SendOptions = {},
  ): Promise<GraphQLResult<TResult>> {
    const attempts = idempotent ? this.retries + 1 : 1;
    const body = requestBody(String(document), variables);
    const { timeoutMs } = this.options;
    const deadline = timeoutMs === undefined ? Number.POSITIVE_INFINITY : this.now() + timeoutMs;
    // A retry whose wait would end at or past the deadline is not made (it would have no time left).
    const retryAfter = (attempt: number, wait: number) => attempt < attempts && this.now() + wait < deadline;
    const customerToken = await this.customerToken();
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      let text: string;
      try {
        res = await this.send(body, customerToken, deadline, send);
        // The body is read within the attempt: a connection lost or a timeout while it arrives is a
        // network error as one before the headers is (it escaped as a raw DOMException).
        text = await res.text();
      } catch (error) {
        const wait = this.backoff(attempt, null);
        if (!retryAfter(attempt, wait))
          throw new StorewiseError(`network error: ${networkErrorText(error)}`, 'NETWORK_ERROR', null);
        await this.sleep(wait);
        continue;
      }
      if (RETRYABLE_STATUS.has(res.status)) {
        const wait = this.backoff(attempt, res.headers.get('retry-after'));
        if (retryAfter(attempt, wait)) {
          await this.sleep(wait);
          continue;
        }
      }
      return parseResponse<TResult>(res.status, text);
    }
  }

  /** Runs a document and returns its data, throwing a StorewiseError when the gateway reports any error. */
  async request<TResult, TVariables>(
    document: DocumentTypeDecoration<TResult, TVariables>,
    variables: TVariables,
    idempotent: boolean,
    send: SendOptions = {},
  ): Promise<TResult> {
    const result = await this.execute(document, variables, idempotent, send);
    const first = result.errors[0];
    if (first !== undefined) {
      throw new StorewiseError(
        first.message,
        first.extensions?.code ?? 'UNKNOWN',
        result.status,
        result.errors,
      );
    }
    if (result.data === null)
      throw new StorewiseError('the response holds no data', 'BAD_RESPONSE', result.status);
    return result.data;
  }

  /**
   * The customer token to send, asked once per call. A provider that throws (the shop's server could not
   * give one: the session ended) fails the call as CUSTOMER_TOKEN_ERROR, nothing sent: it was reported as
   * a network error and asked again on every retry.
   */
  private async customerToken(): Promise<string | null | undefined> {
    const given = this.options.customerToken;
    if (typeof given !== 'function') return given;
    try {
      return await given();
    } catch (error) {
      throw new StorewiseError(
        `the customerToken function failed: ${(error as Error)?.message ?? String(error)}: nothing was sent`,
        'CUSTOMER_TOKEN_ERROR',
        null,
      );
    }
  }

  private async send(
    body: string,
    customerToken: string | null | undefined,
    deadline: number,
    send: SendOptions,
  ): Promise<Response> {
    // What is left of the call's time, at least 1 ms (a timer's least).
    const timeoutMs = Number.isFinite(deadline)
      ? Math.min(MAX_TIMEOUT_MS, Math.max(1, Math.ceil(deadline - this.now())))
      : undefined;
    return this.fetchFn(this.options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json;q=0.9',
        ...(this.options.apiKey !== undefined ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        ...(customerToken !== undefined && customerToken !== null
          ? { 'x-storewise-customer-token': customerToken }
          : {}),
        ...this.options.headers,
      },
      body,
      ...(send.keepalive ? { keepalive: true } : {}),
      ...(timeoutMs !== undefined ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
    });
  }

  private backoff(attempt: number, retryAfter: string | null): number {
    const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_WAIT_MS);
    const base = this.retryDelayMs * 2 ** (attempt - 1);
    return Math.min(base / 2 + Math.random() * (base / 2), MAX_WAIT_MS);
  }
}

/**
 * The JSON body of a request. An invalid Date (`new Date('nope')`) or a number that is not finite (NaN,
 * Infinity) would go as null, which the gateway reads as a value left out (an `asOf` of now, an event
 * stamped on arrival) or refuses without naming the argument: it is refused here instead.
 */
function requestBody(query: string, variables: unknown): string {
  return JSON.stringify({ query, variables }, function (this: Record<string, unknown>, key, value) {
    const given = this[key];
    if (given instanceof Date && Number.isNaN(given.getTime()))
      refuse(key, `${key} is an invalid Date (its text could not be parsed as a date): nothing was sent`);
    if (typeof given === 'number' && !Number.isFinite(given))
      refuse(key, `${key} is ${given}, not a finite number: nothing was sent`);
    return value;
  });
}

function refuse(field: string, message: string): never {
  throw new StorewiseError(message, 'BAD_USER_INPUT', null, [
    { message, extensions: { code: 'BAD_USER_INPUT', field } },
  ]);
}

function parseResponse<TResult>(status: number, text: string): GraphQLResult<TResult> {
  let body: { data?: TResult | null; errors?: GraphQLErrorEntry[]; extensions?: Record<string, unknown> };
  try {
    body = JSON.parse(text);
  } catch {
    throw new StorewiseError(
      `the gateway answered ${status} with a body that is not JSON`,
      'BAD_RESPONSE',
      status,
    );
  }
  return {
    data: body.data ?? null,
    errors: body.errors ?? [],
    extensions: body.extensions ?? {},
    status,
  };
}
