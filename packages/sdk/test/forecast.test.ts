import { createGateway, ensureAdminKey, type Gateway } from '@storewise/gateway';
import { type EventInput, openStorage, type Storage } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type StorewiseClient, StorewiseError } from '../src/index.js';

let storage: Storage;
let gateway: Gateway;
let admin: StorewiseClient;

const WEEK = 7 * 86_400_000;
/** Mondays from 2024-01-01: 10 weeks of history before asOf 2024-03-11. */
const FIRST = Date.parse('2024-01-01T00:00:00Z');

beforeAll(async () => {
  storage = await openStorage('memory:');
  const { generatedKey } = await ensureAdminKey(storage, undefined);
  gateway = await createGateway({ storage, logInternalError: () => {} });
  admin = createClient({ url: await gateway.listen(0, '127.0.0.1'), apiKey: generatedKey! });
  // mug: 3 a week, 5 in stock; jug: 1 a week, 50 in stock.
  await storage.upsertItems([
    { sku: 'mug', title: 'Mug', stock: 5 },
    { sku: 'jug', title: 'Jug', stock: 50 },
  ]);
  const events: EventInput[] = [];
  for (let w = 0; w < 10; w++) {
    const t = new Date(FIRST + w * WEEK + 86_400_000);
    events.push({
      eventId: `m${w}`,
      type: 'purchase',
      customerId: null,
      sku: 'mug',
      timestamp: t,
      quantity: 3,
    });
    events.push({
      eventId: `j${w}`,
      type: 'purchase',
      customerId: null,
      sku: 'jug',
      timestamp: t,
      quantity: 1,
    });
  }
  await storage.appendEvents(events);
});
afterAll(async () => {
  await gateway.stop();
  await storage.close();
});

describe('demand forecasting methods', () => {
  const asOf = new Date('2024-03-11T00:00:00Z');

  it('demandForecast: the items at risk, with the reorder advice worked by hand', async () => {
    const f = await admin.demandForecast({ atRisk: true, asOf, horizon: 4, leadTimeDays: 7 });
    expect(f.totalItems).toBe(1);
    const mug = f.items[0]!;
    expect(mug).toMatchObject({ sku: 'mug', stock: 5, demandClass: 'smooth' });
    expect(mug.periods.map((p) => p.start)).toEqual([
      '2024-03-11T00:00:00.000Z',
      '2024-03-18T00:00:00.000Z',
      '2024-03-25T00:00:00.000Z',
      '2024-04-01T00:00:00.000Z',
    ]);
    for (const p of mug.periods) expect(p.mean).toBeCloseTo(3, 9);
    // 3 a week, no error on a steady history: reorder point 3 (one week's demand), 5 > 3 needs no order
    // yet; the 5 run out after 5/3 weeks, 11 2/3 days.
    expect(mug.reorder!.reorderPoint).toBeCloseTo(3, 9);
    expect(mug.reorder!.reorderNow).toBe(false);
    expect(mug.reorder!.daysOfCover).toBeCloseTo(35 / 3, 6);
    const all = await admin.demandForecast({ asOf, horizon: 4 });
    expect(all.items.map((i) => i.sku)).toEqual(['mug', 'jug']);
  });

  it('demandBacktest scores the held-out weeks', async () => {
    const b = await admin.demandBacktest({ asOf, horizon: 2 });
    expect(b).toMatchObject({ items: 2, actualUnits: 8, testStart: '2024-02-26T00:00:00.000Z' });
    expect(b.scores.map((s) => s.method)).toEqual(['auto', 'naive', 'seasonal-naive', 'mean']);
    for (const s of b.scores) expect(s.wape).toBeCloseTo(0, 9);
  });

  it('a bad argument is a StorewiseError naming it', async () => {
    const error = await admin.demandForecast({ skus: ['cup'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorewiseError);
    expect((error as StorewiseError).errors[0]).toMatchObject({
      message: 'skus: not in the catalog: cup',
      extensions: { code: 'BAD_USER_INPUT', field: 'skus' },
    });
  });
});
