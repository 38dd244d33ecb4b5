import { campaignReport } from '@storewise/engine';
import { createGateway, ensureAdminKey, type Gateway } from '@storewise/gateway';
import { openStorage, type Storage } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Scope, type StorewiseClient, StorewiseError } from '../src/index.js';

let storage: Storage;
let gateway: Gateway;
let url: string;
let admin: StorewiseClient;

const definition = {
  id: 'de-offer',
  name: 'Germany offer',
  audience: { filter: { field: 'country', eq: 'Germany' } },
  arms: [{ id: 'ten-off', name: '10% off', coupon: true, costPerConversion: 2 }],
  policy: { type: 'fixed-split' },
  holdout: { fraction: 0 },
  attributionWindowDays: 14,
};

beforeAll(async () => {
  storage = await openStorage('memory:');
  const { generatedKey } = await ensureAdminKey(storage, undefined);
  gateway = await createGateway({ storage, logInternalError: () => {} });
  url = await gateway.listen(0, '127.0.0.1');
  admin = createClient({ url, apiKey: generatedKey! });
  await storage.upsertCustomers([
    { externalId: 'ann', country: 'Germany' },
    { externalId: 'ben', country: 'Germany' },
    { externalId: 'cat', country: 'France' },
  ]);
});
afterAll(async () => {
  await gateway.stop();
  await storage.close();
});

/** A fetch that delivers every request to the gateway but answers the first `lost` of them with 503. */
function losingFetch(lost: number) {
  let calls = 0;
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    calls++;
    const res = await globalThis.fetch(input, init);
    if (calls > lost) return res;
    await res.text();
    return new Response('lost', { status: 503 });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls: () => calls };
}

describe('campaign methods', () => {
  it('creates, starts and lists a campaign, and names a bad definition field', async () => {
    await expect(admin.createCampaign({ ...definition, budget: -5 })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.definition.budget',
    });
    const draft = await admin.createCampaign(definition);
    expect(draft).toMatchObject({
      id: 'de-offer',
      status: 'DRAFT',
      policy: 'fixed-split',
      assignmentCount: 0,
    });
    const started = await admin.startCampaign('de-offer');
    expect(started).toMatchObject({
      campaign: { status: 'RUNNING' },
      decided: 2,
      offered: [{ key: 'ten-off', count: 2 }],
      holdout: 0,
      refused: [],
      cost: 4, // worst case per offer: 0 + 2
    });
    expect(await admin.campaigns()).toMatchObject([
      { id: 'de-offer', status: 'RUNNING', assignmentCount: 2 },
    ]);
  });

  it("offerFor is sticky, so a retry after a lost answer returns the first call's offer", async () => {
    await storage.upsertCustomers([{ externalId: 'dora', country: 'Germany' }]);
    const f = losingFetch(1);
    // The shop's server (a write key) asks for any customer; a storefront key only with the customer's token.
    const refused = await createClient({ url, apiKey: await storefrontKey() })
      .offerFor('dora', 'de-offer')
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'FORBIDDEN', field: 'offerFor' });
    const client = createClient({
      url,
      apiKey: await storefrontKey(['WRITE']),
      fetch: f.fetch,
      sleep: async () => {},
    });
    const offer = await client.offerFor('dora', 'de-offer');
    expect(f.calls()).toBe(2);
    const stored = await storage.getAssignment('de-offer', 'dora');
    expect(offer).toMatchObject({
      offered: true,
      arm: 'ten-off',
      armName: '10% off',
      couponCode: stored!.couponCode,
      sticky: true, // the lost first call made the assignment
      refusals: [],
    });
    expect(await client.offerFor('cat', 'de-offer')).toMatchObject({
      offered: false,
      refusals: [{ rule: 'NOT_IN_AUDIENCE' }],
    });
  });

  it('does not retry startCampaign or stopCampaign', async () => {
    const f = losingFetch(1);
    const client = createClient({ url, apiKey: await storefrontKey(['WRITE']), fetch: f.fetch });
    await expect(client.stopCampaign('de-offer')).rejects.toMatchObject({ status: 503 });
    expect(f.calls()).toBe(1);
    // The lost call did stop it: a repeat would be refused, which is why the client does not repeat it.
    await expect(admin.stopCampaign('de-offer')).rejects.toBeInstanceOf(StorewiseError);
    expect((await admin.campaign('de-offer'))?.status).toBe('STOPPED');
  });

  it("reads a campaign's results equal to the engine's report", async () => {
    await storage.appendEvents([
      {
        eventId: 'p-ann',
        type: 'purchase',
        customerId: 'ann',
        sku: 'mug',
        quantity: 1,
        unitPrice: 12,
        timestamp: new Date(Date.now() + 60_000),
      },
    ]);
    const c = await admin.campaign('de-offer');
    const engine = await campaignReport(storage, 'de-offer');
    expect(c?.results.arms).toHaveLength(1);
    expect(c?.results.arms[0]?.metrics).toMatchObject({
      exposures: engine.arms[0]!.metrics.exposures,
      conversions: 1,
      revenue: 12,
      conversionRate: engine.arms[0]!.metrics.conversionRate,
    });
    // No holdout: nothing to compare with, so the lift is null rather than a made-up number.
    expect(c?.results.holdout.exposures).toBe(0);
    expect(c?.results.arms[0]?.lift.absolute).toBeNull();
    // The fairness options reach the report; its warnings come back (an attribute nobody holds).
    const grouped = await admin.campaign('de-offer', {
      fairnessBy: 'attribute.shoeSize',
      fairnessMinGroupSize: 1,
    });
    const want = (
      await campaignReport(storage, 'de-offer', { fairnessBy: 'attribute.shoeSize', fairnessMinGroupSize: 1 })
    ).fairness;
    expect(grouped?.results.fairness).toMatchObject({
      by: 'attribute.shoeSize',
      minGroupSize: 1,
      warnings: want.warnings,
    });
    expect(want.warnings).toHaveLength(1);
    expect(c?.results.fairness).toMatchObject({ by: 'country', minGroupSize: 30, warnings: [] });
    expect(await admin.campaign('nope')).toBeNull();
  });
});

/** A new key with these scopes (default a storefront's), made through the admin client. */
async function storefrontKey(scopes: Scope[] = ['STOREFRONT']): Promise<string> {
  return (await admin.createApiKey(scopes)).key;
}
