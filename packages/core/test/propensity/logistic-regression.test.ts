import { describe, expect, it } from 'vitest';
import { fitContext } from '../../src/plugin/fit-context.js';
import {
  type LogisticRegressionModel,
  logisticRegressionPlugin,
} from '../../src/propensity/logistic-regression.js';
import { createFeatureMatrix, type FeatureMatrix, matrixFromRows } from '../../src/tabular/feature-matrix.js';
import { approx, modularData } from './fixtures.js';

const fitModel = (data: Parameters<typeof logisticRegressionPlugin.fit>[0], params = {}) =>
  logisticRegressionPlugin.fit(data, params, fitContext()) as LogisticRegressionModel;

/** Columns standardized as StandardScaler (population standard deviation). */
function standardized(x: FeatureMatrix): FeatureMatrix {
  const out = x.data.slice();
  for (let j = 0; j < x.nCols; j++) {
    let mean = 0;
    for (let i = 0; i < x.nRows; i++) mean += x.data[i * x.nCols + j]!;
    mean /= x.nRows;
    let ss = 0;
    for (let i = 0; i < x.nRows; i++) ss += (x.data[i * x.nCols + j]! - mean) ** 2;
    const sd = Math.sqrt(ss / x.nRows);
    for (let i = 0; i < x.nRows; i++) out[i * x.nCols + j] = (x.data[i * x.nCols + j]! - mean) / sd;
  }
  return createFeatureMatrix(out, x.nRows, x.nCols, x.columns);
}

// scikit-learn 1.2.1 on the data of `modularData`, standardized:
//   Xs = StandardScaler().fit_transform(X)
//   m = LogisticRegression(C=C, tol=1e-12, max_iter=100000).fit(Xs, y)  # lbfgs; coef_[0], intercept_[0]
// L-BFGS stops on its relative-decrease test up to 1.2e-5 short of the optimum, so these compare to 1e-4;
// solver='newton-cg' with tol=1e-14 reaches it, and agrees with the Newton solve to 1e-8 (C=1 and 0.1 below).
const sklearn: [number, number[], number][] = [
  [1.0, [1.3834956799, 0.6140475808, -0.2743896604], 0.1751981337],
  [0.1, [0.7959129169, 0.3396360222, -0.1002850162], 0.1241134634],
  [100.0, [1.5690227282, 0.7090548549, -0.3435581626], 0.195968655],
];

describe('logistic regression (Newton / IRLS)', () => {
  it('matches scikit-learn LogisticRegression coefficients for several C', () => {
    const { x, y } = modularData();
    const xs = standardized(x);
    for (const [C, coef, intercept] of sklearn) {
      const model = fitModel({ x: xs, y }, { C });
      expect(model.converged).toBe(true);
      expect(model.nIter).toBeLessThan(15);
      expect(Array.from(model.coef)).toEqual(approx(coef, 4));
      expect(model.intercept).toBeCloseTo(intercept, 4);
    }
    const newtonCg = fitModel({ x: xs, y }, { C: 1 });
    expect(Array.from(newtonCg.coef)).toEqual(approx([1.3834954269, 0.6140471551, -0.2743901633], 8));
    expect(newtonCg.intercept).toBeCloseTo(0.1751971739, 8);
    const newtonCg01 = fitModel({ x: xs, y }, { C: 0.1 });
    expect(Array.from(newtonCg01.coef)).toEqual(approx([0.7959114723, 0.3396418914, -0.1002966783], 8));
    expect(newtonCg01.intercept).toBeCloseTo(0.1241134012, 8);
    // LogisticRegression(C=1.0, class_weight='balanced', ...)
    const balanced = fitModel({ x: xs, y }, { classWeight: 'balanced' });
    expect(Array.from(balanced.coef)).toEqual(approx([1.3825425574, 0.6148748734, -0.2705607569], 4));
    expect(balanced.intercept).toBeCloseTo(0.078908185, 4);
  });

  it('stays finite on separable data and round-trips through bytes', () => {
    const x = matrixFromRows([[-2], [-1], [1], [2]]);
    const model = fitModel({ x, y: [0, 0, 1, 1] }, { C: 1e4 });
    const p = model.predictProba(x);
    expect(p[0]).toBeLessThan(0.01);
    expect(p[3]).toBeGreaterThan(0.99);
    expect(Number.isFinite(model.coef[0])).toBe(true);
    const back = logisticRegressionPlugin.deserialize(logisticRegressionPlugin.serialize(model));
    expect(back.predictProba(x)).toEqual(p);
    expect(back.intercept).toBe(model.intercept);
  });

  it('refuses missing values', () => {
    const x = matrixFromRows([[1], [Number.NaN]]);
    expect(() => fitModel({ x, y: [0, 1] })).toThrow(/impute/);
  });
});
