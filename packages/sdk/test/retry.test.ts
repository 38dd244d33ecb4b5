import { describe, expect, it } from 'vitest';
import { createClient } from '../src/index.js';

const ok = () =>
  new Response(JSON.stringify({ data: { health: { status: 'ok', database: 'memory' } } }), {
    status: 200,
    headers: { 'content-type': 'application/graphql-response+json' },
  });

/** A fetch that answers from a script of responses and records the calls. */
function scriptedFetch(script: (() => Response)[]) {
  const calls: RequestInit[] = [];
  const fetch = async (_url: string | URL | Request, init?: RequestInit) => {
    calls.push(init ?? {});
    const next = script.shift();
    if (next === undefined) throw new Error('no more responses');
    return next();
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

describe('retries', () => {
  it('retries idempotent calls after 503 and a network error, with growing delays', async () => {
    const { fetch, calls } = scriptedFetch([
      () => new Response('busy', { status: 503 }),
      () => {
        throw new TypeError('fetch failed');
      },
      ok,
    ]);
    const waits: number[] = [];
    const client = createClient({
      url: 'http://gw/graphql',
      fetch,
      retryDelayMs: 100,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(await client.health()).toEqual({ status: 'ok', database: 'memory' });
    expect(calls).toHaveLength(3);
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeLessThanOrEqual(200);
  });

  it('waits as long as Retry-After says after a 429', async () => {
    const limited = () =>
      new Response(
        JSON.stringify({ errors: [{ message: 'rate limit', extensions: { code: 'RATE_LIMITED' } }] }),
        {
          status: 429,
          headers: { 'retry-after': '3' },
        },
      );
    const { fetch } = scriptedFetch([limited, ok]);
    const waits: number[] = [];
    const client = createClient({
      url: 'http://gw/graphql',
      fetch,
      sleep: async (ms) => void waits.push(ms),
    });
    await client.health();
    expect(waits).toEqual([3000]);
  });

  it('gives up after the configured retries with the last error', async () => {
    const limited = () =>
      new Response(
        JSON.stringify({
          errors: [{ message: 'rate limit', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 1 } }],
        }),
        {
          status: 429,
          headers: { 'retry-after': '1' },
        },
      );
    const { fetch, calls } = scriptedFetch([limited, limited]);
    const client = createClient({ url: 'http://gw/graphql', fetch, retries: 1, sleep: async () => {} });
    await expect(client.health()).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
      retryAfterSeconds: 1,
    });
    expect(calls).toHaveLength(2);
  });

  it('bounds the whole call by timeoutMs: a Retry-After past the deadline fails at once as RATE_LIMITED', async () => {
    const limited = (seconds: number) => () =>
      new Response(
        JSON.stringify({
          errors: [
            { message: 'rate limit', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds } },
          ],
        }),
        { status: 429, headers: { 'retry-after': String(seconds) } },
      );
    // A clock that only the waits move: the call starts at 0, its deadline at 3,000 ms.
    let clock = 0;
    const waits: number[] = [];
    const options = {
      url: 'http://gw/graphql',
      timeoutMs: 3000,
      now: () => clock,
      sleep: async (ms: number) => {
        waits.push(ms);
        clock += ms;
      },
    };
    // The report's case: the gateway says 43 s; the call fails at once, saying how long to wait.
    const long = scriptedFetch([limited(43), ok]);
    await expect(createClient({ ...options, fetch: long.fetch }).health()).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
      retryAfterSeconds: 43,
    });
    expect([long.calls.length, waits]).toEqual([1, []]);
    // 1 s then 1 s: the first wait ends at 1,000 ms, the second would end at 2,000 ms: both fit.
    const short = scriptedFetch([limited(1), limited(1), ok]);
    expect(await createClient({ ...options, fetch: short.fetch }).health()).toEqual({
      status: 'ok',
      database: 'memory',
    });
    expect(waits).toEqual([1000, 1000]);
    // 2 s, then 2 s more would end at 4,000 ms, past the deadline (3,000): the second 429 is the answer.
    clock = 0;
    waits.length = 0;
    const past = scriptedFetch([limited(2), limited(2), ok]);
    await expect(createClient({ ...options, fetch: past.fetch }).health()).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 2,
    });
    expect([past.calls.length, waits]).toEqual([2, [2000]]);
    // Each attempt gets what is left of the call's time (a signal that fires at the deadline).
    expect(past.calls.every((c) => c.signal instanceof AbortSignal)).toBe(true);
  });

  it('sends no retry after a network error whose backoff would end past the deadline', async () => {
    let clock = 0;
    const waits: number[] = [];
    const failing = scriptedFetch([
      () => {
        clock += 2900;
        throw new TypeError('fetch failed');
      },
      ok,
    ]);
    const client = createClient({
      url: 'http://gw/graphql',
      fetch: failing.fetch,
      timeoutMs: 3000,
      retryDelayMs: 200,
      now: () => clock,
      sleep: async (ms) => void waits.push(ms),
    });
    // 100 ms left, a backoff of 100-200 ms: not waited for.
    await expect(client.health()).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect([failing.calls.length, waits]).toEqual([1, []]);
  });

  it('never retries createApiKey (not idempotent)', async () => {
    const { fetch, calls } = scriptedFetch([() => new Response('busy', { status: 503 }), ok]);
    const client = createClient({ url: 'http://gw/graphql', fetch, sleep: async () => {} });
    await expect(client.createApiKey(['READ'])).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 503 });
    expect(calls).toHaveLength(1);
  });

  it('sends the key as a bearer token and the query as JSON', async () => {
    const { fetch, calls } = scriptedFetch([ok]);
    await createClient({ url: 'http://gw/graphql', apiKey: 'sw_k', fetch }).health();
    const headers = calls[0]?.headers as Record<string, string>;
    expect(headers.authorization).toBe('Bearer sw_k');
    expect(headers['content-type']).toBe('application/json');
    expect(JSON.parse(String(calls[0]?.body)).query).toContain('query Health');
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => createClient({ url: 'localhost:4000' })).toThrow(/url must be an http\(s\) URL/);
  });
});
