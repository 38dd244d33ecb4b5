import { openStorage, type Storage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import {
  activatePropensityVersion,
  holdoutBaseline,
  trainPurchasePropensity,
  worseThanBaseline,
} from '../../src/propensity/index.js';
import { AS_OF, syntheticShop } from './shop.js';

const shop = syntheticShop();

async function seeded(): Promise<Storage> {
  const storage = await openStorage('memory:');
  await storage.upsertItems(shop.items);
  await storage.upsertCustomers(shop.customers);
  await storage.appendEvents(shop.events);
  return storage;
}

const scoresOf = async (storage: Storage) => {
  const out: Record<string, number> = {};
  for (const id of Object.values(shop.groups).flat())
    for (const s of await storage.getScores(id)) if (s.model === 'p_purchase_30d') out[id] = s.score;
  return out;
};

describe('the base-rate baseline of a propensity holdout', () => {
  it('predicts the training rows base rate for everyone (hand-computed log loss and Brier)', () => {
    // Training rows: 3 buyers of 10 (p = 0.3); holdout: 2 buyers of 4.
    const b = holdoutBaseline([1, 1, 1, 0, 0, 0, 0, 0, 0, 0], [1, 0, 1, 0]);
    expect(b.baseRate).toBe(0.3);
    expect(b.rocAuc).toBe(0.5);
    expect(b.prAuc).toBe(0.5);
    expect(b.logLoss).toBeCloseTo(-(0.5 * Math.log(0.3) + 0.5 * Math.log(0.7)), 14);
    expect(b.brier).toBeCloseTo(0.5 * 0.7 ** 2 + 0.5 * 0.3 ** 2, 14);
    expect(worseThanBaseline({ rocAuc: 0.8, logLoss: b.logLoss }, b)).toBeNull();
    expect(worseThanBaseline({ rocAuc: 0.5, logLoss: 0.1 }, b)).toBe(
      'on its holdout its ROC AUC of 0.5000 ranks buyers no better than chance (0.5)',
    );
    expect(worseThanBaseline({ rocAuc: 0.9, logLoss: 13.8629 }, b)).toBe(
      'on its holdout its log loss of 13.8629 is above the 0.7803 of predicting the training base rate (30.0%) for everyone',
    );
  });

  it('a model worse than the baseline is stored, not activated and writes no scores, unless forced', async () => {
    const storage = await seeded();
    try {
      const v1 = await trainPurchasePropensity(storage, { asOf: AS_OF, seed: 1 });
      expect(v1).toMatchObject({ version: 1, activated: true, worseThanBaseline: null, active: null });
      // The baseline by hand: the training rows' base rate given to every holdout customer.
      const h = v1.holdout;
      const p = (v1.population.positives - h.positives) / (v1.population.customers - h.customers);
      const q = h.positives / h.customers;
      expect(v1.baseline.baseRate).toBeCloseTo(p, 15);
      expect(v1.baseline.logLoss).toBeCloseTo(-(q * Math.log(p) + (1 - q) * Math.log(1 - p)), 14);
      expect(v1.baseline.brier).toBeCloseTo(q * (1 - p) ** 2 + (1 - q) * p ** 2, 14);
      expect(v1.baseline).toMatchObject({ rocAuc: 0.5, prAuc: q });
      expect(v1.holdout.logLoss).toBeLessThan(v1.baseline.logLoss);
      const before = await scoresOf(storage);
      expect(Object.keys(before).length).toBe(v1.scored);

      // An unlimited tree ranks well here but predicts 0 and 1: a log loss far above the baseline's.
      const v2 = await trainPurchasePropensity(storage, { asOf: AS_OF, seed: 1, model: 'tree' });
      expect(v2).toMatchObject({ version: 2, activated: false, scored: 0, activeAsOf: null });
      expect(v2.holdout.logLoss).toBeGreaterThan(v2.baseline.logLoss);
      expect(v2.baseline).toEqual(v1.baseline); // the same split: the same baseline
      expect(v2.worseThanBaseline).toBe(
        `on its holdout its log loss of ${v2.holdout.logLoss.toFixed(4)} is above the ${v2.baseline.logLoss.toFixed(4)} of predicting the training base rate (${(100 * p).toFixed(1)}%) for everyone`,
      );
      expect(v2.warnings).toContain(
        `v2 is stored but not activated, and no scores were written: ${v2.worseThanBaseline}. v1 stays active; to serve v2 anyway, with its scores: storewise model activate purchase-propensity 2, or train with --force (GraphQL: force: true)`,
      );
      // Compared with the active version on the same holdout.
      expect(v2.active).toEqual({
        version: 1,
        model: 'logreg',
        asOf: AS_OF,
        holdout: {
          customers: h.customers,
          positives: h.positives,
          rocAuc: h.rocAuc,
          prAuc: h.prAuc,
          logLoss: h.logLoss,
          brier: h.brier,
          baselineLogLoss: v1.baseline.logLoss,
        },
        sameHoldout: true,
        differences: [],
      });
      expect(await scoresOf(storage)).toEqual(before);
      const models = await storage.listModels();
      expect(models.map((m) => [m.version, m.active])).toEqual([
        [1, true],
        [2, false],
      ]);
      expect(models[1]!.metrics.baseline).toEqual(v2.baseline);

      // Another seed: another holdout, said so.
      const other = await trainPurchasePropensity(storage, { asOf: AS_OF, seed: 2, dryRun: true });
      expect(other.active).toMatchObject({ version: 1, sameHoldout: false, differences: ['seed 1 vs 2'] });

      // Forced: activated, its scores written, and a warning that it is worse.
      const v3 = await trainPurchasePropensity(storage, { asOf: AS_OF, seed: 1, model: 'tree', force: true });
      expect(v3).toMatchObject({ version: 3, activated: true, scored: v1.scored });
      expect(v3.warnings).toContain(
        `v3 was stored with its scores although it does worse than the baseline (force): ${v3.worseThanBaseline}`,
      );
      // It replaced v1, a better model on the same holdout: said with both figures.
      expect(v3.warnings).toContain(
        `the new version does worse than v1 (logreg), which it replaces, on the same holdout: log loss ${v3.holdout.logLoss.toFixed(4)} against ${h.logLoss.toFixed(4)}, ROC AUC ${v3.holdout.rocAuc.toFixed(4)} against ${h.rocAuc.toFixed(4)}; storewise model activate purchase-propensity 1 serves v1 again, with its scores`,
      );
      expect(await scoresOf(storage)).not.toEqual(before);
      // And the active logreg back, with its scores, as the warning said.
      await activatePropensityVersion(storage, 1);
      expect(await scoresOf(storage)).toEqual(before);
    } finally {
      await storage.close();
    }
  });

  it('a dry run says the model does worse than the baseline', async () => {
    const storage = await seeded();
    try {
      const r = await trainPurchasePropensity(storage, { asOf: AS_OF, seed: 1, model: 'tree', dryRun: true });
      expect(r).toMatchObject({ version: 0, activated: false, scored: 0, active: null });
      // After the holdout's own warning (its ROC AUC's wide interval).
      expect(r.warnings.at(-1)).toBe(`the model does worse than the baseline: ${r.worseThanBaseline}`);
    } finally {
      await storage.close();
    }
  });
});
