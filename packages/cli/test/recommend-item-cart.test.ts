import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forCart, openRecommender, readHistory, recommend, similarItems } from '@storewise/engine';
import { openStorage } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-recommend-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The shop of packages/engine/test/recs/shop-fixture.ts as an events file (B out of stock).
const events = new URL('./fixtures/shop-events.csv', import.meta.url).pathname;
const db = join(dir, 'db');

/** The CLI's JSON for `args`, which must succeed. */
async function json(args: string[]): Promise<Record<string, unknown>> {
  const io = testIo(dir);
  expect(await main([...args, '--db', db, '--json'], io), io.err()).toBe(0);
  return JSON.parse(io.out());
}

/** The CLI's message on stderr for `args`, which must fail as a usage error. */
async function refusal(args: string[]): Promise<string> {
  const io = testIo(dir);
  expect(await main([...args, '--db', db], io)).toBe(1);
  return io.err();
}

describe('storewise recommend --item / --cart / --allow', () => {
  beforeAll(async () => {
    expect(await main(['import', events, '--format', 'events', '--db', db, '--json'], testIo(dir))).toBe(0);
    expect(await main(['train', 'recs', '--model', 'item-knn', '--db', db, '--json'], testIo(dir))).toBe(0);
  });

  it("gives an item's related items and a cart's add-ons as the engine's similarItems and forCart (GraphQL's)", async () => {
    const storage = await openStorage(db);
    const served = await openRecommender(storage);
    const related = similarItems(served, 'A', 3, { inStockOnly: true });
    const cart = forCart(served, ['A', 'D'], 3);
    // c2 bought A and B: with the cart owner named, --exclude-bought leaves B out as GraphQL's does.
    const history = await readHistory(storage, 'c2', served.trained, served.catalog);
    const owned = forCart(served, ['D'], 4, { excludeBought: true }, history);
    await storage.close();
    expect(related.map((i) => i.sku)).not.toContain('B');
    expect(await json(['recommend', '--item', 'A', '--k', '3', '--in-stock'])).toEqual({
      item: 'A',
      items: related,
    });
    expect(await json(['recommend', '--cart', 'A', '--cart', 'D', '--k', '3'])).toEqual({
      cart: ['A', 'D'],
      customerId: null,
      strategy: 'cart',
      items: cart,
      ignoredCartItems: [],
    });
    const c2 = await json(['recommend', 'c2', '--cart', 'D', '--k', '4', '--exclude-bought']);
    expect(c2.items).toEqual(owned);
    expect(owned.map((i) => i.sku).filter((sku) => sku === 'A' || sku === 'B')).toEqual([]);
    // The text: the list's subject, and a cart's items as the reason.
    const io = testIo(dir);
    expect(await main(['recommend', '--cart', 'A', '--cart', 'D', '--k', '1', '--db', db], io)).toBe(0);
    const first = cart[0]!;
    expect(io.out()).toBe(
      `1 recommendation to go with the cart A, D\n  1. ${first.sku}  ${first.title}  ${first.score.toFixed(4)}  with ${first.because.map((b) => b.title).join(' and ')}\n`,
    );
  });

  it('leaves what the customer bought out of their list unless --include-bought; --exclude-bought is still accepted', async () => {
    // NumPy item-kNN scores for c2 (packages/engine/test/recs/serve.test.ts): C 6.96, B 3.72, A 3.43,
    // D 2.76, F 2.44, E 0.17; c2 bought A and B and viewed F.
    const skus = async (args: string[]) =>
      ((await json(['recommend', 'c2', '--k', '6', ...args])).items as { sku: string }[]).map((i) => i.sku);
    expect(await skus([])).toEqual(['C', 'D', 'F', 'E']);
    expect(await skus(['--exclude-bought'])).toEqual(['C', 'D', 'F', 'E']);
    expect(await skus(['--include-bought'])).toEqual(['C', 'B', 'A', 'D', 'F', 'E']);
    expect(await refusal(['recommend', 'c2', '--exclude-bought', '--include-bought'])).toBe(
      'storewise: --exclude-bought and --include-bought contradict each other: give one of them\n',
    );
    expect(await refusal(['recommend', '--item', 'A', '--include-bought'])).toBe(
      'storewise: --include-bought needs a customer: related items are about an item\n',
    );
  });

  it("leaves out and names a cart's items the store does not know, as GraphQL's ignoredCartItems", async () => {
    const storage = await openStorage(db);
    const served = await openRecommender(storage);
    const scored = forCart(served, ['A'], 3);
    const own = await recommend(storage, served, 'c2', 3);
    await storage.close();
    const io = testIo(dir);
    const args = ['recommend', '--cart', 'Q', '--cart', 'A', '--cart', 'R', '--cart', 'Q', '--k', '3'];
    expect(await main([...args, '--db', db, '--json'], io)).toBe(0);
    // Scored from A alone; Q and R named once each, in cart order.
    expect(JSON.parse(io.out())).toEqual({
      cart: ['Q', 'A', 'R', 'Q'],
      customerId: null,
      strategy: 'cart',
      items: scored,
      ignoredCartItems: ['Q', 'R'],
    });
    expect(io.err()).toBe(
      'storewise: warning: the cart\'s 2 items the store does not know are left out of the scoring (ignoredCartItems): "Q", "R"\n',
    );
    const known = await json(['recommend', '--cart', 'A', '--k', '3']);
    expect(known.ignoredCartItems).toEqual([]);
    // None known: what an empty cart gets, the owner's own list (c2's), or a visitor's without an owner.
    const none = testIo(dir);
    expect(await main(['recommend', 'c2', '--cart', 'Q', '--k', '3', '--db', db, '--json'], none)).toBe(0);
    expect(JSON.parse(none.out())).toEqual({
      cart: ['Q'],
      customerId: 'c2',
      ...own,
      ignoredCartItems: ['Q'],
    });
    expect(none.err()).toBe(
      'storewise: warning: the cart\'s item the store does not know is left out of the scoring (ignoredCartItems): "Q"\n',
    );
    const visitor = testIo(dir);
    expect(await main(['recommend', '--cart', 'Q', '--k', '2', '--db', db], visitor)).toBe(0);
    expect(visitor.out()).toMatch(
      /^2 recommendations for a visitor \(popular\): the store knows no item of the cart\n/,
    );
  });

  it('says the cart is empty for --cart ""', async () => {
    expect(await refusal(['recommend', '--cart', '', '--k', '3'])).toBe(
      'storewise: the cart is empty (--cart ""): give the SKUs of its items, e.g. --cart 22620 --cart 21891, or leave --cart out for a customer\'s own list\n',
    );
    expect(await refusal(['recommend', '--cart', 'A', '--cart', ' '])).toBe(
      'storewise: --cart " " (cart item 2 of 2) is empty: give the SKU of each item in the cart\n',
    );
  });

  it('serves related items of ALS with 1 factor from the interactions, and says so', async () => {
    // One factor makes every cosine of ALS's item factors +-1: related items were a tie of 1.0000 in SKU order.
    const args = ['train', 'recs', '--model', 'als', '--param', 'factors=1', '--name', 'flat', '--db', db];
    expect(await main(args, testIo(dir))).toBe(0);
    const io = testIo(dir);
    expect(await main(['recommend', '--item', 'D', '--k', '3', '--name', 'flat', '--db', db], io)).toBe(0);
    // Row D of the fixture's item-item cosine (scikit-learn's cosine_similarity, packages/engine's
    // degenerate-factors.test.ts): F 0.7755667343, E 0.674881906, C 0.3973597071.
    expect(io.out()).toBe(
      [
        '3 recommendations like D (Kite)',
        '  1. F  Kettle  0.7756  by the customers they share',
        '  2. E  Yo-yo  0.6749  by the customers they share',
        '  3. C  Trowel  0.3974  by the customers they share',
        '',
      ].join('\n'),
    );
  });

  it('keeps to --allow, and refuses SKUs the store does not know and requests without a subject', async () => {
    const allowed = await json(['recommend', 'c4', '--allow', 'A', '--allow', 'F', '--k', '5']);
    expect((allowed.items as { sku: string }[]).map((i) => i.sku).sort()).toEqual(['A', 'F']);
    expect(await refusal(['recommend', 'c4', '--allow', 'Q'])).toBe(
      'storewise: --allow names an item the store does not know: "Q"\n',
    );
    expect(await refusal(['recommend', '--item', 'Q'])).toBe(
      'storewise: --item names an item the store does not know: "Q"\n',
    );
    expect(await refusal(['recommend', '--k', '3'])).toBe(
      'storewise: recommend needs a customer id, --item <sku> or --cart <sku>: storewise recommend 14078, --item 22620, or --cart 22620 --cart 21891\n',
    );
    expect(await refusal(['recommend', '--item', 'A', '--exclude-bought'])).toBe(
      'storewise: --exclude-bought needs a customer: related items are about an item\n',
    );
    expect(await refusal(['recommend', '--cart', 'A', '--exclude-seen'])).toBe(
      "storewise: --exclude-seen with --cart needs the cart owner's customer id: storewise recommend <customerId> --cart ...\n",
    );
    expect(await refusal(['recommend', 'c1', '--item', 'A'])).toBe(
      'storewise: --item asks for the items like A, for no customer: leave out the customer id "c1"\n',
    );
  });

  it('warns, on stderr, of ALS factors large next to the catalog in train recs and eval recs', async () => {
    // 6 customers and 6 items: floor(6 / 10) is 0, raised to floor(6 / 2): at most 3 factors are learned.
    const warning =
      'storewise: warning: als: factors 4 is large for 6 customers and 6 items: a rank above min(customers, items) / 10 (at least min(8, min(customers, items) / 2)) learns noise and can rank below random; leave factors unset (3 here) or set at most 3\n';
    const train = testIo(dir);
    const args = ['train', 'recs', '--model', 'als', '--param', 'factors=4', '--name', 'wide', '--db', db];
    expect(await main(args, train)).toBe(0);
    expect(train.err()).toBe(warning);
    const evaluated = testIo(dir);
    expect(
      await main(
        ['eval', 'recs', '--db', db, '--models', 'als', '--param', 'als.factors=4', '--json'],
        evaluated,
      ),
    ).toBe(0);
    expect(evaluated.err()).toContain(warning);
    const quiet = testIo(dir);
    expect(await main(['train', 'recs', '--model', 'als', '--name', 'narrow', '--db', db], quiet)).toBe(0);
    expect(quiet.err()).toBe('');
  });
});
