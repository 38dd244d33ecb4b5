/**
 * Biased matrix factorization for explicit ratings, as Surprise's SVD (Funk SVD with biases):
 *   r^_ui = mu + b_u + b_i + q_i . p_u,
 * fitted by SGD over the training ratings in stored order (user by user, as Surprise walks its
 * trainset; `shuffle: true` draws a seeded order per epoch instead), for each rating:
 *   e = r - r^;  b_u += lr (e - reg b_u);  b_i += lr (e - reg b_i);
 *   p_u += lr (e q_i - reg p_u);  q_i += lr (e p_u - reg q_i).
 * Factors start normal(initMean, initStd) from the seeded RNG. Predictions are clipped to the training
 * rating range; a user (item) without training ratings contributes no bias and no factor term.
 * Fit on a matrix of ratings built with `duplicates: 'last'`.
 */

import { throwIfAborted } from '../../plugin/fit-context.js';
import type { ParamRules } from '../../plugin/params.js';
import { BaseRecommender, type RatingPredictor } from '../model.js';
import { decodeModel, encodeModel, resolveParams, typed } from '../model-io.js';
import type { SyncRecommenderPlugin } from '../plugin-types.js';

export interface BiasedMfParams {
  factors: number;
  epochs: number;
  learningRate: number;
  regularization: number;
  initMean: number;
  initStd: number;
  shuffle: boolean;
}

const NAME = 'biased-mf';
const VERSION = 1;

export class BiasedMfModel extends BaseRecommender implements RatingPredictor {
  readonly name = NAME;

  constructor(
    readonly globalMean: number,
    readonly userBiases: Float64Array,
    readonly itemBiases: Float64Array,
    readonly userFactors: Float64Array,
    readonly itemFactors: Float64Array,
    /** 1 where the user (item) had training ratings. */
    readonly knownUsers: Uint8Array,
    readonly knownItems: Uint8Array,
    readonly factors: number,
    readonly minRating: number,
    readonly maxRating: number,
  ) {
    super(userBiases.length, itemBiases.length);
  }

  predict(user: number, item: number): number {
    let r = this.globalMean;
    const ku = user >= 0 && user < this.nUsers && this.knownUsers[user] === 1;
    const ki = item >= 0 && item < this.nItems && this.knownItems[item] === 1;
    if (ku) r += this.userBiases[user]!;
    if (ki) r += this.itemBiases[item]!;
    if (ku && ki) {
      const f = this.factors;
      for (let a = 0; a < f; a++) r += this.userFactors[user * f + a]! * this.itemFactors[item * f + a]!;
    }
    return Math.min(this.maxRating, Math.max(this.minRating, r));
  }

  scoreUser(user: number, out: Float64Array): Float64Array {
    this.checkUser(user);
    for (let i = 0; i < this.nItems; i++) out[i] = this.predict(user, i);
    return out;
  }
}

const BIASED_MF_RULES: ParamRules<BiasedMfParams> = {
  factors: 'count',
  epochs: 'count',
  learningRate: 'positive',
  regularization: 'nonNegative',
  initStd: 'nonNegative',
  shuffle: 'boolean',
};

export const biasedMf: SyncRecommenderPlugin<BiasedMfParams, BiasedMfModel> = {
  kind: 'recommender',
  name: NAME,
  formatVersion: VERSION,
  // Surprise's SVD defaults
  defaults: {
    factors: 100,
    epochs: 20,
    learningRate: 0.005,
    regularization: 0.02,
    initMean: 0,
    initStd: 0.1,
    shuffle: false,
  },
  fit(data, params, ctx) {
    const p = resolveParams(this.defaults, params, BIASED_MF_RULES);
    const f = p.factors;
    const { nUsers, nItems } = data;
    const n = data.indices.length;
    if (n === 0) throw new Error('biased-mf needs at least one rating');
    const rng = ctx.rng;
    const pu = new Float64Array(nUsers * f);
    const qi = new Float64Array(nItems * f);
    for (let j = 0; j < pu.length; j++) pu[j] = p.initMean + p.initStd * rng.normal();
    for (let j = 0; j < qi.length; j++) qi[j] = p.initMean + p.initStd * rng.normal();
    const bu = new Float64Array(nUsers);
    const bi = new Float64Array(nItems);
    const entryUser = new Int32Array(n);
    for (let u = 0; u < nUsers; u++) entryUser.fill(u, data.indptr[u]!, data.indptr[u + 1]!);
    let mean = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const r of data.values) {
      mean += r;
      if (r < min) min = r;
      if (r > max) max = r;
    }
    mean /= n;
    const order = new Int32Array(n);
    for (let q = 0; q < n; q++) order[q] = q;
    const lr = p.learningRate;
    const reg = p.regularization;
    for (let epoch = 0; epoch < p.epochs; epoch++) {
      throwIfAborted(ctx);
      if (p.shuffle) {
        for (let r = n - 1; r > 0; r--) {
          const s = rng.int(r + 1);
          const t = order[r]!;
          order[r] = order[s]!;
          order[s] = t;
        }
      }
      for (let t = 0; t < n; t++) {
        const q = order[t]!;
        const u = entryUser[q]!;
        const i = data.indices[q]!;
        const uo = u * f;
        const io = i * f;
        let dot = 0;
        for (let a = 0; a < f; a++) dot += qi[io + a]! * pu[uo + a]!;
        const err = data.values[q]! - (mean + bu[u]! + bi[i]! + dot);
        bu[u]! += lr * (err - reg * bu[u]!);
        bi[i]! += lr * (err - reg * bi[i]!);
        for (let a = 0; a < f; a++) {
          const puf = pu[uo + a]!;
          const qif = qi[io + a]!;
          pu[uo + a] = puf + lr * (err * qif - reg * puf);
          qi[io + a] = qif + lr * (err * puf - reg * qif);
        }
      }
      ctx.progress((epoch + 1) / p.epochs, `biased MF epoch ${epoch + 1}/${p.epochs}`);
    }
    const knownUsers = new Uint8Array(nUsers);
    for (let u = 0; u < nUsers; u++) knownUsers[u] = data.indptr[u + 1]! > data.indptr[u]! ? 1 : 0;
    const knownItems = new Uint8Array(nItems);
    for (let i = 0; i < nItems; i++) knownItems[i] = data.colptr[i + 1]! > data.colptr[i]! ? 1 : 0;
    return new BiasedMfModel(mean, bu, bi, pu, qi, knownUsers, knownItems, f, min, max).withIds(
      data.userIds,
      data.itemIds,
    );
  },
  serialize: (m) =>
    encodeModel(
      NAME,
      VERSION,
      m,
      { globalMean: m.globalMean, factors: m.factors, minRating: m.minRating, maxRating: m.maxRating },
      {
        userBiases: m.userBiases,
        itemBiases: m.itemBiases,
        userFactors: m.userFactors,
        itemFactors: m.itemFactors,
        knownUsers: m.knownUsers,
        knownItems: m.knownItems,
      },
    ),
  deserialize(bytes) {
    const { meta, arrays, userIds, itemIds } = decodeModel<{
      globalMean: number;
      factors: number;
      minRating: number;
      maxRating: number;
    }>(bytes, NAME, VERSION);
    return new BiasedMfModel(
      meta.globalMean,
      typed(arrays, 'userBiases', Float64Array),
      typed(arrays, 'itemBiases', Float64Array),
      typed(arrays, 'userFactors', Float64Array),
      typed(arrays, 'itemFactors', Float64Array),
      typed(arrays, 'knownUsers', Uint8Array),
      typed(arrays, 'knownItems', Uint8Array),
      meta.factors,
      meta.minRating,
      meta.maxRating,
    ).withIds(userIds, itemIds);
  },
};
