import { choleskyInPlace, choleskySolveInPlace } from '../linalg/cholesky.js';
import { decodeArtifact, encodeArtifact } from '../plugin/artifact.js';
import { throwIfAborted } from '../plugin/fit-context.js';
import { type ParamRules, withDefaults } from '../plugin/params.js';
import type { FeatureMatrix } from '../tabular/feature-matrix.js';
import {
  type BinaryClassifier,
  type ClassifierPlugin,
  type ClassWeight,
  checkClassifierData,
  checkFeatureCount,
} from './classifier.js';

/**
 * L2-regularized logistic regression (plugin 'logreg') solved by Newton's method (iteratively
 * reweighted least squares) with a Cholesky solve per step and a backtracking line search. It minimizes
 * scikit-learn's objective, C * sum_i w_i logloss_i + ||coef||^2 / 2 with the intercept unpenalized, so
 * the coefficients match LogisticRegression(C=...) at convergence. Converged when the largest gradient
 * entry, per unit of sample weight, is at most `tol`. Features must be complete (impute NaN first).
 */
export interface LogisticRegressionParams {
  C: number;
  fitIntercept: boolean;
  maxIter: number;
  tol: number;
  classWeight: ClassWeight;
}

export const logisticRegressionDefaults: Readonly<LogisticRegressionParams> = Object.freeze({
  C: 1,
  fitIntercept: true,
  maxIter: 100,
  tol: 1e-10,
  classWeight: null,
});

const LOGISTIC_REGRESSION_RULES: ParamRules<LogisticRegressionParams> = {
  C: 'positive',
  fitIntercept: 'boolean',
  maxIter: 'count',
  tol: 'nonNegative',
};

export class LogisticRegressionModel implements BinaryClassifier {
  readonly coef: Float64Array;
  readonly intercept: number;
  readonly featureNames: readonly string[];
  /** Newton iterations run, and whether the gradient test passed. */
  readonly nIter: number;
  readonly converged: boolean;

  constructor(
    coef: Float64Array,
    intercept: number,
    featureNames: readonly string[],
    nIter: number,
    converged: boolean,
  ) {
    this.coef = coef;
    this.intercept = intercept;
    this.featureNames = featureNames;
    this.nIter = nIter;
    this.converged = converged;
  }

  get nFeatures(): number {
    return this.featureNames.length;
  }

  decisionFunction(x: FeatureMatrix): Float64Array {
    checkFeatureCount(x, this.nFeatures);
    const { data, nRows, nCols } = x;
    const out = new Float64Array(nRows);
    for (let i = 0; i < nRows; i++) {
      let z = this.intercept;
      const o = i * nCols;
      for (let j = 0; j < nCols; j++) z += this.coef[j]! * data[o + j]!;
      out[i] = z;
    }
    return out;
  }

  predictProba(x: FeatureMatrix): Float64Array {
    const z = this.decisionFunction(x);
    for (let i = 0; i < z.length; i++) z[i] = sigmoid(z[i]!);
    return z;
  }
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** log(1 + e^z), without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

const NAME = 'logreg';
const FORMAT = 1;

export const logisticRegressionPlugin: ClassifierPlugin<LogisticRegressionParams, LogisticRegressionModel> = {
  kind: 'classifier',
  name: NAME,
  formatVersion: FORMAT,
  defaults: logisticRegressionDefaults,
  fit(data, params, ctx) {
    const p = withDefaults(logisticRegressionDefaults, params, LOGISTIC_REGRESSION_RULES);
    const { x, y, weights } = checkClassifierData(data, p.classWeight);
    const { nRows: n, nCols: d, data: xs } = x;
    for (let i = 0; i < xs.length; i++) {
      if (!Number.isFinite(xs[i]!)) {
        throw new Error(
          `logistic regression needs complete features: row ${Math.floor(i / d)} has ${xs[i]}; impute first`,
        );
      }
    }
    const m = p.fitIntercept ? d + 1 : d; // parameters: coefficients, then the intercept
    const lambda = 1 / p.C; // the objective divided by C: sum w logloss + ||coef||^2 / (2C)
    const beta = new Float64Array(m);
    const z = new Float64Array(n);
    let wsum = 0;
    let wpos = 0;
    for (let i = 0; i < n; i++) {
      const wi = weights ? weights[i]! : 1;
      wsum += wi;
      wpos += wi * y[i]!;
    }
    // Start from the intercept-only model (the log-odds of the base rate): one Newton step fewer.
    if (p.fitIntercept && wpos > 0 && wpos < wsum) beta[d] = Math.log(wpos / (wsum - wpos));

    const objective = (b: Float64Array): number => {
      let f = 0;
      for (let i = 0; i < n; i++) {
        let zi = p.fitIntercept ? b[d]! : 0;
        const o = i * d;
        for (let j = 0; j < d; j++) zi += b[j]! * xs[o + j]!;
        z[i] = zi;
        f += (weights ? weights[i]! : 1) * (softplus(zi) - y[i]! * zi);
      }
      for (let j = 0; j < d; j++) f += 0.5 * lambda * b[j]! * b[j]!;
      return f;
    };

    let f = objective(beta);
    const grad = new Float64Array(m);
    const hess = new Float64Array(m * m);
    const step = new Float64Array(m);
    const trial = new Float64Array(m);
    const curv = new Float64Array(n);
    const nzIdx = new Int32Array(m);
    const nzVal = new Float64Array(m);
    let converged = false;
    let iter = 0;
    for (; iter < p.maxIter; iter++) {
      throwIfAborted(ctx);
      // The gradient at beta (z holds the current scores); stop here if it is small enough.
      grad.fill(0);
      for (let i = 0; i < n; i++) {
        const wi = weights ? weights[i]! : 1;
        const pi = sigmoid(z[i]!);
        const r = wi * (pi - y[i]!);
        curv[i] = wi * pi * (1 - pi);
        const o = i * d;
        for (let j = 0; j < d; j++) grad[j] = grad[j]! + r * xs[o + j]!;
        if (p.fitIntercept) grad[d] = grad[d]! + r;
      }
      let gmax = 0;
      for (let j = 0; j < m; j++) {
        if (j < d) grad[j] = grad[j]! + lambda * beta[j]!;
        gmax = Math.max(gmax, Math.abs(grad[j]!));
      }
      ctx.progress(
        Math.min(1, (iter + 1) / p.maxIter),
        `iteration ${iter + 1}, gradient ${gmax.toExponential(2)}`,
      );
      if (gmax <= p.tol * wsum) {
        converged = true;
        break;
      }
      // The Hessian's lower triangle, row by row over each row's non-zero features (one-hot columns are
      // mostly zeros); the intercept acts as a last feature that is always 1.
      hess.fill(0);
      for (let i = 0; i < n; i++) {
        const a = curv[i]!;
        const o = i * d;
        let nz = 0;
        for (let j = 0; j < d; j++) {
          const v = xs[o + j]!;
          if (v !== 0) {
            nzIdx[nz] = j;
            nzVal[nz++] = v;
          }
        }
        if (p.fitIntercept) {
          nzIdx[nz] = d;
          nzVal[nz++] = 1;
        }
        for (let u = 0; u < nz; u++) {
          const av = a * nzVal[u]!;
          const row = nzIdx[u]! * m;
          for (let t = 0; t <= u; t++) hess[row + nzIdx[t]!] = hess[row + nzIdx[t]!]! + av * nzVal[t]!;
        }
      }
      for (let j = 0; j < d; j++) hess[j * m + j] = hess[j * m + j]! + lambda;
      for (let j = 0; j < m; j++) for (let k = j + 1; k < m; k++) hess[j * m + k] = hess[k * m + j]!;
      // A tiny ridge keeps the factorization alive if the intercept's curvature vanishes (separable data).
      for (let j = 0; j < m; j++) hess[j * m + j] = hess[j * m + j]! + 1e-12;
      choleskyInPlace(hess, m);
      step.set(grad);
      choleskySolveInPlace(hess, m, step);
      let slope = 0;
      for (let j = 0; j < m; j++) slope -= grad[j]! * step[j]!;
      let t = 1;
      let fTrial = f;
      for (let ls = 0; ls < 50; ls++) {
        for (let j = 0; j < m; j++) trial[j] = beta[j]! - t * step[j]!;
        fTrial = objective(trial);
        if (fTrial <= f + 1e-4 * t * slope) break;
        t *= 0.5;
      }
      if (!(fTrial <= f)) {
        objective(beta); // restore z at beta: no step decreases the objective any more
        converged = true;
        break;
      }
      beta.set(trial);
      f = fTrial;
    }
    const coef = beta.slice(0, d);
    return new LogisticRegressionModel(coef, p.fitIntercept ? beta[d]! : 0, x.columns, iter, converged);
  },
  serialize(model) {
    return encodeArtifact(
      NAME,
      FORMAT,
      {
        featureNames: model.featureNames,
        intercept: model.intercept,
        nIter: model.nIter,
        converged: model.converged,
      },
      { coef: model.coef },
    );
  },
  deserialize(bytes) {
    const { meta, arrays } = decodeArtifact<{
      featureNames: string[];
      intercept: number;
      nIter: number;
      converged: boolean;
    }>(bytes, NAME, FORMAT);
    return new LogisticRegressionModel(
      arrays.coef as Float64Array,
      meta.intercept,
      meta.featureNames,
      meta.nIter,
      meta.converged,
    );
  },
};
