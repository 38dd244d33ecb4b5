import {
  forCart,
  openRecommender,
  readHistory,
  recommend,
  similarItems,
  trainRecommender,
} from '@storewise/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, dataOf, enumName, gql, startTestGateway, type TestGateway } from './harness.js';
import { SHOP_SKUS, shopEvents } from './recs-shop.js';

let gw: TestGateway;
let reader: string;
let storefront: string;

const RECS = `query ($id: String!, $rules: RecommendationRulesInput, $context: RecommendationContextInput) {
  recommendations(customerId: $id, first: 3, rules: $rules, context: $context) {
    strategy items { sku score reason because { sku event } item { sku } } } }`;
/** What a storefront key may ask: the items, not why (the customer's history). */
const STOREFRONT_RECS = RECS.replace(' because { sku event }', '');

beforeAll(async () => {
  gw = await startTestGateway();
  reader = await gw.key(['read']);
  storefront = await gw.key(['storefront']);
  await gw.storage.upsertItems(SHOP_SKUS.map((sku) => ({ sku, title: `Item ${sku}` })));
  await gw.storage.appendEvents(shopEvents());
});
afterAll(() => gw.close());

describe('recommendations', () => {
  it('answers MODEL_NOT_TRAINED before any recommender is trained', async () => {
    const r = await gql(gw.url, RECS, { key: reader, variables: { id: 'c0' } });
    expect(codes(r)).toEqual(['MODEL_NOT_TRAINED']);
    expect(r.body.errors?.[0]?.message).toMatch(/no recommender has been trained/);
  });

  it("keeps a query's other fields when no recommender is trained: the lists are null with their errors", async () => {
    // A product page asking for the item with its related items, and a home page asking for a customer
    // with their list: before, a non-null list took the item (and the whole query's data) with it.
    const r = await gql(
      gw.url,
      `{ item(sku: "${SHOP_SKUS[0]}") { sku title related(first: 3) { sku } }
         recommendations(customerId: "c0", first: 3) { strategy }
         customer(id: "c0") { externalId recommendations(first: 3) { strategy } } }`,
      { key: reader },
    );
    expect(r.body.data).toEqual({
      item: { sku: SHOP_SKUS[0], title: `Item ${SHOP_SKUS[0]}`, related: null },
      recommendations: null,
      customer: { externalId: 'c0', recommendations: null },
    });
    expect(codes(r)).toEqual(['MODEL_NOT_TRAINED', 'MODEL_NOT_TRAINED', 'MODEL_NOT_TRAINED']);
    expect((r.body.errors ?? []).map((e) => e.path?.join('.')).sort()).toEqual([
      'customer.recommendations',
      'item.related',
      'recommendations',
    ]);
  });

  it("serves what the engine recommends to read keys with explanations, to storefront keys a stranger's list", async () => {
    await trainRecommender(gw.storage, { model: 'item-knn', seed: 7 });
    const served = await openRecommender(gw.storage);
    // A storefront key without a customer token naming c0 gets what a stranger gets: c0's own list would
    // name what c0 bought (customer-token.test.ts serves it with a token).
    for (const [key, query, rules, as] of [
      [reader, RECS, { excludeBought: true }, 'c0'],
      [storefront, STOREFRONT_RECS, { inStockOnly: true }, 'a-stranger'],
    ] as const) {
      const expected = await recommend(gw.storage, served, as, 3, rules);
      if (key === storefront) expect(expected.strategy).toBe('popular');
      else expect(expected.strategy).not.toBe('popular');
      const r = await gql(gw.url, query, { key, variables: { id: 'c0', rules } });
      const recs = dataOf<{
        strategy: string;
        items: { sku: string; score: number; item: { sku: string } }[];
      }>(r, 'recommendations');
      expect(recs.strategy).toBe(enumName(expected.strategy));
      expect(recs.items.map((i) => i.sku)).toEqual(expected.items.map((i) => i.sku));
      expect(recs.items.map((i) => i.score)).toEqual(expected.items.map((i) => i.score));
      expect(recs.items.every((i) => i.item.sku === i.sku)).toBe(true);
      expect(expected.items.length).toBeGreaterThan(0);
    }
  });

  it('recommends for a cart, leaving out and naming the cart items the store does not know', async () => {
    const served = await openRecommender(gw.storage);
    const expected = forCart(served, ['A'], 3);
    const CART = `query ($id: String!, $context: RecommendationContextInput) {
      recommendations(customerId: $id, first: 3, context: $context) { strategy items { sku } ignoredCartItems } }`;
    type Cart = { strategy: string; items: { sku: string }[]; ignoredCartItems: string[] };
    const cart = async (id: string, cartItemIds: string[]) =>
      dataOf<Cart>(
        await gql(gw.url, CART, { key: reader, variables: { id, context: { cartItemIds } } }),
        'recommendations',
      );
    expect(await cart('anyone', ['A'])).toEqual({
      strategy: 'CART',
      items: expected.map((i) => ({ sku: i.sku })),
      ignoredCartItems: [],
    });
    // A gift card and a product not yet synced: the cart is served from A, and both are named (once each).
    expect(await cart('x', ['GIFT', 'A', 'ZZZ', 'GIFT'])).toEqual({
      strategy: 'CART',
      items: expected.map((i) => ({ sku: i.sku })),
      ignoredCartItems: ['GIFT', 'ZZZ'],
    });
    // None known: what an empty cart gets (the customer's own list), all of them named.
    const own = await recommend(gw.storage, served, 'c0', 3);
    expect(await cart('c0', ['ZZZ', 'GIFT'])).toEqual({
      strategy: enumName(own.strategy),
      items: own.items.map((i) => ({ sku: i.sku })),
      ignoredCartItems: ['ZZZ', 'GIFT'],
    });
    // A list without a cart names none.
    expect((await cart('c0', [])).ignoredCartItems).toEqual([]);
    // A SKU no item could have is still refused, by its position.
    for (const [bad, reason] of [
      ['  ', 'must not be blank'],
      ['X'.repeat(129), 'must be at most 128 characters'],
    ]) {
      const r = await gql(gw.url, CART, {
        key: reader,
        variables: { id: 'x', context: { cartItemIds: ['A', bad] } },
      });
      expect(r.body.errors?.[0]).toMatchObject({
        message: `context.cartItemIds[1] ${reason}`,
        extensions: { code: 'BAD_USER_INPUT', field: 'context.cartItemIds[1]' },
      });
    }
  });

  it('takes an item stored after the snapshot in a cart and on an item page, and names one the store lacks', async () => {
    // The snapshot in use was taken before NEW1 was stored (straight into the store: the gateway's
    // snapshot is not told). It was refused as an unknown item for up to 30 s.
    const served = await openRecommender(gw.storage);
    await gw.storage.upsertItems([{ sku: 'NEW1', title: 'Just added' }]);
    const cart = await gql(gw.url, RECS, {
      key: reader,
      variables: { id: 'anyone', context: { cartItemIds: ['A', 'NEW1'] } },
    });
    const recs = dataOf<{ strategy: string; items: { sku: string }[] }>(cart, 'recommendations');
    expect(recs.strategy).toBe('CART');
    expect(recs.items.map((i) => i.sku)).toEqual(forCart(served, ['A'], 3).map((i) => i.sku));
    // Only new items: the customer's own list (a stranger's here).
    const only = await gql(gw.url, RECS, {
      key: reader,
      variables: { id: 'c0', context: { cartItemIds: ['NEW1'] } },
    });
    const expected = await recommend(gw.storage, served, 'c0', 3);
    expect(dataOf<{ strategy: string }>(only, 'recommendations').strategy).toBe(enumName(expected.strategy));
    // A new item is known to the store: not named; an unknown one is.
    const mixed = await gql(
      gw.url,
      'query ($c: [String!]) { recommendations(customerId: "x", first: 3, context: { cartItemIds: $c }) { strategy ignoredCartItems } }',
      { key: reader, variables: { c: ['NEW1', 'A', 'ZZZ'] } },
    );
    expect(dataOf(mixed, 'recommendations')).toEqual({ strategy: 'CART', ignoredCartItems: ['ZZZ'] });
    // Its related items: the popular ones, as for an item the model has not seen (it has no category).
    const page = await gql(gw.url, '{ item(sku: "NEW1") { related(first: 3) { sku reason } } }', {
      key: reader,
    });
    const popular = (await recommend(gw.storage, served, 'never-seen', 3)).items;
    expect(dataOf<{ related: { sku: string; reason: string }[] }>(page, 'item').related).toEqual(
      popular.map((i) => ({ sku: i.sku, reason: 'POPULAR' })),
    );
  });

  it("leaves out of a cart's recommendations what its customer bought, given excludeBought", async () => {
    // c0 bought A and C: a cart of A would otherwise suggest C.
    const served = await openRecommender(gw.storage);
    const history = await readHistory(gw.storage, 'c0', served.trained, served.catalog);
    const rules = { excludeBought: true };
    const expected = forCart(served, ['A'], 3, rules, history).map((i) => i.sku);
    expect(forCart(served, ['A'], 3).map((i) => i.sku)).toContain('C');
    expect(expected).not.toContain('C');
    const r = await gql(gw.url, RECS, {
      key: reader,
      variables: { id: 'c0', rules, context: { cartItemIds: ['A'] } },
    });
    const recs = dataOf<{ strategy: string; items: { sku: string }[] }>(r, 'recommendations');
    expect(recs.strategy).toBe('CART');
    expect(recs.items.map((i) => i.sku)).toEqual(expected);
  });

  it('gives popular items to an unknown customer and checks the rules', async () => {
    const r = await gql(gw.url, RECS, { key: reader, variables: { id: 'never-seen' } });
    expect(dataOf<{ strategy: string }>(r, 'recommendations').strategy).toBe('POPULAR');
    const bad = await gql(gw.url, RECS, { key: reader, variables: { id: 'c0', rules: { diversity: 2 } } });
    expect(bad.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'rules.diversity' });
    // A category of separators alone was an internal error (the engine's "category is empty"), for any key.
    for (const [rule, value] of [
      ['includeCategories', ' > '],
      ['excludeCategories', '/'],
    ] as const) {
      const sep = await gql(gw.url, STOREFRONT_RECS, {
        key: storefront,
        variables: { id: 'c0', rules: { [rule]: ['Home', value] } },
      });
      expect(sep.body.errors?.[0]).toMatchObject({
        message: `rules.${rule}[1] names no category: "${value}" holds only separators (> or /)`,
        extensions: { code: 'BAD_USER_INPUT', field: `rules.${rule}[1]` },
      });
    }
  });

  it('serves related items on an item and recommendations on a customer', async () => {
    const served = await openRecommender(gw.storage);
    const r = await gql(
      gw.url,
      '{ item(sku: "A") { related(first: 2) { sku because { sku event } } } customer(id: "c1") { recommendations(first: 2) { items { sku } } } }',
      { key: reader },
    );
    const related = dataOf<{ related: { sku: string }[] }>(r, 'item').related;
    expect(related.map((i) => i.sku)).toEqual(similarItems(served, 'A', 2).map((i) => i.sku));
    const forC1 = (await recommend(gw.storage, served, 'c1', 2)).items.map((i) => i.sku);
    expect(
      dataOf<{ recommendations: { items: { sku: string }[] } }>(r, 'customer').recommendations.items.map(
        (i) => i.sku,
      ),
    ).toEqual(forC1);
  });

  it('refuses a blank customer id, and customer rules on related items, naming the field', async () => {
    const blank = await gql(gw.url, RECS, { key: reader, variables: { id: ' ' } });
    expect(blank.body.errors?.[0]).toMatchObject({
      message: 'customerId must not be blank',
      extensions: { code: 'BAD_USER_INPUT', field: 'customerId' },
    });
    for (const rule of ['excludeBought', 'excludeSeen']) {
      const r = await gql(
        gw.url,
        `{ item(sku: "A") { related(first: 3, rules: { ${rule}: true }) { sku } } }`,
        {
          key: reader,
        },
      );
      expect(r.body.errors?.[0]).toMatchObject({
        message: `rules.${rule} needs a customer: related items are about an item`,
        extensions: { code: 'BAD_USER_INPUT', field: `rules.${rule}` },
      });
    }
  });

  it("serves a storefront key an item page's item and related items, and keeps customer reads from it", async () => {
    // Related items are made from every customer's events together and name none: an item page needs them.
    const page = '{ item(sku: "A") { sku title related(first: 2) { sku reason score } } }';
    const asStorefront = await gql(gw.url, page, { key: storefront });
    const asReader = await gql(gw.url, page, { key: reader });
    expect(asStorefront.status).toBe(200);
    expect(dataOf(asStorefront, 'item')).toEqual(dataOf(asReader, 'item'));
    expect(dataOf<{ related: unknown[] }>(asStorefront, 'item').related).toHaveLength(2);
    const customer = await gql(gw.url, '{ customer(id: "c0") { country } }', { key: storefront });
    expect(customer.status).toBe(403);
    expect(customer.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', field: 'Query.customer' });
  });

  it("keeps a customer's history (because) from a storefront key, however reached", async () => {
    const fragment = 'fragment F on RecommendedItem { because { sku event } }';
    const cases: [string, string][] = [
      // The explanation names what the customer bought: c0 bought A and C.
      [
        '{ recommendations(customerId: "c0", first: 3) { items { sku because { sku event } } } }',
        'RecommendedItem.because',
      ],
      [
        `{ recommendations(customerId: "c0", first: 3) { items { ...F } } } ${fragment}`,
        'RecommendedItem.because',
      ],
      [
        '{ recommendations(customerId: "x", first: 1, context: { cartItemIds: ["A"] }) { items { item { related(first: 2) { because { event } } } } } }',
        'RecommendedItem.because',
      ],
      ['{ item(sku: "A") { related(first: 2) { because { event } } } }', 'RecommendedItem.because'],
    ];
    for (const [query, field] of cases) {
      const r = await gql(gw.url, query, { key: storefront });
      expect(r.status, query).toBe(403);
      expect(r.body.errors?.[0]?.extensions, query).toEqual({ code: 'FORBIDDEN', field });
      expect(r.body.errors?.[0]?.message).toContain(`lacks the scope for ${field} (needs one of: read`);
      expect(r.body.data ?? null).toBeNull();
    }
    // Excluding what c0 bought from a list of only A (which c0 bought) empties it: the same history.
    for (const rule of ['excludeBought', 'excludeSeen']) {
      const r = await gql(gw.url, STOREFRONT_RECS, {
        key: storefront,
        variables: { id: 'c0', rules: { allow: ['A'], [rule]: true } },
      });
      expect(r.status, rule).toBe(403);
      expect(r.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', field: `rules.${rule}` });
    }
    const read = await gql(gw.url, cases[0]![0], { key: reader });
    const items = dataOf<{ items: { because: { event: string }[] }[] }>(read, 'recommendations').items;
    expect(items.some((i) => i.because.some((b) => b.event === 'PURCHASE'))).toBe(true);
  });

  it('lets a storefront key send a query whose because is left out by @include or @skip (as the SDK does)', async () => {
    const explained = `query ($explain: Boolean! = false) { recommendations(customerId: "c0", first: 3) {
      items { sku because @include(if: $explain) { sku } } } }`;
    const skipped =
      '{ recommendations(customerId: "c0", first: 3) { items { sku ... @skip(if: true) { because { sku } } } } }';
    for (const [query, variables] of [
      [explained, {}],
      [explained, { explain: false }],
      [skipped, {}],
    ] as const) {
      const r = await gql(gw.url, query, { key: storefront, variables });
      expect(r.status, query).toBe(200);
      const got = dataOf<{ items: { sku: string; because?: unknown }[] }>(r, 'recommendations').items;
      expect(got.length).toBe(3);
      expect(got.every((i) => i.because === undefined)).toBe(true);
    }
    const asked = await gql(gw.url, explained, { key: storefront, variables: { explain: true } });
    expect(asked.status).toBe(403);
    expect(asked.body.errors?.[0]?.extensions).toEqual({
      code: 'FORBIDDEN',
      field: 'RecommendedItem.because',
    });
    // A read key gets it when asked.
    const read = await gql(gw.url, explained, { key: reader, variables: { explain: true } });
    expect(
      dataOf<{ items: { because: unknown[] }[] }>(read, 'recommendations').items[0]!.because,
    ).toBeInstanceOf(Array);
  });
});
