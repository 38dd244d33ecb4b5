import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, gql, startTestGateway, type TestGateway } from './harness.js';

const redisUrl = process.env.STOREWISE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

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
    console.warn(
      `\n[storewise] SKIPPING Redis rate-limit tests: no Redis at ${redisUrl}. Set STOREWISE_TEST_REDIS_URL.\n`,
    );
    return false;
  } finally {
    probe.disconnect();
  }
}

const available = await redisAvailable();

describe.skipIf(!available)('rate budgets in Redis', () => {
  let a: TestGateway;
  let b: TestGateway;
  beforeAll(async () => {
    const config = { redisUrl, rateLimitPoints: 20, rateLimitWindowSeconds: 3600 };
    a = await startTestGateway(config);
    // The second gateway is another "process" over another database: it shares only Redis.
    b = await startTestGateway(config);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('shares one budget per key between gateway processes', async () => {
    const key = await a.key(['read']);
    const keyId = key.split('_')[1]!;
    const record = await a.storage.getApiKey(keyId);
    await b.storage.createApiKey({ keyId, secretHash: record!.secretHash, scopes: ['read'] });
    const q = '{ customer(id: "x") { externalId scores { score } } }'; // costs 6
    const first = await gql(a.url, q, { key });
    expect(first.body.extensions?.cost).toMatchObject({ throttleStatus: { currentlyAvailable: 14 } });
    const second = await gql(b.url, q, { key });
    expect(second.body.extensions?.cost).toMatchObject({ throttleStatus: { currentlyAvailable: 8 } });
    await gql(a.url, q, { key });
    const refused = await gql(b.url, q, { key });
    expect(refused.status).toBe(429);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
  });
});

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
