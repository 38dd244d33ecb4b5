import { backtestDemand, demoShopFormat, demoShopPath, forecastDemand, importFile } from '@storewise/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;
let reader: string;
let storefront: string;

beforeAll(async () => {
  gw = await startTestGateway();
  reader = await gw.key(['read']);
  storefront = await gw.key(['storefront']);
  await importFile(gw.storage, demoShopPath, { format: demoShopFormat });
});
afterAll(() => gw.close());

const FORECAST = `query ($skus: [String!], $atRisk: Boolean, $horizon: Int, $leadTimeDays: Float, $first: PageSize!) {
  demandForecast(first: $first, skus: $skus, atRisk: $atRisk, horizon: $horizon, leadTimeDays: $leadTimeDays) {
    asOf period horizon totalItems itemsWithoutDemand historyStart historyEnd warnings
    items { sku stock method demandClass history { periods units }
      periods { start mean lower upper }
      reorder { stock reorderPoint reorderNow suggestedOrder stockoutAt daysOfCover } } } }`;

interface Forecast {
  asOf: string;
  period: string;
  totalItems: number;
  itemsWithoutDemand: number;
  warnings: string[];
  items: {
    sku: string;
    stock: number | null;
    method: string;
    periods: { start: string; mean: number; lower: number; upper: number }[];
    reorder: {
      stock: number;
      reorderPoint: number;
      suggestedOrder: number;
      stockoutAt: string | null;
    } | null;
  }[];
}

describe('demandForecast', () => {
  it("answers the engine's forecast over HTTP, most demand first", async () => {
    const reference = await forecastDemand(gw.storage, {});
    const f = dataOf<Forecast>(
      await gql(gw.url, FORECAST, { key: reader, variables: { first: 5 } }),
      'demandForecast',
    );
    expect(f).toMatchObject({
      asOf: reference.asOf.toISOString(),
      period: 'WEEK',
      totalItems: reference.items.length,
      itemsWithoutDemand: reference.itemsWithoutDemand,
      warnings: reference.warnings,
    });
    const total = (i: { periods: { mean: number }[] }) => i.periods.reduce((s, p) => s + p.mean, 0);
    const top = [...reference.items].sort((a, b) => total(b) - total(a)).slice(0, 5);
    expect(f.items.map((i) => i.sku)).toEqual(top.map((i) => i.sku));
    expect(f.items[0]!.periods.map((p) => p.mean)).toEqual(top[0]!.periods.map((p) => p.mean));
    expect(f.items[0]!.method).toBe(top[0]!.method);
    // The demo records no stock: no reorder advice, and a warning that says how to get it.
    expect(f.items.every((i) => i.reorder === null)).toBe(true);
    expect(f.warnings.join()).toContain('stock');
  });

  it('gives reorder advice once stock is recorded, and lists the items at risk', async () => {
    // The two items with the most demand forecast.
    const total = (i: { periods: { mean: number }[] }) => i.periods.reduce((s, p) => s + p.mean, 0);
    const skus = (await forecastDemand(gw.storage, {})).items
      .sort((a, b) => total(b) - total(a))
      .slice(0, 2)
      .map((i) => i.sku);
    const writer = await gw.key(['write']);
    const set = await gql(
      gw.url,
      'mutation ($items: [ItemInput!]!) { upsertItems(items: $items) { updated } }',
      {
        key: writer,
        variables: {
          items: [
            { sku: skus[0], stock: 0 },
            { sku: skus[1], stock: 100000 },
          ],
        },
      },
    );
    expect(dataOf<{ updated: number }>(set, 'upsertItems').updated).toBe(2);
    const reference = await forecastDemand(gw.storage, { skus, leadTimeDays: 7 });
    const f = dataOf<Forecast>(
      await gql(gw.url, FORECAST, { key: reader, variables: { first: 10, skus, leadTimeDays: 7 } }),
      'demandForecast',
    );
    expect(f.items.map((i) => i.sku)).toEqual(skus);
    // Out of stock with demand ahead: it runs out at asOf, and an order is due.
    expect(reference.items[0]!.periods[0]!.mean).toBeGreaterThan(0);
    expect(f.items[0]!.reorder).toMatchObject({
      stock: 0,
      reorderNow: true,
      reorderPoint: reference.items[0]!.reorder!.reorderPoint,
      suggestedOrder: reference.items[0]!.reorder!.suggestedOrder,
      stockoutAt: reference.asOf.toISOString(),
    });
    expect(f.items[0]!.reorder!.suggestedOrder).toBeGreaterThan(0);
    expect(f.items[1]!.reorder).toMatchObject({ stock: 100000, stockoutAt: null });
    const risky = dataOf<Forecast>(
      await gql(gw.url, FORECAST, { key: reader, variables: { first: 10, atRisk: true, skus } }),
      'demandForecast',
    );
    expect(risky.items.map((i) => i.sku)).toEqual([skus[0]]);
  });

  it("a catalog-wide forecast sees a stock change at once, not after the cache's minute", async () => {
    const writer = await gw.key(['write']);
    const first = dataOf<Forecast>(
      await gql(gw.url, FORECAST, { key: reader, variables: { first: 1 } }),
      'demandForecast',
    ).items[0]!;
    for (const stock of [7, 70000]) {
      await gql(gw.url, 'mutation ($items: [ItemInput!]!) { upsertItems(items: $items) { updated } }', {
        key: writer,
        variables: { items: [{ sku: first.sku, stock }] },
      });
      const again = dataOf<Forecast>(
        await gql(gw.url, FORECAST, { key: reader, variables: { first: 1 } }),
        'demandForecast',
      ).items[0]!;
      expect(again.sku).toBe(first.sku);
      expect(again.reorder?.stock).toBe(stock);
    }
  });

  it('refuses bad arguments naming them, and storefront keys', async () => {
    const bad = async (variables: Record<string, unknown>) =>
      (await gql(gw.url, FORECAST, { key: reader, variables: { first: 5, ...variables } })).body.errors?.[0];
    expect(await bad({ horizon: 0 })).toMatchObject({
      message: 'horizon: must be a whole number from 1 to 520, got 0',
      extensions: { code: 'BAD_USER_INPUT', field: 'horizon' },
    });
    expect(await bad({ skus: ['nope'] })).toMatchObject({
      message: 'skus: not in the catalog: nope',
      extensions: { code: 'BAD_USER_INPUT', field: 'skus' },
    });
    expect(await bad({ leadTimeDays: -1 })).toMatchObject({ extensions: { field: 'leadTimeDays' } });
    expect(codes(await gql(gw.url, FORECAST, { key: storefront, variables: { first: 5 } }))).toEqual([
      'FORBIDDEN',
    ]);
  });
});

describe('demandBacktest', () => {
  it("answers the engine's backtest over HTTP", async () => {
    const reference = await backtestDemand(gw.storage, { horizon: 4 });
    const r = await gql(
      gw.url,
      '{ demandBacktest(horizon: 4) { items newItems actualUnits testStart scores { method wape bias mase maseItems coverage coverageWithSales fellBack } chosen } }',
      { key: reader },
    );
    const b = dataOf<{ items: number; scores: { method: string; wape: number }[]; chosen: object }>(
      r,
      'demandBacktest',
    );
    expect(b).toMatchObject({
      items: reference.items,
      newItems: reference.newItems,
      actualUnits: reference.actualUnits,
      testStart: reference.testStart.toISOString(),
      chosen: reference.chosen,
    });
    expect(b.scores).toEqual(reference.scores);
  });
});
