import { campaignReport, createCampaign, offerFor, startCampaign } from '@storewise/engine';
import { openStorage } from '@storewise/storage';

const storage = await openStorage(process.argv[2] ?? 'memory:');
const start = new Date('2024-03-01T00:00:00Z');
const customers = Array.from({ length: 40 }, (_, i) => `c${i + 1}`);
await storage.upsertCustomers(
  customers.map((externalId, i) => ({ externalId, country: i % 2 ? 'DE' : 'FR' })),
);
// They visited before the start: a replay at a past time counts only the customers existing then.
await storage.appendEvents(
  customers.map((customerId, i) => ({
    eventId: `v${i}`,
    type: 'view' as const,
    customerId,
    sku: 'mug',
    timestamp: new Date('2024-02-15T00:00:00Z'),
  })),
);
await createCampaign(storage, {
  id: 'spring',
  name: 'Spring sale',
  audience: { filter: { field: 'country', in: ['DE', 'FR'] } },
  arms: [
    { id: 'ten-off', coupon: true, costPerConversion: 2 },
    { id: 'recs-email', costPerOffer: 0.05 },
  ],
  policy: { type: 'fixed-split' },
  holdout: { fraction: 0.25 },
  attributionWindowDays: 14,
});
console.log(await startCampaign(storage, 'spring', start)); // offered per arm, holdout, refused, cost
console.log(await offerFor(storage, 'spring', 'c1', start)); // sticky: the same assignment every time
// Every third customer buys two days later.
await storage.appendEvents(
  customers
    .filter((_, i) => i % 3 === 0)
    .map((customerId, i) => ({
      eventId: `p${i}`,
      type: 'purchase' as const,
      customerId,
      sku: 'mug',
      timestamp: new Date(start.getTime() + 2 * 86_400_000),
      quantity: 1,
      unitPrice: 12,
    })),
);
const report = await campaignReport(storage, 'spring');
console.log(report.arms.map((a) => [a.arm, a.metrics.exposures, a.metrics.conversions, a.lift.pValue]));
console.log('holdout', report.holdout.exposures, report.holdout.conversions);
await storage.close();
