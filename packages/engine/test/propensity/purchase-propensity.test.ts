import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rocAucStandardError } from '@storewise/core';
import { openStorage, type Storage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import {
  activatePropensityVersion,
  customerProfile,
  LabelWindowError,
  loadPurchasePropensity,
  predictPropensity,
  readProfileRows,
  trainPurchasePropensity,
} from '../../src/propensity/index.js';
import { adapters } from '../customers/stores.js';
import { AS_OF, CUTOFF, DAY, expectedLabels, syntheticShop, T0 } from './shop.js';

const shop = syntheticShop();
const declined = new Set(['c001', 'c002']);
const oracle = expectedLabels(shop, declined);

async function seed(storage: Storage): Promise<Storage> {
  await storage.upsertItems(shop.items);
  await storage.upsertCustomers(shop.customers);
  await storage.appendEvents(shop.events);
  return storage;
}

async function storedScores(storage: Storage, ids: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const id of ids) {
    for (const s of await storage.getScores(id)) if (s.model === 'p_purchase_30d') out.set(id, s.score);
  }
  return out;
}

const everyone = [
  ...shop.groups.active,
  ...shop.groups.occasional,
  ...shop.groups.lapsed,
  ...shop.groups.newcomer,
];
const mean = (scores: Map<string, number>, ids: readonly string[]) => {
  const v = ids.filter((id) => scores.has(id)).map((id) => scores.get(id)!);
  return v.reduce((a, b) => a + b, 0) / v.length;
};

/** The scores of the first adapter run, which the other adapters must reproduce. */
let firstScores: Map<string, number> | undefined;

describe.each(await adapters())('trainPurchasePropensity on %s', (name, open) => {
  it('labels the population at the cutoff, measures a holdout, scores everyone as of asOf', async () => {
    const storage = await seed(await open());
    try {
      const result = await trainPurchasePropensity(storage, { asOf: AS_OF, seed: 1 });
      expect(result, name).toMatchObject({
        name: 'purchase-propensity',
        model: 'logreg',
        horizonDays: 30,
        scoreName: 'p_purchase_30d',
        cutoff: CUTOFF,
        population: { customers: oracle.population, positives: oracle.positives },
        excludedByConsent: 2,
        scored: oracle.scored,
      });
      const nNeg = oracle.population - oracle.positives;
      expect(result.holdout.customers).toBe(Math.round(oracle.positives * 0.25) + Math.round(nNeg * 0.25));
      // Active and lapsed customers are told apart by recency and frequency alone.
      expect(result.holdout.rocAuc).toBeGreaterThan(0.8);
      expect(result.holdout.liftTopDecile).toBeGreaterThan(1.5);
      // Hanley and McNeil's standard error for this holdout's counts (core tests the formula).
      const { positives, customers, rocAuc } = result.holdout;
      expect(result.holdout.rocAucStandardError).toBe(
        rocAucStandardError(rocAuc, positives, customers - positives),
      );
      // Calibration bins and importances over the holdout (core checks both against scikit-learn).
      expect(result.calibration.reduce((sum, b) => sum + b.count, 0)).toBe(customers);
      expect(result.importances.map((f) => f.feature).sort()).toEqual([...result.features].sort());
      // Active and lapsed customers differ by recency and frequency: one of these leads.
      expect(['recencyDays', 'daysSinceLastEvent', 'frequency']).toContain(result.importances[0]!.feature);
      expect(result.importances[0]!.aucDrop).toBeGreaterThan(0.05);
      // 30 buyers and 29 non-buyers: enough to judge by.
      expect(result.warnings).toEqual([]);
      // A tenth held out (6 and 6): too few, said so with the interval.
      const small = await trainPurchasePropensity(storage, {
        asOf: AS_OF,
        seed: 1,
        testFraction: 0.1,
        dryRun: true,
      });
      const h = small.holdout;
      expect(h.positives).toBeLessThan(20);
      expect(small.warnings).toEqual([
        `the holdout has ${h.positives} buyers and ${h.customers - h.positives} non-buyers, fewer than 20 of one: too few to judge the model by (its ROC AUC of ${h.rocAuc.toFixed(2)} may not hold for other customers); judge it on more customers (a longer history, or a longer horizon)`,
      ]);
      expect(result.features.slice(0, 3)).toEqual(['recencyDays', 'frequency', 'monetary']);
      expect(result.features).toContain('share:Kitchen');

      const scores = await storedScores(storage, everyone);
      expect(scores.size).toBe(oracle.scored);
      for (const id of declined) expect(scores.has(id)).toBe(false);
      for (const id of shop.groups.newcomer) expect(scores.has(id)).toBe(true);
      for (const v of scores.values()) expect(v > 0 && v < 1).toBe(true);
      expect(mean(scores, shop.groups.active)).toBeGreaterThan(mean(scores, shop.groups.lapsed) + 0.3);
      // The profiles are the same on the SQL path and the fallback, so the fitted scores are too.
      if (firstScores)
        for (const [id, v] of scores) expect(v, `${name} ${id}`).toBeCloseTo(firstScores.get(id)!, 9);
      else firstScores = scores;

      const info = (await storage.listModels()).find((m) => m.name === 'purchase-propensity')!;
      expect(info).toMatchObject({ kind: 'classifier', version: result.version, active: true });
      expect(info.params).toMatchObject({ model: 'logreg', horizonDays: 30, features: result.features });
      expect(info.metrics).toMatchObject({ rocAuc: result.holdout.rocAuc, scored: oracle.scored });
    } finally {
      await storage.close();
    }
  });
});

describe('trainPurchasePropensity', () => {
  it('keeps the model across a restart: the loaded model reproduces the stored scores', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'storewise-propensity-'));
    try {
      const storage = await seed(await openStorage(join(dir, 'db')));
      const result = await trainPurchasePropensity(storage, {
        asOf: AS_OF,
        model: 'logreg',
        horizonDays: 14,
        seed: 2,
      });
      expect(result.scoreName).toBe('p_purchase_14d');
      await storage.close();
      const reopened = await openStorage(join(dir, 'db'));
      const trained = await loadPurchasePropensity(reopened);
      expect(trained).toMatchObject({ version: result.version, horizonDays: 14 });
      expect(trained.plugin.name).toBe('logreg');
      const rows = await readProfileRows(
        reopened,
        { asOf: AS_OF, categories: trained.categories },
        new Set((await reopened.getCustomers([...declined])).map((c) => c!.index)),
      );
      const p = predictPropensity(trained, rows.x);
      expect(rows.customerIds.length).toBe(result.scored);
      for (let i = 0; i < rows.customerIds.length; i++) {
        const [stored] = (await reopened.getScores(rows.customerIds[i]!)).filter(
          (s) => s.model === 'p_purchase_14d',
        );
        expect(stored!.score).toBeCloseTo(p[i]!, 12);
        expect(stored!.computedAt).toEqual(AS_OF);
      }
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what is wrong: an empty store, an unknown model, a horizon that is not a whole number of days', async () => {
    const empty = await openStorage('memory:');
    await expect(trainPurchasePropensity(empty)).rejects.toThrow('the store has no events to train on');
    await expect(loadPurchasePropensity(empty)).rejects.toThrow(
      'model "purchase-propensity" has no active version in storage: train one first (storewise train propensity)',
    );
    const storage = await seed(await openStorage('memory:'));
    await expect(trainPurchasePropensity(storage, { model: 'svm' })).rejects.toThrow(
      'unknown model "svm": use tree, forest, gbdt, logreg, mlp, ml-random-forest',
    );
    await expect(trainPurchasePropensity(storage, { horizonDays: 1.5 })).rejects.toThrow(
      'horizonDays must be a whole number of days from 1 to 3650, got 1.5',
    );
    // Past ten years the cutoff (asOf - horizon) left the dates storage takes: a raw SQL error before.
    for (const horizonDays of [3651, 1_000_000, 100_000_000])
      await expect(trainPurchasePropensity(storage, { horizonDays, dryRun: true })).rejects.toThrow(
        `horizonDays must be a whole number of days from 1 to 3650, got ${horizonDays}`,
      );
    await expect(trainPurchasePropensity(storage, { asOf: new Date(Date.UTC(2023, 0, 1)) })).rejects.toThrow(
      'no customer has events before the cutoff 2022-12-02T00:00:00.000Z',
    );
  });

  it('trains by default as of the last purchase, not a view tracked after it', async () => {
    const storage = await seed(await openStorage('memory:'));
    const lastPurchase = new Date(
      Math.max(...shop.events.filter((e) => e.type === 'purchase').map((e) => e.timestamp.getTime())),
    );
    // A storefront's view, two years on (the demo shop's 2011 orders, a view tracked today).
    await storage.appendEvents([
      {
        eventId: 'v-later',
        type: 'view',
        customerId: 'c010',
        sku: 'mug',
        timestamp: new Date(T0 + 900 * DAY),
      },
    ]);
    const trained = await trainPurchasePropensity(storage, { dryRun: true });
    const asOf = new Date(lastPurchase.getTime() + 1);
    expect(trained.asOf).toEqual(asOf);
    expect(trained.population.positives).toBe(expectedLabels(shop, declined, asOf).positives);
    expect(trained.population.positives).toBeGreaterThan(0);
  });

  it('refuses a label window that runs past the last event, unless allowPartialWindow', async () => {
    const storage = await seed(await openStorage('memory:'));
    const last = new Date(Math.max(...shop.events.map((e) => e.timestamp.getTime())));
    const late = new Date(last.getTime() + 10.25 * DAY);
    const refused = trainPurchasePropensity(storage, { asOf: late, dryRun: true });
    await expect(refused).rejects.toBeInstanceOf(LabelWindowError);
    await expect(refused).rejects.toThrow(
      `asOf ${late.toISOString()} is 10.3 days after the last stored event (${last.toISOString()}): the 30-day label window`,
    );
    await expect(refused).rejects.toThrow(
      `Use an asOf no later than ${new Date(last.getTime() + DAY).toISOString()} (or leave it out: just after the last event), or give allowPartialWindow: true to train on the partial window anyway`,
    );
    // A day after the last event is still a window with data; the override trains on the short one.
    const dayAfter = new Date(last.getTime() + DAY);
    const ok = await trainPurchasePropensity(storage, { asOf: dayAfter, dryRun: true });
    expect(ok.population.positives).toBe(expectedLabels(shop, declined, dayAfter).positives);
    const partial = await trainPurchasePropensity(storage, {
      asOf: late,
      allowPartialWindow: true,
      dryRun: true,
    });
    const labels = expectedLabels(shop, declined, late);
    expect(partial.population).toMatchObject({ customers: labels.population, positives: labels.positives });
  });

  it('serves a backtest version again with its scores when activated (a rollback from a later asOf)', async () => {
    const earlier = new Date(AS_OF.getTime() - 10 * DAY);
    // The reference: a store that only ever had the training as of `earlier`.
    const alone = await seed(await openStorage('memory:'));
    await trainPurchasePropensity(alone, { asOf: earlier, seed: 3 });
    const want = await storedScores(alone, everyone);

    const storage = await seed(await openStorage('memory:'));
    const later = await trainPurchasePropensity(storage, { asOf: AS_OF, seed: 3 });
    const backtest = await trainPurchasePropensity(storage, { asOf: earlier, seed: 3 });
    expect(backtest).toMatchObject({ version: 2, activated: false, activeAsOf: AS_OF });
    expect(await storedScores(storage, everyone)).not.toEqual(want);
    const activation = await activatePropensityVersion(storage, 2);
    expect(activation).toMatchObject({
      version: 2,
      asOf: earlier,
      scoreName: 'p_purchase_30d',
      scored: want.size,
      replaced: later.scored,
    });
    expect(await storedScores(storage, everyone)).toEqual(want);
    expect((await storage.getScores('c000')).find((x) => x.model === 'p_purchase_30d')!.computedAt).toEqual(
      earlier,
    );
    expect((await loadPurchasePropensity(storage)).version).toBe(2);
    await expect(activatePropensityVersion(storage, 9)).rejects.toThrow(
      'model "purchase-propensity" has no version 9 (its versions: 1, 2)',
    );
  });

  it('trains on chosen features without storing anything when asked (a recency-only baseline)', async () => {
    const storage = await seed(await openStorage('memory:'));
    const full = await trainPurchasePropensity(storage, { asOf: AS_OF, dryRun: true });
    const recency = await trainPurchasePropensity(storage, {
      asOf: AS_OF,
      model: 'logreg',
      features: ['recencyDays'],
      dryRun: true,
    });
    expect(recency).toMatchObject({ version: 0, scored: 0, features: ['recencyDays'] });
    expect(recency.holdout.customers).toBe(full.holdout.customers);
    expect(recency.holdout.positives).toBe(full.holdout.positives);
    expect(await storage.listModels()).toEqual([]);
    expect(await storage.getScores('c000')).toEqual([]);
    await expect(trainPurchasePropensity(storage, { asOf: AS_OF, features: ['age'] })).rejects.toThrow(
      'unknown feature "age": the profiles have recencyDays, frequency, monetary,',
    );
  });

  it("shows one customer's profile as of a date with their stored scores", async () => {
    const storage = await seed(await openStorage('memory:'));
    expect(await customerProfile(storage, 'nobody')).toBeNull();
    const before = (await customerProfile(storage, 'c000', { asOf: AS_OF }))!;
    expect(before.scores).toEqual([]);
    // logreg: an unlimited tree does worse than the base rate here, so it would not be activated or score.
    await trainPurchasePropensity(storage, { asOf: AS_OF, model: 'logreg' });
    const got = (await customerProfile(storage, 'c000', { asOf: AS_OF }))!;
    const purchases = shop.events.filter(
      (e) => e.customerId === 'c000' && e.type === 'purchase' && e.timestamp < AS_OF,
    );
    const last = Math.max(...purchases.map((e) => e.timestamp.getTime()));
    expect(got.profile).toMatchObject({
      frequency: purchases.length,
      purchases: purchases.length,
      views: purchases.length,
      sessions: purchases.length,
      viewToCartRate: 1,
      recencyDays: (AS_OF.getTime() - last) / 86_400_000,
    });
    expect(Object.keys(got.categoryShares).sort()).toEqual(['Food', 'Home', 'Kitchen']);
    expect(got.scores.map((s) => s.model)).toEqual(['p_purchase_30d']);
    // The share columns are the active model's: trained with one category, the profile shows that one.
    await trainPurchasePropensity(storage, { asOf: AS_OF, model: 'logreg', topCategories: 1 });
    const one = (await customerProfile(storage, 'c000', { asOf: AS_OF }))!;
    expect(Object.keys(one.categoryShares)).toHaveLength(1);
    const top = (await customerProfile(storage, 'c000', { asOf: AS_OF, topCategories: 3 }))!;
    expect(Object.keys(top.categoryShares)).toHaveLength(3);
    // Before their first event, a known customer has no profile.
    const early = (await customerProfile(storage, 'c000', { asOf: new Date(Date.UTC(2023, 0, 1)) }))!;
    expect(early.profile).toBeNull();
    // Scores computed after that date are not shown as of it: listed as later, without their values.
    expect(early.scores).toEqual([]);
    expect(early.laterScores.map((s) => s.model)).toEqual(['p_purchase_30d']);
    expect(early.laterScores[0]!.computedAt.getTime()).toBeGreaterThan(Date.UTC(2023, 0, 1));
    expect(got.laterScores).toEqual([]);
  });
});
