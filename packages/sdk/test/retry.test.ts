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
