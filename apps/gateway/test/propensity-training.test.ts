import {
  activatePropensityVersion,
  demoShopFormat,
  demoShopPath,
  importFile,
  trainPurchasePropensity,
} from '@storewise/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;
let admin: string;
let reader: string;

beforeAll(async () => {
  gw = await startTestGateway();
  admin = await gw.key(['admin']);
  reader = await gw.key(['read']);
  await importFile(gw.storage, demoShopPath, { format: demoShopFormat });
});
afterAll(() => gw.close());

const TRAIN = `mutation ($model: String, $params: JSONObject, $asOf: DateTimeISO, $dryRun: Boolean) {
  trainPropensity(horizonDays: 30, model: $model, params: $params, asOf: $asOf, dryRun: $dryRun) {
    version model scoreName customers positives scored activated warnings
    holdout { customers positives rocAuc rocAucStandardError }
    importances { feature aucDrop } calibration { count meanPredicted fractionPositive } } }`;

describe('trainPropensity', () => {
  it("measures and stores as the engine does, and the customer's propensity is served after", async () => {
    // The engine on the same store, measuring only: the reference.
    const reference = await trainPurchasePropensity(gw.storage, { horizonDays: 30, dryRun: true });
    const r = await gql(gw.url, TRAIN, { key: admin });
    const run = dataOf<{
      version: number;
      scored: number;
      customers: number;
      positives: number;
      holdout: { rocAuc: number; rocAucStandardError: number; customers: number };
      importances: { feature: string; aucDrop: number }[];
      calibration: { count: number }[];
      warnings: string[];
    }>(r, 'trainPropensity');
    expect(run).toMatchObject({
      version: 1,
      customers: reference.population.customers,
      positives: reference.population.positives,
      scored: 303,
      warnings: reference.warnings,
    });
    expect(run.holdout.rocAuc).toBe(reference.holdout.rocAuc);
    expect(run.holdout.rocAucStandardError).toBe(reference.holdout.rocAucStandardError);
    expect(run.importances.map((f) => f.feature)).toEqual(reference.importances.map((f) => f.feature));
    expect(run.calibration.reduce((s, b) => s + b.count, 0)).toBe(run.holdout.customers);
    const served = await gql(gw.url, '{ customer(id: "14078") { propensity { horizonDays probability } } }', {
      key: reader,
    });
    expect(dataOf<{ propensity: { horizonDays: number }[] }>(served, 'customer').propensity).toEqual([
      {
        horizonDays: 30,
        probability: (await gw.storage.getScores('14078')).find((s) => s.model === 'p_purchase_30d')!.score,
      },
    ]);
  });

  it('shows the baseline, keeps a model worse than it inactive without scores unless force, compares with the active one', async () => {
    const WORSE = `mutation ($force: Boolean) {
      trainPropensity(horizonDays: 30, model: "tree", force: $force) {
        version scored activated worseThanBaseline warnings
        holdout { customers positives logLoss }
        baseline { baseRate rocAuc prAuc logLoss brier }
        active { version model customers positives rocAuc prAuc logLoss brier baselineLogLoss sameHoldout differences } } }`;
    interface Worse {
      version: number;
      scored: number;
      activated: boolean;
      worseThanBaseline: string | null;
      warnings: string[];
      holdout: { customers: number; positives: number; logLoss: number };
      baseline: { baseRate: number; rocAuc: number; prAuc: number; logLoss: number; brier: number };
      active: Record<string, unknown> | null;
    }
    const before = (await gw.storage.getScores('14078')).find((s) => s.model === 'p_purchase_30d')!.score;
    const active = (await gw.storage.listModels()).find((m) => m.active && m.name === 'purchase-propensity')!;
    const w = dataOf<Worse>(await gql(gw.url, WORSE, { key: admin }), 'trainPropensity');
    // An unlimited tree predicts 0 and 1: a log loss above the base rate's.
    expect(w.holdout.logLoss).toBeGreaterThan(w.baseline.logLoss);
    expect(w).toMatchObject({ activated: false, scored: 0 });
    expect(w.worseThanBaseline).toContain(`its log loss of ${w.holdout.logLoss.toFixed(4)} is above the`);
    expect(w.warnings).toContain(
      `v${w.version} is stored but not activated, and no scores were written: ${w.worseThanBaseline}. v${active.version} stays active; to serve v${w.version} anyway, with its scores: storewise model activate purchase-propensity ${w.version}, or train with --force (GraphQL: force: true)`,
    );
    // The baseline by hand: the training customers' base rate given to every holdout customer.
    const q = w.holdout.positives / w.holdout.customers;
    const p = w.baseline.baseRate;
    expect(w.baseline.logLoss).toBeCloseTo(-(q * Math.log(p) + (1 - q) * Math.log(1 - p)), 12);
    expect(w.baseline.brier).toBeCloseTo(q * (1 - p) ** 2 + (1 - q) * p ** 2, 12);
    expect(w.baseline).toMatchObject({ rocAuc: 0.5, prAuc: q });
    const m = active.metrics as Record<string, number>;
    expect(w.active).toEqual({
      version: active.version,
      model: 'logreg',
      customers: m.customers,
      positives: m.positives,
      rocAuc: m.rocAuc,
      prAuc: m.prAuc,
      logLoss: m.logLoss,
      brier: m.brier,
      baselineLogLoss: w.baseline.logLoss,
      sameHoldout: true,
      differences: [],
    });
    expect((await gw.storage.getScores('14078')).find((s) => s.model === 'p_purchase_30d')!.score).toBe(
      before,
    );
    const forced = dataOf<Worse>(
      await gql(gw.url, WORSE, { key: admin, variables: { force: true } }),
      'trainPropensity',
    );
    expect(forced).toMatchObject({ activated: true, scored: 303 });
    // The logistic regression back, with its scores, for the tests after.
    await activatePropensityVersion(gw.storage, active.version);
  });

  it("reports the holdout's fairness by country as the engine does, and refuses a bad grouping naming it", async () => {
    const FAIR = `mutation ($by: String, $min: Int) {
      trainPropensity(horizonDays: 30, dryRun: true, fairnessBy: $by, fairnessMinGroupSize: $min) {
        fairness { by minGroupSize judged flagged decision { threshold share selectedShare }
          groups { name customers positives selected rocAuc truePositiveRate small flags }
          disparities { demographicParityRatio equalOpportunityDifference rocAucMin rocAucMax } } } }`;
    const reference = await trainPurchasePropensity(gw.storage, {
      horizonDays: 30,
      dryRun: true,
      fairnessMinGroupSize: 5,
    });
    const r = await gql(gw.url, FAIR, { key: admin, variables: { min: 5 } });
    const f = dataOf<{
      fairness: {
        by: string;
        judged: string[];
        groups: { name: string; customers: number; selected: number; rocAuc: number | null }[];
        disparities: { rocAucMin: number | null };
      };
    }>(r, 'trainPropensity').fairness;
    const nullable = (x: number) => (Number.isFinite(x) ? x : null);
    expect(f).toMatchObject({ by: 'country', judged: reference.fairness.judged });
    expect(f.judged.length).toBeGreaterThan(0);
    expect(f.groups).toEqual(
      reference.fairness.groups.map((g) =>
        expect.objectContaining({
          name: g.name,
          customers: g.rows,
          selected: g.selected,
          rocAuc: nullable(g.rocAuc),
        }),
      ),
    );
    expect(f.disparities.rocAucMin).toBe(nullable(reference.fairness.disparities.rocAucMin));
    for (const [variables, field, message] of [
      [{ by: 'region' }, 'fairnessBy', 'fairnessBy must be "country" or "attribute.<name>", got "region"'],
      [{ min: 0 }, 'fairnessMinGroupSize', 'fairnessMinGroupSize must be at least 1, got 0'],
    ] as const) {
      const bad = await gql(gw.url, FAIR, { key: admin, variables });
      expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
      expect(bad.body.errors![0]).toMatchObject({ message, extensions: { field } });
    }
  });

  it('refuses an unknown model or parameter, an asOf past the data, and non-admin keys, naming the field', async () => {
    const refused = async (variables: Record<string, unknown>) => {
      const r = await gql(gw.url, TRAIN, { key: admin, variables });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      return r.body.errors![0]!;
    };
    expect(await refused({ model: 'svm' })).toMatchObject({ extensions: { field: 'model' } });
    expect((await refused({ model: 'svm' })).message).toMatch(
      /^model "svm" is not a known classifier \(one of: .*logreg/,
    );
    const typo = await refused({ params: { classWeigth: 'balanced' } });
    expect(typo.extensions).toMatchObject({ field: 'params.classWeigth' });
    expect(typo.message).toMatch(
      /^params\.classWeigth: logreg has no parameter "classWeigth"; its parameters: .*classWeight/,
    );
    const value = await refused({ params: { classWeight: 'balance' } });
    expect(value.extensions).toMatchObject({ field: 'params.classWeight' });
    const late = await refused({ asOf: '2012-06-01T00:00:00Z' });
    expect(late.extensions).toMatchObject({ field: 'asOf' });
    expect(late.message).toMatch(
      /^asOf 2012-06-01T00:00:00\.000Z is [\d.]+ days after the last stored event/,
    );
    expect((await gql(gw.url, TRAIN, { key: reader })).status).toBe(403);
  });
});
