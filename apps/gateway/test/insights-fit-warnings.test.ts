import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, gql, startTestGateway, type TestGateway } from './harness.js';

// The engine's fixture (make_no_dropout.py): 120 regular buyers who never drop out and share one spend
// distribution. SciPy's BG/NBD maximum is the no-dropout limit a -> 0 and Gamma-Gamma's the limit
// q -> infinity, both boundaries.
const fixture = new URL(
  '../../../packages/engine/test/fixtures/customers/orders-no-dropout.csv',
  import.meta.url,
);

let gw: TestGateway;
let admin: string;

beforeAll(async () => {
  gw = await startTestGateway({}, 'memory:');
  admin = await gw.key(['admin']);
  const lines = readFileSync(fixture, 'utf8').trim().split('\n').slice(1);
  await gw.storage.appendEvents(
    lines.map((line) => {
      const [customer, order, timestamp, value] = line.split(',') as [string, string, string, string];
      return {
        eventId: order,
        type: 'purchase' as const,
        customerId: customer,
        sku: 'sku-1',
        timestamp: new Date(timestamp),
        quantity: 1,
        unitPrice: Number(value),
        orderId: order,
      };
    }),
  );
});
afterAll(() => gw.close());

describe('computeCustomerAnalytics on fits at a boundary', () => {
  it('says what the boundary means in lifetimeValueWarnings, and still stores the lifetime value', async () => {
    const r = await gql(
      gw.url,
      'mutation { computeCustomerAnalytics(asOf: "2024-01-01T00:00:00Z") { customers scoresWritten lifetimeValueSkipped lifetimeValueWarnings } }',
      { key: admin },
    );
    const run = dataOf<{
      customers: number;
      scoresWritten: number;
      lifetimeValueSkipped: string | null;
      lifetimeValueWarnings: string[];
    }>(r, 'computeCustomerAnalytics');
    expect(run.customers).toBe(120);
    expect(run.lifetimeValueSkipped).toBeNull();
    expect(run.scoresWritten).toBe(120 * 9);
    expect(run.lifetimeValueWarnings).toEqual([
      expect.stringMatching(
        /^BG\/NBD sits at a boundary .*: no sign of customers dropping out, so P\(alive\) ≈ 1 \(above 0\.99 for 120 of 120 customers\)/,
      ),
      expect.stringMatching(
        /^Gamma-Gamma sits at a boundary \(q = .*\): customers' mean spends seem not to differ/,
      ),
    ]);
  });

  it('warns in warnings of purchases stored without a unit price, and says nothing when every one has one', async () => {
    const run = async () =>
      dataOf<{ warnings: string[] }>(
        await gql(
          gw.url,
          'mutation { computeCustomerAnalytics(asOf: "2024-01-01T00:00:00Z") { warnings } }',
          {
            key: admin,
          },
        ),
        'computeCustomerAnalytics',
      ).warnings;
    expect(await run()).toEqual([]);
    const purchases = (await gw.storage.counts()).eventsByType.purchase!;
    await gw.storage.appendEvents([
      {
        eventId: 'free-1',
        type: 'purchase',
        customerId: 'c-free',
        sku: 'sku-1',
        timestamp: new Date('2023-06-01'),
      },
    ]);
    expect(await run()).toEqual([
      `1 of ${purchases + 1} purchase events have no unit price and count as revenue 0: monetary values (RFM, lifetime value, campaign revenue) understate the customers who made them; send unitPrice with purchases (unit_price in files)`,
    ]);
  });
});
