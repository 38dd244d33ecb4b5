/**
 * BPR (Rendle et al. 2009, "BPR: Bayesian Personalized Ranking from Implicit Feedback"): matrix
 * factorization with item biases, trained by SGD on triples (u, i, j): i a stored item of u, j drawn
 * uniformly from the items u has not interacted with. Each epoch draws nnz triples, the positive entry
 * uniformly from the stored entries (as LearnBPR's bootstrap sampling). Updates, with
 * x = b_i - b_j + w_u . (h_i - h_j) and z = 1 / (1 + e^x):
 *   b_i += lr (z - reg b_i),  b_j += lr (-z - reg b_j),
 *   w_u += lr (z (h_i - h_j) - reg w_u),  h_i += lr (z w_u - reg h_i),  h_j += lr (-z w_u - reg h_j).
 * Factors start uniform in (-0.5/f, 0.5/f) (as Cornac's BPR), biases at 0.
 */

import { throwIfAborted } from '../../plugin/fit-context.js';
import type { ParamRules } from '../../plugin/params.js';
import { FactorScorer } from '../../wasm/factor-scorer.js';
import { findEntry } from '../interactions.js';
import { BaseRecommender } from '../model.js';
import { decodeModel, encodeModel, resolveParams, typed } from '../model-io.js';
import type { SyncRecommenderPlugin } from '../plugin-types.js';

export interface BprParams {
  factors: number;
  /** Passes over the data (each draws nnz triples). */
  epochs: number;
  learningRate: number;
  regularization: number;
  /** Learn item biases (default true). */
  biases: boolean;
}

const NAME = 'bpr';
const VERSION = 1;

export class BprModel extends BaseRecommender {
  readonly name = NAME;
  #scorer: FactorScorer | null = null;

  constructor(
    readonly userFactors: Float64Array,
    readonly itemFactors: Float64Array,
    readonly itemBiases: Float64Array,
    readonly factors: number,
  ) {
    super(userFactors.length / factors, itemBiases.length);
  }

  scoreUser(user: number, out: Float64Array): Float64Array {
    this.checkUser(user);
    this.#scorer ??= new FactorScorer(this.itemFactors, this.nItems, this.factors, this.itemBiases);
    return this.#scorer.score(this.userFactors, user * this.factors, out);
  }
}

const BPR_RULES: ParamRules<BprParams> = {
  factors: 'count',
  epochs: 'count',
  learningRate: 'positive',
  regularization: 'nonNegative',
  biases: 'boolean',
};

export const bpr: SyncRecommenderPlugin<BprParams, BprModel> = {
  kind: 'recommender',
  name: NAME,
  formatVersion: VERSION,
  defaults: { factors: 64, epochs: 100, learningRate: 0.05, regularization: 0.001, biases: true },
  fit(data, params, ctx) {
    const p = resolveParams(this.defaults, params, BPR_RULES);
    const f = p.factors;
    if (!(f >= 1) || !Number.isInteger(f)) throw new Error('factors must be a positive integer');
    const { nUsers, nItems } = data;
    const rng = ctx.rng;
    const w = new Float64Array(nUsers * f);
    const h = new Float64Array(nItems * f);
    for (let j = 0; j < w.length; j++) w[j] = (rng.next() - 0.5) / f;
    for (let j = 0; j < h.length; j++) h[j] = (rng.next() - 0.5) / f;
    const b = new Float64Array(nItems);
    const nnz = data.indices.length;
    const entryUser = new Int32Array(nnz);
    for (let u = 0; u < nUsers; u++) entryUser.fill(u, data.indptr[u]!, data.indptr[u + 1]!);
    const lr = p.learningRate;
    const reg = p.regularization;
    for (let epoch = 0; epoch < p.epochs; epoch++) {
      throwIfAborted(ctx);
      for (let s = 0; s < nnz; s++) {
        const q = rng.int(nnz);
        const u = entryUser[q]!;
        const rowLen = data.indptr[u + 1]! - data.indptr[u]!;
        if (rowLen >= nItems) continue; // nothing to contrast with
        const i = data.indices[q]!;
        let j = rng.int(nItems);
        while (findEntry(data, u, j) >= 0) j = rng.int(nItems);
        const uo = u * f;
        const io = i * f;
        const jo = j * f;
        let x = p.biases ? b[i]! - b[j]! : 0;
        for (let a = 0; a < f; a++) x += w[uo + a]! * (h[io + a]! - h[jo + a]!);
        const z = 1 / (1 + Math.exp(x));
        if (p.biases) {
          b[i]! += lr * (z - reg * b[i]!);
          b[j]! += lr * (-z - reg * b[j]!);
        }
        for (let a = 0; a < f; a++) {
          const wu = w[uo + a]!;
          const hi = h[io + a]!;
          const hj = h[jo + a]!;
          w[uo + a] = wu + lr * (z * (hi - hj) - reg * wu);
          h[io + a] = hi + lr * (z * wu - reg * hi);
          h[jo + a] = hj + lr * (-z * wu - reg * hj);
        }
      }
      ctx.progress((epoch + 1) / p.epochs, `BPR epoch ${epoch + 1}/${p.epochs}`);
    }
    return new BprModel(w, h, b, f).withIds(data.userIds, data.itemIds);
  },
  serialize: (m) =>
    encodeModel(
      NAME,
      VERSION,
      m,
      { factors: m.factors },
      {
        userFactors: m.userFactors,
        itemFactors: m.itemFactors,
        itemBiases: m.itemBiases,
      },
    ),
  deserialize(bytes) {
    const { arrays, meta, userIds, itemIds } = decodeModel<{ factors: number }>(bytes, NAME, VERSION);
    return new BprModel(
      typed(arrays, 'userFactors', Float64Array),
      typed(arrays, 'itemFactors', Float64Array),
      typed(arrays, 'itemBiases', Float64Array),
      meta.factors,
    ).withIds(userIds, itemIds);
  },
};
