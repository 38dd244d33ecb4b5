/**
 * Implicit-feedback ALS (Hu, Koren & Volinsky 2008, "Collaborative Filtering for Implicit Feedback
 * Datasets") with the conjugate-gradient solver of the `implicit` library (cg_steps = 3 by default).
 *
 * As in `implicit`: the confidence of a stored entry is c = alpha w (the paper's 1 + alpha w is the
 * same model with alpha w + 1; pass weights accordingly), its preference is 1; every other pair has
 * preference 0 and confidence 1. Factors start uniform in [0, 0.01) from the seeded RNG; each iteration
 * solves the users given the items, then the items given the users.
 */

import { solveSpd } from '../../linalg/cholesky.js';
import { throwIfAborted } from '../../plugin/fit-context.js';
import type { FitContext } from '../../plugin/model-plugin.js';
import type { ParamRules } from '../../plugin/params.js';
import { AlsWasmFit, alsWasmAvailable } from '../../wasm/als-wasm.js';
import { FactorScorer } from '../../wasm/factor-scorer.js';
import type { InteractionMatrix } from '../interactions.js';
import { BaseRecommender } from '../model.js';
import { decodeModel, encodeModel, resolveParams, typed } from '../model-io.js';
import type { SyncRecommenderPlugin } from '../plugin-types.js';
import type { TopK } from '../top-k.js';
import { cgRows, cgScratch, exactRow, gramPlusReg } from './als-kernel.js';

export interface AlsParams {
  factors: number;
  regularization: number;
  alpha: number;
  iterations: number;
  cgSteps: number;
  /** 'cg' (as `implicit`) or 'exact' (a Cholesky solve per row: slower, for checks). */
  solver: 'cg' | 'exact';
  /**
   * Where the CG solver runs: 'wasm' (WebAssembly SIMD, f32 as `implicit`), 'js' (the TypeScript oracle,
   * f64), or 'auto' (default): wasm where available.
   */
  backend: 'auto' | 'wasm' | 'js';
  /**
   * Threads for the wasm backend: 2 solves half of each side's rows on a worker thread (Node, with
   * shared WebAssembly memory); results are identical to 1 thread.
   */
  threads: number;
}

const NAME = 'als';
const VERSION = 1;

/** The most factors ALS takes by default (`implicit` takes 100 whatever the data). */
export const ALS_MAX_DEFAULT_FACTORS = 64;

/**
 * How many times `factors` the smaller side of the matrix (customers or items) must be for the rank to be
 * learned: a rank near min(customers, items) reproduces every row, ones and zeros alike, and ranks the
 * unseen items by noise. On a shop of 300 customers and 80 items, 64 factors ranked below random (NDCG@10
 * 0.047 against 0.48 for the most popular items), 8 (80 / 10) ranked as EASE (docs/recommendations.md).
 */
export const ALS_SIDE_PER_FACTOR = 10;

/**
 * The fewest factors ALS fits by default, where half the smaller side (customers or items) allows it: 1 factor ranks every customer's items in one order (the sign of their factor picks
 * it or its reverse), popularity in disguise, and the cosine of two items' factors is +-1, so that similar
 * items are a tie. On a shop of 53 customers and 17 items, 8 factors ranked within the noise of 1
 * (docs/recommendations.md, "ALS's defaults").
 */
export const ALS_MIN_DEFAULT_FACTORS = 8;

/**
 * The factors ALS fits when none are given: min(64, floor(min(users, items) / 10)), raised to
 * min(8, floor(min(users, items) / 2)) (a rank of at most half the smaller side), at least 1. MovieLens 100K
 * (943 users, 1,682 items) keeps 64; a catalog of 80 items gets 8, and so does one of 17; one of 5 items 2.
 */
export function alsDefaultFactors(nUsers: number, nItems: number): number {
  const side = Math.min(nUsers, nItems);
  const bound = Math.min(ALS_MAX_DEFAULT_FACTORS, Math.floor(side / ALS_SIDE_PER_FACTOR));
  return Math.max(1, Math.min(ALS_MIN_DEFAULT_FACTORS, Math.floor(side / 2)), bound);
}

export class AlsModel extends BaseRecommender {
  readonly name = NAME;
  #scorer: FactorScorer | null = null;

  constructor(
    readonly userFactors: Float64Array,
    readonly itemFactors: Float64Array,
    readonly params: AlsParams,
  ) {
    super(userFactors.length / params.factors, itemFactors.length / params.factors);
  }

  scoreUser(user: number, out: Float64Array): Float64Array {
    this.checkUser(user);
    return this.#score().score(this.userFactors, user * this.params.factors, out);
  }

  #score(): FactorScorer {
    this.#scorer ??= new FactorScorer(this.itemFactors, this.nItems, this.params.factors);
    return this.#scorer;
  }

  /** Folds a history in without retraining: the exact least-squares user factors given the items. */
  scoreItems(items: ArrayLike<number>, weights: ArrayLike<number> | null, out: Float64Array): Float64Array {
    const x = this.foldIn(items, weights);
    return this.#score().score(x, 0, out);
  }

  /** The user factors that best explain a history, with the item factors held fixed. */
  foldIn(items: ArrayLike<number>, weights: ArrayLike<number> | null): Float64Array {
    const { factors: f, regularization, alpha } = this.params;
    const idx: number[] = [];
    const conf: number[] = [];
    for (let h = 0; h < items.length; h++) {
      if (!(items[h]! >= 0 && items[h]! < this.nItems)) continue;
      idx.push(items[h]!);
      conf.push(alpha * (weights ? weights[h]! : 1));
    }
    const yty = gramPlusReg(this.itemFactors, this.nItems, f, regularization);
    const x = new Float64Array(f);
    exactRow(idx, conf, this.itemFactors, f, yty, solveSpd, x);
    return x;
  }

  /** Items by cosine similarity of their factors. */
  similarItems(item: number, k: number): TopK {
    this.checkItem(item);
    const f = this.params.factors;
    const y = this.itemFactors;
    const scores = this.#score().score(y, item * f, new Float64Array(this.nItems));
    const norms = new Float64Array(this.nItems);
    for (let i = 0; i < this.nItems; i++) {
      let s = 0;
      for (let a = 0; a < f; a++) s += y[i * f + a]! ** 2;
      norms[i] = Math.sqrt(s);
    }
    for (let i = 0; i < this.nItems; i++) scores[i] = scores[i]! / (norms[i]! * norms[item]! || 1);
    return this.topWithout(scores, k, item);
  }
}

/** Confidences c = alpha w for the CSR and CSC entries. */
export function confidences(
  data: InteractionMatrix,
  alpha: number,
): { rows: Float64Array; cols: Float64Array } {
  const rows = data.values.map((w) => alpha * w);
  const cols = data.colValues.map((w) => alpha * w);
  return { rows, cols };
}

/** One ALS half-step: every row of `x` re-solved given `y` (the rows' entries in ptr/idx/conf). */
export function alsHalfStep(
  ptr: Int32Array,
  idx: Int32Array,
  conf: Float64Array,
  x: Float64Array,
  y: Float64Array,
  nY: number,
  p: Pick<AlsParams, 'factors' | 'regularization' | 'cgSteps' | 'solver'>,
): void {
  const f = p.factors;
  const nX = ptr.length - 1;
  const yty = gramPlusReg(y, nY, f, p.regularization);
  if (p.solver === 'exact') {
    for (let u = 0; u < nX; u++) {
      const s = ptr[u]!;
      const e = ptr[u + 1]!;
      exactRow(idx.subarray(s, e), conf.subarray(s, e), y, f, yty, solveSpd, x, u * f);
    }
  } else {
    cgRows(ptr, idx, conf, x, y, f, yty, p.cgSteps, 0, nX, cgScratch(f));
  }
}

export function initFactors(n: number, f: number, ctx: FitContext): Float64Array {
  const out = new Float64Array(n * f);
  for (let j = 0; j < out.length; j++) out[j] = ctx.rng.next() * 0.01;
  return out;
}

const ALS_RULES: ParamRules<AlsParams> = {
  factors: 'count',
  regularization: 'nonNegative',
  alpha: 'positive',
  iterations: 'count',
  cgSteps: 'count',
  solver: ['cg', 'exact'],
  backend: ['auto', 'wasm', 'js'],
  threads: [1, 2],
};

export const implicitAls: SyncRecommenderPlugin<AlsParams, AlsModel> = {
  kind: 'recommender',
  name: NAME,
  formatVersion: VERSION,
  defaults: {
    // At most: a fit without `factors` takes alsDefaultFactors(users, items).
    factors: ALS_MAX_DEFAULT_FACTORS,
    // `implicit`'s 0.01 barely regularizes: NDCG@10 0.387 on MovieLens 100K against 0.461 with 10, and
    // better with 10 on every shop measured (docs/recommendations.md, "ALS's defaults").
    regularization: 10,
    alpha: 1,
    iterations: 15,
    cgSteps: 3,
    solver: 'cg',
    backend: 'auto',
    threads: 1,
  },
  fit(data, params, ctx) {
    // `factors` unset: bounded by the data (alsDefaultFactors); the model's params say what was fitted.
    const defaults = { ...this.defaults, factors: alsDefaultFactors(data.nUsers, data.nItems) };
    const p = resolveParams(defaults, params, ALS_RULES);
    if (!(p.factors >= 1) || !Number.isInteger(p.factors))
      throw new Error('factors must be a positive integer');
    if (!(p.alpha > 0)) throw new Error('alpha must be > 0');
    const f = p.factors;
    const x = initFactors(data.nUsers, f, ctx);
    const y = initFactors(data.nItems, f, ctx);
    const useWasm = p.solver === 'cg' && p.backend !== 'js' && (p.backend === 'wasm' || alsWasmAvailable());
    if (useWasm) {
      const wasm = new AlsWasmFit(data, f, p.alpha, p.threads);
      try {
        wasm.setFactors('x', x);
        wasm.setFactors('y', y);
        for (let it = 0; it < p.iterations; it++) {
          throwIfAborted(ctx);
          wasm.solveUsers(p.regularization, p.cgSteps);
          wasm.solveItems(p.regularization, p.cgSteps);
          ctx.progress((it + 1) / p.iterations, `ALS iteration ${it + 1}/${p.iterations}`);
        }
        wasm.getFactors('x', x);
        wasm.getFactors('y', y);
      } finally {
        wasm.dispose();
      }
      return new AlsModel(x, y, p).withIds(data.userIds, data.itemIds);
    }
    const conf = confidences(data, p.alpha);
    for (let it = 0; it < p.iterations; it++) {
      throwIfAborted(ctx);
      alsHalfStep(data.indptr, data.indices, conf.rows, x, y, data.nItems, p);
      alsHalfStep(data.colptr, data.rowind, conf.cols, y, x, data.nUsers, p);
      ctx.progress((it + 1) / p.iterations, `ALS iteration ${it + 1}/${p.iterations}`);
    }
    return new AlsModel(x, y, p).withIds(data.userIds, data.itemIds);
  },
  serialize: (m) =>
    encodeModel(
      NAME,
      VERSION,
      m,
      { params: m.params },
      { userFactors: m.userFactors, itemFactors: m.itemFactors },
    ),
  deserialize(bytes) {
    const { meta, arrays, userIds, itemIds } = decodeModel<{ params: AlsParams }>(bytes, NAME, VERSION);
    return new AlsModel(
      typed(arrays, 'userFactors', Float64Array),
      typed(arrays, 'itemFactors', Float64Array),
      meta.params,
    ).withIds(userIds, itemIds);
  },
};
