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
    await gw.storage.close();
    gw.storage.getApiKey = async () => {
      throw new Error('the store is closed');
    };
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'store unreachable' });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await gw.gateway.stop();
  });
});
