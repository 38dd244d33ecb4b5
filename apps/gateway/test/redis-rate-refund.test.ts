import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestGateway, type TestGateway } from './harness.js';

const redisUrl = process.env.STOREWISE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** As in redis-rate-limit.test.ts: skipped without Redis, except under CI=true, where that is a failure. */
async function redisAvailable(): Promise<boolean> {
  const probe = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch (error) {
    if (process.env.CI === 'true')
      throw new Error(`CI=true but Redis at ${redisUrl} is unreachable: ${error}`);
    console.warn(`\n[storewise] SKIPPING Redis refund test: no Redis at ${redisUrl}.\n`);
    return false;
  } finally {
    probe.disconnect();
  }
}

const available = await redisAvailable();

describe.skipIf(!available)('rate budgets in Redis, refused requests', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ redisUrl, rateLimitPoints: 20, rateLimitWindowSeconds: 3600 });
  });
  afterAll(() => gw?.close());

  it('does not charge a refused request to the shared budget', async () => {
    const key = await gw.key(['read']);
    const six = '{ customer(id: "x") { externalId scores { score } } }';
    const one = '{ customer(id: "x") { externalId } }';
    for (let i = 0; i < 3; i++) expect((await gql(gw.url, six, { key })).status).toBe(200);
    const refused = await gql(gw.url, six, { key });
    expect(refused.status, refused.text).toBe(429);
    expect(refused.body.extensions?.cost).toMatchObject({ throttleStatus: { currentlyAvailable: 2 } });
    const cheap = await gql(gw.url, one, { key });
    expect(cheap.status, cheap.text).toBe(200);
    expect(cheap.body.extensions?.cost).toMatchObject({ throttleStatus: { currentlyAvailable: 1 } });
  });
});
