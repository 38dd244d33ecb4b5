import type { Storage } from '@storewise/storage';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  historyOf,
  openRecommender,
  readCustomerEvents,
  recommend,
  recommendFromHistory,
  type ServedRecommender,
  trainRecommender,
} from '../../src/recs/index.js';
import { adapters, START, seedShop } from './shop-fixture.js';

// What is served is what is evaluated: a customer's recommendations leave out, by default, the items they
// bought or rated (the offline evaluation leaves out each user's training items), and keep the items they
// only viewed or carted. c2 bought A and B and viewed F (shop-fixture.ts); here they also rate C 4.
describe.each(await adapters())('excludeBought by default, on %s', (_name, open) => {
  let storage: Storage;
  let served: ServedRecommender;
  beforeAll(async () => {
    storage = await seedShop(await open());
    await storage.appendEvents([
      { eventId: 'r1', type: 'rating', customerId: 'c2', sku: 'C', rating: 4, timestamp: new Date(START) },
    ]);
    await trainRecommender(storage, { model: 'item-knn' });
    served = await openRecommender(storage);
  });

  /** The list without the rule, with the given SKUs taken out (masking leaves the others' order). */
  async function fullListWithout(left: string[]): Promise<string[]> {
    const all = await recommend(storage, served, 'c2', 6, { excludeBought: false });
    return all.items.map((i) => i.sku).filter((sku) => !left.includes(sku));
  }

  it('recommend leaves out what the customer bought (A, B) or rated (C), keeps what they viewed (F)', async () => {
    const all = await recommend(storage, served, 'c2', 6, { excludeBought: false });
    expect(all.items.map((i) => i.sku).sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    const byDefault = await recommend(storage, served, 'c2', 6);
    expect(byDefault.items.map((i) => i.sku)).toEqual(await fullListWithout(['A', 'B', 'C']));
    expect(byDefault.items.map((i) => i.sku)).toContain('F');
    expect(await recommend(storage, served, 'c2', 6, { excludeBought: true })).toEqual(byDefault);
  });

  it('recommendFromHistory does the same, and excludeBought: false brings them back', async () => {
    const history = historyOf(await readCustomerEvents(storage, 'c2'), served.trained, served.catalog);
    const byDefault = recommendFromHistory(served, 'c2', history, 6);
    expect(byDefault.items.map((i) => i.sku)).toEqual(await fullListWithout(['A', 'B', 'C']));
    const kept = recommendFromHistory(served, 'c2', history, 6, { excludeBought: false });
    expect(kept.items.map((i) => i.sku).sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    // excludeSeen leaves out the viewed item too.
    const unseen = recommendFromHistory(served, 'c2', history, 6, { excludeSeen: true });
    expect(unseen.items.map((i) => i.sku)).toEqual(await fullListWithout(['A', 'B', 'C', 'F']));
  });
});
