import type { CustomerInput } from '@storewise/storage';
import { openStorage, type Storage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { GroupingError, NO_GROUP } from '../../src/customers/customer-groups.js';
import { holdoutFairness, trainPurchasePropensity } from '../../src/propensity/index.js';
import { AS_OF, syntheticShop } from './shop.js';

const shop = syntheticShop();
const ids = [
  ...shop.groups.active,
  ...shop.groups.occasional,
  ...shop.groups.lapsed,
  ...shop.groups.newcomer,
];
const declined = new Set(['c001', 'c002']);
const groupOf = new Map(Object.entries(shop.groups).flatMap(([g, members]) => members.map((id) => [id, g])));

/** Every customer: country DE or FR for every other one (the rest none), a `tier` (their behaviour group; 'secret' for the two who declined analytics) and one `shop`. */
const customers: CustomerInput[] = ids.map((id, i) => ({
  externalId: id,
  ...(i % 2 === 0 ? { country: i % 4 === 0 ? 'DE' : 'FR' } : {}),
  attributes: { tier: declined.has(id) ? 'secret' : groupOf.get(id)!, shop: 'one' },
  ...(declined.has(id) ? { consent: { analytics: false } } : {}),
}));

async function seeded(people: CustomerInput[] = customers): Promise<Storage> {
  const storage = await openStorage('memory:');
  await storage.upsertItems(shop.items);
  await storage.upsertCustomers(people);
  await storage.appendEvents(shop.events);
  return storage;
}

describe('holdoutFairness', () => {
  it('groups holdout customers by their stored group and targets the best-scored share equal to the base rate', () => {
    // Customers 0-9 in DE, 10-19 in FR, 20-24 unknown. Per group five customers of each of: DE labels 1 0,
    // scores .9 .2; FR labels 1 0, scores .4 .6; unknown label 0, score .1. Base rate 10/25, so the best 10
    // of 25 scores are taken (.9 and .6, threshold .6): DE selects its buyers (TPR 1, FPR 0), FR its
    // non-buyers (TPR 0, FPR 1), the unknown customers (group "(none)") nobody.
    const five = (xs: number[]) => xs.flatMap((x) => [x, x, x, x, x]);
    const r = holdoutFairness(
      Array.from({ length: 25 }, (_, i) => (i < 10 ? 'DE' : i < 20 ? 'FR' : NO_GROUP)),
      'country',
      Uint8Array.from(five([1, 0, 1, 0, 0])),
      Float64Array.from(five([0.9, 0.2, 0.4, 0.6, 0.1])),
      1,
    );
    expect(r.by).toBe('country');
    expect(r.decision).toEqual({ threshold: 0.6, share: 0.4, selectedShare: 0.4 });
    expect(
      r.groups.map((g) => [g.name, g.rows, g.selected, g.truePositiveRate, g.falsePositiveRate]),
    ).toEqual([
      ['DE', 10, 5, 1, 0],
      ['FR', 10, 5, 0, 1],
      ['(none)', 5, 0, Number.NaN, 0],
    ]);
    expect(r.disparities.equalOpportunityDifference).toBe(1);
    // DE and FR are selected at 1/2 each (ratio 1); "(none)" at 0 of that: below four fifths.
    expect(r.flagged).toEqual(['(none)']);
  });

  it('reports the groups of fewer than 5 customers as one, never judged', () => {
    // DE: customers 0-4, labels 1 0 0 0 0, scores .9 .1 .1 .1 .1; FR: 5-9, the same; IT: customer 10, label
    // 0, score .8; customer 11 unknown, label 0, score .05. Base rate 2/12: the best 2 scores (.9, .9) are
    // taken. IT and "(none)" (1 customer each) would be judged at minGroupSize 1 and flagged (selected at
    // 0 of 1/5); merged into one bucket of 2, it is listed, not judged, not flagged.
    const r = holdoutFairness(
      [...Array(5).fill('DE'), ...Array(5).fill('FR'), 'IT', NO_GROUP],
      'country',
      Uint8Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]),
      Float64Array.from([0.9, 0.1, 0.1, 0.1, 0.1, 0.9, 0.1, 0.1, 0.1, 0.1, 0.8, 0.05]),
      1,
    );
    expect(r.groups.map((g) => [g.name, g.rows, g.selected, g.small])).toEqual([
      ['DE', 5, 1, false],
      ['FR', 5, 1, false],
      ['(groups of fewer than 5)', 2, 0, true],
    ]);
    expect(r.judged).toEqual(['DE', 'FR']);
    expect(r.flagged).toEqual([]);
  });
});

describe('trainPurchasePropensity: the fairness report of the holdout', () => {
  it('reports by attribute over the holdout, leaving out customers who declined analytics', async () => {
    const storage = await seeded();
    try {
      const r = await trainPurchasePropensity(storage, {
        asOf: AS_OF,
        seed: 1,
        dryRun: true,
        fairnessBy: 'attribute.tier',
        fairnessMinGroupSize: 10,
      });
      const f = r.fairness;
      expect(f.by).toBe('attribute.tier');
      // Newcomers have no event before the cutoff: not in the population. The declined are in no group.
      expect(f.groups.map((g) => g.name).sort()).toEqual(['active', 'lapsed', 'occasional']);
      expect(f.groups.reduce((s, g) => s + g.rows, 0)).toBe(r.holdout.customers);
      expect(f.groups.reduce((s, g) => s + g.positives, 0)).toBe(r.holdout.positives);
      expect(f.decision.share).toBe(r.holdout.baseRate);
      expect(f.decision.selectedShare).toBeGreaterThanOrEqual(r.holdout.baseRate);
      // Lapsed customers rarely buy again and score low: selected far less than the active ones.
      const rate = (name: string) => f.groups.find((g) => g.name === name)!.selectionRate;
      expect(rate('lapsed')).toBeLessThan(rate('active'));
      expect(f.flagged).toContain('lapsed');

      // One group of everyone: its metrics are the holdout's (measured by classificationReport).
      const one = (
        await trainPurchasePropensity(storage, {
          asOf: AS_OF,
          seed: 1,
          dryRun: true,
          fairnessBy: 'attribute.shop',
        })
      ).fairness;
      expect(one.groups.map((g) => [g.name, g.rows])).toEqual([['one', r.holdout.customers]]);
      expect(one.groups[0]!.rocAuc).toBe(r.holdout.rocAuc);
      expect(one.groups[0]!.brier).toBeCloseTo(r.holdout.brier, 12);
      expect(one.groups[0]!.baseRate).toBe(r.holdout.baseRate);
      // A single judged group has nothing to be compared with.
      expect(one.disparities.demographicParityDifference).toBeNaN();
    } finally {
      await storage.close();
    }
  });

  it('groups by country by default, stores the report in the model metrics, refuses another grouping', async () => {
    const storage = await seeded();
    try {
      const r = await trainPurchasePropensity(storage, { asOf: AS_OF, seed: 1 });
      expect(r.fairness.by).toBe('country');
      expect(r.fairness.groups.map((g) => g.name).sort()).toEqual(['(none)', 'DE', 'FR']);
      expect(r.fairness.minGroupSize).toBe(30);
      const info = (await storage.listModels()).find((m) => m.name === 'purchase-propensity')!;
      expect(info.metrics.fairness).toMatchObject({ by: 'country', judged: r.fairness.judged });
      await expect(trainPurchasePropensity(storage, { fairnessBy: 'region' })).rejects.toThrow(
        'fairnessBy must be "country" or "attribute.<name>", got "region"',
      );
      await expect(trainPurchasePropensity(storage, { fairnessBy: 'attribute.' })).rejects.toThrow(
        'fairnessBy must be',
      );
      await expect(trainPurchasePropensity(storage, { fairnessMinGroupSize: 0.5 })).rejects.toThrow(
        'fairnessMinGroupSize must be a whole number >= 1, got 0.5',
      );
    } finally {
      await storage.close();
    }
  });

  it('refuses an e-mail or a note per customer as groups, warns of an attribute nobody holds', async () => {
    // Each customer gets their own e-mail and note; the first newcomer (no event before the cutoff, so
    // never in the population) declines analytics too.
    const newcomer = shop.groups.newcomer[0]!;
    const storage = await seeded(
      customers.map((c) => ({
        ...c,
        attributes: { ...c.attributes, email: `${c.externalId}@shop.example`, note: `n${c.externalId}` },
        ...(c.externalId === newcomer ? { consent: { analytics: false } } : {}),
      })),
    );
    try {
      const train = (fairnessBy: string) =>
        trainPurchasePropensity(storage, { asOf: AS_OF, seed: 1, dryRun: true, fairnessBy });
      await expect(train('attribute.email')).rejects.toThrow(
        /^fairnessBy "email" looks like a direct identifier \(e-mail address\): (\d+) of the \1 rows holding it have a value no other row has/,
      );
      await expect(train('attribute.email')).rejects.toBeInstanceOf(GroupingError);
      const r = await train('attribute.Tier');
      // The holdout's customers (59) have a note each: more than half of them and more than 50.
      const n = r.holdout.customers;
      expect(n).toBeGreaterThan(50);
      await expect(train('attribute.note')).rejects.toThrow(
        `fairnessBy "note" has ${n} distinct values among ${n} rows (more than half of them, and more than 50)`,
      );
      expect(r.fairness.groups.map((g) => g.name)).toEqual(['(none)']);
      expect(r.warnings).toContain(
        'no customer holds the attribute "Tier": everyone is in the group "(none)"; the attributes they hold: email, note, shop, tier',
      );
      // Only the declined customers who would have been in the population: c001 and c002, not the newcomer.
      expect(r.excludedByConsent).toBe(2);
    } finally {
      await storage.close();
    }
  });
});
