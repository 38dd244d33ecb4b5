import { trainRecommender } from '@storewise/engine';
import type { EventInput } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, gql, startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;
let reader: string;

/**
 * Six customers over six items, weighted view 1, add to cart 3, purchase 5 (as the engine's shop fixture):
 *        A  B  C  D  E  F
 *   c1   5  5  5  .  .  .
 *   c2   5  5  .  .  .  1
 *   c3   5  .  5  1  .  .
 *   c4   .  .  .  5  5  .
 *   c5   .  5  5  5  .  3
 *   c6   .  .  .  5  1  5
 */
const HISTORY: [string, string][] = [
  ['c1', 'pA pB pC'],
  ['c2', 'pA pB vF'],
  ['c3', 'pA pC vD'],
  ['c4', 'pD pE'],
  ['c5', 'pB pC pD cF'],
  ['c6', 'vE pD pF'],
];
const TYPES = { p: 'purchase', v: 'view', c: 'add_to_cart' } as const;

// Row D of the matrix's item-item cosine, by scikit-learn (sklearn.metrics.pairwise.cosine_similarity(X.T)).
const COSINE_D = { F: 0.7755667343, E: 0.674881906, C: 0.3973597071, B: 0.3311330893, A: 0.0662266179 };

beforeAll(async () => {
  gw = await startTestGateway();
  reader = await gw.key(['read']);
  await gw.storage.upsertItems(['A', 'B', 'C', 'D', 'E', 'F'].map((sku) => ({ sku, title: `Item ${sku}` })));
  const events: EventInput[] = [];
  for (const [customerId, list] of HISTORY)
    for (const code of list.split(' '))
      events.push({
        eventId: `e${events.length}`,
        type: TYPES[code[0] as keyof typeof TYPES],
        customerId,
        sku: code.slice(1),
        timestamp: new Date(Date.UTC(2025, 0, 1 + events.length)),
      });
  await gw.storage.appendEvents(events);
});
afterAll(() => gw.close());

describe('related items of ALS with 1 factor', () => {
  it("are the interactions' cosines, with reason INTERACTIONS, for an item page and a cart", async () => {
    // One factor: every cosine of ALS's item factors is +-1, a tie of every item.
    await trainRecommender(gw.storage, { model: 'als', params: { factors: 1 } });
    const r = await gql(gw.url, '{ item(sku: "D") { related(first: 5) { sku score reason } } }', {
      key: reader,
    });
    const related = dataOf<{ related: { sku: string; score: number; reason: string }[] }>(r, 'item').related;
    expect(related.map((i) => i.sku)).toEqual(['F', 'E', 'C', 'B', 'A']);
    for (const item of related) {
      expect(item.reason).toBe('INTERACTIONS');
      expect(item.score).toBeCloseTo(COSINE_D[item.sku as keyof typeof COSINE_D], 9);
    }
    const cart = await gql(
      gw.url,
      '{ recommendations(customerId: "anyone", first: 2, context: { cartItemIds: ["D"] }) { strategy items { sku score reason } } }',
      { key: reader },
    );
    expect(dataOf<unknown>(cart, 'recommendations')).toEqual({
      strategy: 'CART',
      items: [
        { sku: 'F', score: expect.closeTo(COSINE_D.F, 9), reason: 'INTERACTIONS' },
        { sku: 'E', score: expect.closeTo(COSINE_D.E, 9), reason: 'INTERACTIONS' },
      ],
    });
  });
});
