import { describe, expect, it } from 'vitest';
import { gql, startTestGateway } from './harness.js';

describe('graceful stop', () => {
  it('finishes a request in flight before it stops, and then refuses connections', async () => {
    const gw = await startTestGateway();
    const key = await gw.key(['read']);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inResolver = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const getCustomers = gw.storage.getCustomers.bind(gw.storage);
    gw.storage.getCustomers = async (ids) => {
      entered();
      await gate;
      return getCustomers(ids);
    };
    await gw.storage.upsertCustomers([{ externalId: 'slow', country: 'IT' }]);
    const base = gw.url.replace(/\/graphql$/, '');
    const pending = gql(gw.url, '{ customer(id: "slow") { country } }', { key });
    await inResolver;
    let stopped = false;
    const stopping = gw.gateway.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ customer: { country: 'IT' } });
    await stopping;
    expect(stopped).toBe(true);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    await gw.storage.close();
  });
});
