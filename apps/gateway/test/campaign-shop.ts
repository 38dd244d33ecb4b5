import type { Storage } from '@storewise/storage';

/** Eight customers in Germany, four in France (the "eu" segment), one in the US, one German who opted out. */
export const EU_CUSTOMERS = [
  ...Array.from({ length: 8 }, (_, i) => `de-${i + 1}`),
  ...Array.from({ length: 4 }, (_, i) => `fr-${i + 1}`),
];

export async function seedCampaignShop(storage: Storage): Promise<void> {
  await storage.upsertCustomers([
    ...EU_CUSTOMERS.map((id) => ({ externalId: id, country: id.startsWith('de') ? 'Germany' : 'France' })),
    { externalId: 'us-1', country: 'United States' },
    { externalId: 'de-optout', country: 'Germany', consent: { marketing: false } },
  ]);
}

/** A fixed split of two offers with a 30% holdout, over the "eu" segment, measured 30 days. */
export const springDefinition = (id = 'eu-spring') => ({
  id,
  name: 'EU spring offers',
  audience: { segment: 'eu' },
  arms: [
    { id: 'ten-off', name: '10% off', coupon: true, costPerConversion: 3 },
    { id: 'recs-email', name: 'Recommendations email', costPerOffer: 0.05 },
  ],
  policy: { type: 'fixed-split', weights: [1, 1] },
  holdout: { fraction: 0.3 },
  frequencyCap: { maxOffers: 1, windowDays: 30 },
  budget: 100,
  attributionWindowDays: 30,
  report: { fairnessBy: 'country', upliftScore: 'p_purchase_30d' },
});
