// A contributed recommender whose scores go wrong after its training (a plugin changed under a stored model,
// same formatVersion): the request fails with a code and a message naming the plugin, and no stack; the
// server logs it. Before, a NaN served every item at score 0 as the popular items, and the log said ok.
import {
  type AnyRecommenderPlugin,
  recommenderPlugin,
  registerRecommender,
  trainRecommender,
} from '@storewise/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';
import { SHOP_SKUS, shopEvents } from './recs-shop.js';

let gw: TestGateway;
let reader: string;
type Recommender = ReturnType<AnyRecommenderPlugin['deserialize']>;

/** Whether the plugin's models score NaN (from now on, for the models already served too). */
let broken = false;

const RECS = `query ($id: String!) { recommendations(customerId: $id, first: 3) { strategy items { sku } } }`;

/** The popularity model, under another name, whose scores are NaN while `broken`. */
function flaky(model: Recommender): Recommender {
  const scoreUser = model.scoreUser.bind(model);
  model.scoreUser = (u, out) => (broken ? out.fill(Number.NaN) : scoreUser(u, out));
  return model;
}

beforeAll(async () => {
  gw = await startTestGateway();
  reader = await gw.key(['read']);
  await gw.storage.upsertItems(SHOP_SKUS.map((sku) => ({ sku, title: `Item ${sku}` })));
  await gw.storage.appendEvents(shopEvents());
  const popularity = recommenderPlugin('popularity');
  registerRecommender({
    ...popularity,
    name: 'gw-flaky',
    fit: async (data, params, context) => flaky(await popularity.fit(data, params, context)),
    deserialize: (bytes) => flaky(popularity.deserialize(bytes)),
  });
  await trainRecommender(gw.storage, { model: 'gw-flaky' });
});
afterAll(() => gw.close());

describe("a contributed recommender's scores", () => {
  it('served, are checked: the request fails with MODEL_PLUGIN_FAILED naming the plugin, and the server logs it', async () => {
    const good = await gql(gw.url, RECS, { key: reader, variables: { id: 'c0' } });
    expect(dataOf<{ strategy: string }>(good, 'recommendations').strategy).toBe('MODEL');
    broken = true;
    // Another customer: the gateway keeps c0's answer until their events or the model change.
    const bad = await gql(gw.url, RECS, { key: reader, variables: { id: 'c1' } });
    expect(codes(bad)).toEqual(['MODEL_PLUGIN_FAILED']);
    expect(bad.body.errors?.[0]).toEqual({
      message:
        'recommender plugin "gw-flaky": scoreUser of customer "c1" scores NaN for item "A" (index 0) (scores must be finite); the request failed',
      locations: [{ line: 1, column: 24 }],
      path: ['recommendations'],
      extensions: { code: 'MODEL_PLUGIN_FAILED' },
    });
    expect(gw.internalErrors.map((e) => (e as Error).name)).toEqual(['ContributedModelError']);
  });
});
