import { describe, expect, it } from 'vitest';
import { startTestGateway } from './harness.js';

describe('probes', () => {
  it('answers /healthz and /readyz without a key, and /readyz 503 once the store is gone', async () => {
    const gw = await startTestGateway();
    const base = gw.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    const ok = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { status } }' }),
    });
    expect(((await ok.json()) as { data: unknown }).data).toEqual({ health: { status: 'ok' } });
    await gw.storage.close();
    gw.storage.getApiKey = async () => {
      throw new Error('the store is closed');
    };
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'store unreachable' });
    // GraphQL's health says so too (it said "ok").
    const health = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { status database } }' }),
    });
    expect(((await health.json()) as { data: unknown }).data).toEqual({
      health: { status: 'store unreachable', database: 'memory' },
    });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await gw.gateway.stop();
  });
});
