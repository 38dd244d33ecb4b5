import type { EventInput, ItemInput, Storage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { backtestDemand, DemandForecastError, forecastDemand, itemsAtRisk } from '../../src/index.js';
import { adapters } from '../customers/stores.js';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** Monday 2023-10-16 00:00 UTC; the 20 weeks from it end on Monday 2024-03-04. */
const FIRST_WEEK = Date.parse('2023-10-16T00:00:00Z');
const WEEKS = 20;

function purchase(
  id: string,
  sku: string,
  ms: number,
  quantity: number,
  customerId: string | null,
): EventInput {
  return { eventId: id, type: 'purchase', customerId, sku, timestamp: new Date(ms), quantity, unitPrice: 1 };
}

/**
 * A and B sell 2 units every Wednesday at 10:00 for 20 weeks (odd weeks anonymously: anonymous sales are
 * demand too); C sells 1 a week and in week 5 also 5 units it gets back the same week (net 1); D never sells.
 * Stock: A 9, B 3, C untracked, D 4.
 */
async function shop(storage: Storage): Promise<void> {
  const items: ItemInput[] = [
    { sku: 'A', title: 'Mug', stock: 9 },
    { sku: 'B', title: 'Plate', stock: 3 },
    { sku: 'C', title: 'Bowl', stock: null },
    { sku: 'D', title: 'Jug', stock: 4 },
  ];
  await storage.upsertItems(items);
  const events: EventInput[] = [];
  for (let w = 0; w < WEEKS; w++) {
    const wednesday = FIRST_WEEK + w * WEEK + 2 * DAY + 10 * 3_600_000;
    const who = w % 2 === 1 ? null : `c${w}`;
    events.push(purchase(`a${w}`, 'A', wednesday, 2, who), purchase(`b${w}`, 'B', wednesday, 2, who));
    events.push(purchase(`c${w}`, 'C', wednesday, 1, 'c0'));
    if (w === 5) {
      events.push(purchase('c-big', 'C', wednesday, 5, 'c1'));
      events.push({ ...purchase('c-back', 'C', wednesday + DAY, 5, 'c1'), type: 'return' });
    }
  }
  await storage.appendEvents(events);
}

describe.each(await adapters())('forecastDemand on %s', (_name, open) => {
  it('warns when the horizon is longer than the history the items were seen over', async () => {
    const storage = await open();
    try {
      await shop(storage);
      const asOf = new Date('2024-03-06T12:00:00Z'); // 20 whole weeks of sales before the week holding it
      const over = await forecastDemand(storage, { asOf, horizon: 21 });
      expect(over.warnings).toContain(
        'the horizon of 21 weeks is longer than the 20 weeks of history the items were seen over: forecasts past 20 weeks ahead reach further than the data does (trend and seasonality over that span were never observed); forecast at most 20 weeks ahead, or wait for more history',
      );
      const within = await forecastDemand(storage, { asOf, horizon: 20 });
      expect(within.warnings.join()).not.toContain('horizon');
      // By month: October to February, 5 months.
      const months = await forecastDemand(storage, { asOf, period: 'month', horizon: 100 });
      expect(months.warnings.join()).toContain(
        'the horizon of 100 months is longer than the 5 months of history',
      );
    } finally {
      await storage.close();
    }
  });

  it('forecasts by default from the last purchase or return, not from a view tracked since', async () => {
    const storage = await open();
    try {
      await shop(storage);
      // A storefront's view, years after the last sale (the demo shop's 2011 orders, a view tracked today).
      await storage.appendEvents([
        {
          eventId: 'v-later',
          type: 'view',
          customerId: 'c0',
          sku: 'A',
          timestamp: new Date('2026-11-30T10:00:00Z'),
        },
      ]);
      const f = await forecastDemand(storage);
      // Week 19's Wednesday sales are the last demand.
      expect(f.asOf.toISOString()).toBe('2024-02-28T10:00:00.001Z');
      expect(f.items.map((i) => i.sku)).toEqual(['A', 'B', 'C']);
      expect(f.warnings.join()).not.toContain('days after');
      // Asked for a later date, it says how far that lies from the last sale.
      const later = await forecastDemand(storage, { asOf: new Date('2024-03-20T00:00:00Z') });
      expect(later.warnings).toContain(
        'asOf is 20 days after the last stored purchase or return (2024-02-28T10:00:00.000Z): the periods since count as no demand',
      );
    } finally {
      await storage.close();
    }
  });

  it('forecasts steady demand and the stock it needs, worked by hand', async () => {
    const storage = await open();
    try {
      await shop(storage);
      // Wednesday noon: the week holding asOf is forecast whole; the reorder plan counts demand from asOf on.
      const asOf = new Date('2024-03-06T12:00:00Z');
      const f = await forecastDemand(storage, { asOf, horizon: 8, leadTimeDays: 14, serviceLevel: 0.95 });
      expect(f.historyEnd.toISOString()).toBe('2024-03-04T00:00:00.000Z');
      expect(f.historyStart.toISOString()).toBe('2023-10-16T00:00:00.000Z');
      expect(f.items.map((i) => i.sku)).toEqual(['A', 'B', 'C']);
      expect(f.itemsWithoutDemand).toBe(1);
      const [a, b, c] = f.items;
      for (const i of [a!, b!]) {
        expect(i.history).toMatchObject({ periods: 20, units: 40, purchased: 40, returned: 0 });
        expect(i.demandClass).toBe('smooth');
        expect(i.periods).toHaveLength(8);
        expect(i.periods[0]!.start.toISOString()).toBe('2024-03-04T00:00:00.000Z');
        expect(i.periods[7]!.start.toISOString()).toBe('2024-04-22T00:00:00.000Z');
        for (const p of i.periods) expect(p.mean).toBeCloseTo(2, 9);
        expect(i.sigma).toBeCloseTo(0, 9);
      }
      // A: 9 units at 2 a week from asOf last 4.5 weeks (31.5 days); lead time 2 weeks: 4 units, no safety
      // stock (sigma 0), so the reorder point is 4 and 9 > 4 needs no order.
      expect(a!.reorder).toMatchObject({ stock: 9, reorderNow: false, suggestedOrder: 0 });
      expect(a!.reorder!.leadTimeDemand).toBeCloseTo(4, 9);
      expect(a!.reorder!.reorderPoint).toBeCloseTo(4, 9);
      expect(a!.reorder!.stockoutAt!.getTime()).toBeCloseTo(Date.parse('2024-04-07T00:00:00Z'), -1);
      expect(a!.reorder!.daysOfCover).toBeCloseTo(31.5, 6);
      // B: 3 <= 4, so order up to the reorder point plus the next lead time's demand: 4 + 4 - 3 = 5; its 3
      // units last 1.5 weeks.
      expect(b!.reorder).toMatchObject({ stock: 3, reorderNow: true, suggestedOrder: 5 });
      expect(b!.reorder!.daysOfCover).toBeCloseTo(10.5, 6);
      expect(b!.reorder!.stockoutAt!.getTime()).toBeCloseTo(Date.parse('2024-03-17T00:00:00Z'), -1);
      // C: 25 bought, 5 back the same week: 1 a week net; its stock is not tracked.
      expect(c!.history).toMatchObject({ periods: 20, units: 20, purchased: 25, returned: 5 });
      expect(c!.reorder).toBeNull();
      for (const p of c!.periods) expect(p.mean).toBeCloseTo(1, 9);
      expect(itemsAtRisk(f).map((i) => i.sku)).toEqual(['B', 'A']);
    } finally {
      await storage.close();
    }
  });

  it('starts an item at its first purchase: returns alone are no demand', async () => {
    const storage = await open();
    try {
      await shop(storage);
      const back = (id: string, sku: string, ms: number): EventInput => ({
        ...purchase(id, sku, ms, 2, 'c1'),
        type: 'return',
      });
      // R is only ever returned; S is returned in week 2 (a sale from before the history), bought in weeks
      // 5 and 6.
      await storage.appendEvents([
        back('r1', 'R', FIRST_WEEK + 3 * WEEK),
        back('s1', 'S', FIRST_WEEK + 2 * WEEK),
        purchase('s2', 'S', FIRST_WEEK + 5 * WEEK, 4, 'c1'),
        purchase('s3', 'S', FIRST_WEEK + 6 * WEEK, 4, 'c1'),
      ]);
      const f = await forecastDemand(storage, { asOf: new Date('2024-03-04T00:00:00Z') });
      expect(f.items.map((i) => i.sku)).toEqual(['A', 'B', 'C', 'S']);
      expect(f.itemsWithoutDemand).toBe(2); // D and R
      expect(f.items[3]!.history).toMatchObject({
        start: new Date(FIRST_WEEK + 5 * WEEK),
        periods: 15,
        units: 8,
      });
      const r = await forecastDemand(storage, { asOf: new Date('2024-03-04T00:00:00Z'), skus: ['R'] });
      expect(r.items[0]).toMatchObject({ sku: 'R', method: 'zero', demandClass: 'none' });
    } finally {
      await storage.close();
    }
  });

  it('gives advice and a method that do not depend on the horizon shown', async () => {
    const storage = await open();
    try {
      await shop(storage);
      // T: 1, 2, ..., 20 units in the 20 weeks, 100 in stock. Holt's path goes on 21, 22, ...: over a lead
      // time of 2 weeks 21 + 22 = 43 units, and the rule's order-up-to adds the next 2 weeks, 23 + 24. A
      // horizon of 1 week must not repeat its only period past its end (21 + 21).
      await storage.upsertItems([{ sku: 'T', stock: 100 }]);
      const rising: EventInput[] = [];
      for (let w = 0; w < WEEKS; w++)
        rising.push(purchase(`t${w}`, 'T', FIRST_WEEK + w * WEEK + DAY, w + 1, 'c0'));
      await storage.appendEvents(rising);
      const asOf = new Date('2024-03-04T00:00:00Z');
      const advice = async (horizon: number) =>
        (await forecastDemand(storage, { asOf, skus: ['T'], horizon, methods: ['holt'] })).items[0]!;
      const one = await advice(1);
      const eight = await advice(8);
      expect(one.periods).toHaveLength(1);
      expect(one.periods[0]!.mean).toBeCloseTo(21, 6);
      expect(eight.periods[7]!.mean).toBeCloseTo(28, 6);
      expect(one.reorder!.leadTimeDemand).toBeCloseTo(43, 6);
      const plan = ({ reorder }: typeof one) => ({
        ...reorder,
        stockoutAt: undefined,
        daysOfCover: undefined,
      });
      expect(plan(eight)).toEqual(plan(one));
      // 100 units last 21 + 22 + 23 + 24 = 90, then 10 of the 25th: 4.4 weeks, within 8 weeks, not within 1.
      expect(eight.reorder!.daysOfCover).toBeCloseTo(4.4 * 7, 6);
      expect(one.reorder!.stockoutAt).toBeNull();
      // The automatic choice is scored over the period's default horizon (8 weeks) whatever is shown.
      const auto = async (horizon: number) =>
        (await forecastDemand(storage, { asOf, skus: ['T', 'C'], horizon })).items.map((i) => [
          i.method,
          i.params,
        ]);
      expect(await auto(1)).toEqual(await auto(20));
    } finally {
      await storage.close();
    }
  });

  it('says a stock at or below 0 runs out now, and orders nothing for no demand ahead', async () => {
    const storage = await open();
    try {
      await shop(storage);
      await storage.upsertItems([
        { sku: 'A', stock: -2 },
        { sku: 'B', stock: 0 },
      ]);
      const asOf = new Date('2024-03-06T12:00:00Z');
      const f = await forecastDemand(storage, { asOf, skus: ['A', 'B'] });
      // A: oversold by 2; order up to 4 + 4 (two lead times of 2 a week), plus the 2 owed.
      expect(f.items[0]!.reorder).toMatchObject({
        stock: -2,
        stockoutAt: asOf,
        daysOfCover: 0,
        suggestedOrder: 10,
      });
      expect(f.items[1]!.reorder).toMatchObject({
        stock: 0,
        stockoutAt: asOf,
        daysOfCover: 0,
        suggestedOrder: 8,
      });
      // Forecast 0 ('zero'): its safety stock covers the errors of the history, but nothing is to be sold.
      const zero = (await forecastDemand(storage, { asOf, skus: ['B'], methods: ['zero'] })).items[0]!;
      expect(zero.reorder!.safetyStock).toBeGreaterThan(0);
      expect(zero.reorder).toMatchObject({ reorderNow: false, suggestedOrder: 0, stockoutAt: asOf });
    } finally {
      await storage.close();
    }
  });

  it('lists no item without demand in the history, and says when nothing is left', async () => {
    const storage = await open();
    try {
      await shop(storage);
      await storage.upsertItems([{ sku: 'A', stock: 0 }]);
      // Four weeks of history from 2024-04-01: after the last sale (2024-02-28).
      const later = { asOf: new Date('2024-04-29T00:00:00Z'), historyPeriods: 4 };
      const f = await forecastDemand(storage, later);
      expect(f.items).toEqual([]);
      expect(f.historyStart.toISOString()).toBe('2024-04-01T00:00:00.000Z');
      expect(f.itemsWithoutDemand).toBe(4);
      expect(f.warnings).toContain(
        'no item was bought in the 4 weeks of history before 2024-04-29T00:00:00.000Z: nothing to forecast',
      );
      // Named, A is forecast 0: out of stock (now), yet nothing to reorder.
      const a = (await forecastDemand(storage, { ...later, skus: ['A'] })).items[0]!;
      expect(a.periods.every((p) => p.mean === 0)).toBe(true);
      expect(a.reorder).toMatchObject({
        stock: 0,
        reorderNow: false,
        suggestedOrder: 0,
        stockoutAt: later.asOf,
      });
      const b = await backtestDemand(storage, { ...later, horizon: 2 });
      expect(b).toMatchObject({ items: 0, newItems: 0 });
      expect(b.warnings[0]).toMatch(
        /^no item was bought in the 4 weeks of history before the held-out periods/,
      );
    } finally {
      await storage.close();
    }
  });

  it('forecasts the same in a worker thread', async () => {
    const storage = await open();
    try {
      await shop(storage);
      const asOf = new Date('2024-03-06T12:00:00Z');
      const inline = await forecastDemand(storage, { asOf, skus: ['C', 'D', 'A'] });
      expect(await forecastDemand(storage, { asOf, skus: ['C', 'D', 'A'], offThread: true })).toEqual(inline);
      const b = await backtestDemand(storage, { asOf, horizon: 4 });
      expect(await backtestDemand(storage, { asOf, horizon: 4, offThread: true })).toEqual(b);
    } finally {
      await storage.close();
    }
  });

  it('forecasts by the automatic choice the items too short for the methods asked for, and says so', async () => {
    const storage = await open();
    try {
      await shop(storage);
      const asOf = new Date('2024-03-04T00:00:00Z');
      // Holt-Winters needs two seasons (104 weeks) of history: none of the 20-week items has them.
      const f = await forecastDemand(storage, { asOf, methods: ['holt-winters-additive'] });
      expect(f.items.map((i) => i.method)).not.toContain('holt-winters-additive');
      expect(f.warnings).toContain(
        '3 items had too short a history (or, for holt-winters-multiplicative, periods without demand) for holt-winters-additive: forecast by the automatic choice',
      );
      const naive = await forecastDemand(storage, { asOf, methods: ['naive', 'holt-winters-additive'] });
      expect(naive.items.map((i) => i.method)).toEqual(['naive', 'naive', 'naive']);
      expect(naive.warnings.join()).not.toContain('automatic choice');
    } finally {
      await storage.close();
    }
  });

  it('forecasts the items asked for, in that order, those without demand as 0', async () => {
    const storage = await open();
    try {
      await shop(storage);
      const f = await forecastDemand(storage, { asOf: new Date('2024-03-04T00:00:00Z'), skus: ['D', 'A'] });
      expect(f.items.map((i) => i.sku)).toEqual(['D', 'A']);
      const d = f.items[0]!;
      expect(d).toMatchObject({ demandClass: 'none', method: 'zero' });
      expect(d.periods.every((p) => p.mean === 0 && p.upper === 0)).toBe(true);
      expect(d.reorder).toMatchObject({ stock: 4, reorderNow: false, suggestedOrder: 0, stockoutAt: null });
      expect(f.itemsWithoutDemand).toBe(0);
      await expect(forecastDemand(storage, { skus: ['A', 'nope', 'gone'] })).rejects.toThrow(
        /^skus: not in the catalog: nope, gone$/,
      );
    } finally {
      await storage.close();
    }
  });
});

describe('demand forecast options', async () => {
  const open = (await adapters())[0]![1];
  const cases: [Parameters<typeof forecastDemand>[1], string][] = [
    [{ period: 'year' as never }, 'period'],
    [{ horizon: 0 }, 'horizon'],
    [{ horizon: 2.5 }, 'horizon'],
    [{ historyPeriods: 3 }, 'historyPeriods'],
    [{ leadTimeDays: 0 }, 'leadTimeDays'],
    [{ serviceLevel: 1 }, 'serviceLevel'],
    [{ serviceLevel: 0.4 }, 'serviceLevel'],
    [{ level: 0 }, 'level'],
    [{ asOf: new Date('x') }, 'asOf'],
    [{ skus: [] }, 'skus'],
    [{ skus: ['A', ' '] }, 'skus[1]'],
    [{ methods: [] }, 'methods'],
    [{ methods: ['ses', 'arima' as never] }, 'methods[1]'],
  ];
  it.each(cases)('refuses %j naming %s', async (options, field) => {
    const storage = await open();
    try {
      const error = await forecastDemand(storage, options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DemandForecastError);
      expect((error as DemandForecastError).field).toBe(field);
    } finally {
      await storage.close();
    }
  });
});

describe.each(await adapters())('backtestDemand on %s', (_name, open) => {
  it('scores steady demand as forecast exactly, next to the baselines', async () => {
    const storage = await open();
    try {
      await shop(storage);
      // Held out: the 4 weeks before 2024-03-04 (16 of history). A and B: 2 a week, C 1 a week (week 5's
      // sale and return cancel out): 4 x (2 + 2 + 1) = 20 units; every forecast is exact.
      const b = await backtestDemand(storage, { asOf: new Date('2024-03-04T00:00:00Z'), horizon: 4 });
      expect(b.testStart.toISOString()).toBe('2024-02-05T00:00:00.000Z');
      expect(b).toMatchObject({ items: 3, newItems: 0, actualUnits: 20 });
      const auto = b.scores.find((s) => s.method === 'auto')!;
      expect(auto.wape).toBeCloseTo(0, 9);
      expect(auto.coverage).toBe(1);
      expect(auto.coverageWithSales).toBe(1);
      const naive = b.scores.find((s) => s.method === 'naive')!;
      expect(naive.wape).toBeCloseTo(0, 9);
      // Seasonal naive needs a season (52 weeks) and a week: every item falls back to naive.
      expect(b.scores.find((s) => s.method === 'seasonal-naive')!.fellBack).toBe(3);
      // The mean of C's history counts week 5's net 1: exact too. A constant history has no MASE scale.
      expect(b.scores.find((s) => s.method === 'mean')!.wape).toBeCloseTo(0, 9);
      expect(auto.maseItems).toBe(0);
    } finally {
      await storage.close();
    }
  });

  it('scores a change of level against the held-out units, worked by hand', async () => {
    const storage = await open();
    try {
      await shop(storage);
      // E sells 1 a week for weeks 0-15, then 3 a week in the 4 held-out weeks: the naive and mean baselines
      // forecast 1, so they miss 2 units a week: 8 of the 12 + 20 held-out units, a WAPE of 8/32 = 25%, a
      // bias of -25%.
      const extra: EventInput[] = [];
      for (let w = 0; w < WEEKS; w++)
        extra.push(purchase(`e${w}`, 'E', FIRST_WEEK + w * WEEK + DAY, w < 16 ? 1 : 3, 'c0'));
      await storage.appendEvents(extra);
      const b = await backtestDemand(storage, { asOf: new Date('2024-03-04T00:00:00Z'), horizon: 4 });
      expect(b).toMatchObject({ items: 4, actualUnits: 32 });
      for (const method of ['naive', 'mean'] as const) {
        const s = b.scores.find((x) => x.method === method)!;
        expect(s.wape).toBeCloseTo(0.25, 9);
        expect(s.bias).toBeCloseTo(-0.25, 9);
      }
    } finally {
      await storage.close();
    }
  });
});
