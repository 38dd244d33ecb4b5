/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): the closed-form item-item
 * model B = argmin ||X - X B||^2 + lambda ||B||^2 with diag(B) = 0, which is
 *   P = (X^T X + lambda I)^-1,   B_ij = -P_ij / P_jj,   B_jj = 0,
 * and user u scores items as x_u B. The item Gram matrix and B are dense (nItems^2): the fit takes n^3 work
 * and 12 n^2 bytes (10,000 items: 80 s and 1.2 GB on 2 cores, `pnpm bench ease-scale`, docs/benchmarks.md), so EASE
 * suits catalogs up to about 20,000 items. B is kept in Float32 to halve its memory.
 */

import { invertSpdScalar } from '../../linalg/cholesky.js';
import { linalgWasmAvailable, SWEEP_BLOCK, spdWorkspace } from '../../linalg/invert-wasm.js';
import { throwIfAborted } from '../../plugin/fit-context.js';
import type { ParamRules } from '../../plugin/params.js';
import type { InteractionMatrix } from '../interactions.js';
import { BaseRecommender } from '../model.js';
import {
  decodeModel,
  encodeModel,
  matrixArrays,
  matrixFromArrays,
  resolveParams,
  typed,
} from '../model-io.js';
import type { SyncRecommenderPlugin } from '../plugin-types.js';

export interface EaseParams {
  /** L2 regularization added to the Gram matrix's diagonal. */
  lambda: number;
  /**
   * Threads for the inverse: 2 updates half of each sweep's rows on a worker thread (Node, with shared
   * WebAssembly memory); the weights are identical, to the bit, to 1 thread's.
   */
  threads: number;
}

const NAME = 'ease';
const VERSION = 1;

export class EaseModel extends BaseRecommender {
  readonly name = NAME;

  constructor(
    readonly history: InteractionMatrix,
    /** Row-major nItems x nItems weights. */
    readonly weights: Float32Array,
  ) {
    super(history.nUsers, history.nItems);
  }

  scoreUser(user: number, out: Float64Array): Float64Array {
    this.checkUser(user);
    const h = this.history;
    const start = h.indptr[user]!;
    const end = h.indptr[user + 1]!;
    return this.scoreItems(h.indices.subarray(start, end), h.values.subarray(start, end), out);
  }

  scoreItems(items: ArrayLike<number>, weights: ArrayLike<number> | null, out: Float64Array): Float64Array {
    out.fill(0);
    const n = this.nItems;
    const b = this.weights;
    for (let h = 0; h < items.length; h++) {
      const k = items[h]!;
      if (!(k >= 0 && k < n)) continue;
      const r = weights ? weights[h]! : 1;
      const row = k * n;
      for (let j = 0; j < n; j++) out[j]! += r * b[row + j]!;
    }
    return out;
  }

  similarItems(item: number, k: number) {
    this.checkItem(item);
    const n = this.nItems;
    const scores = Float64Array.from(this.weights.subarray(item * n, item * n + n));
    return this.topWithout(scores, k, item);
  }
}

/**
 * The EASE weights for a matrix (exported for tests), row-major, in Float32 (or Float64). The Gram matrix is
 * built and inverted in place in WebAssembly memory where the kernel runs (8 nItems^2 bytes), and the weights
 * are taken from it row by row: 12 nItems^2 bytes at the peak with Float32.
 */
export function easeWeights(
  data: InteractionMatrix,
  lambda: number,
  options?: { precision?: 64; threads?: number },
): Float64Array;
export function easeWeights(
  data: InteractionMatrix,
  lambda: number,
  options: { precision: 32; threads?: number },
): Float32Array;
export function easeWeights(
  data: InteractionMatrix,
  lambda: number,
  { precision = 64, threads = 1 }: { precision?: 32 | 64; threads?: number } = {},
): Float32Array | Float64Array {
  if (!(lambda > 0)) throw new Error('EASE lambda must be > 0');
  const n = data.nItems;
  const workspace = spdWorkspace(n, SWEEP_BLOCK, threads);
  if (!workspace && linalgWasmAvailable())
    throw new Error(
      `EASE inverts an items x items matrix: ${n.toLocaleString('en-US')} items need ${((8 * n * n) / 2 ** 30).toFixed(1)} GB in one WebAssembly memory, which holds at most 4 GB (about 23,000 items); item-knn or als fit larger catalogs`,
    );
  const g = workspace?.matrix ?? new Float64Array(n * n);
  for (let u = 0; u < data.nUsers; u++) {
    const start = data.indptr[u]!;
    const end = data.indptr[u + 1]!;
    for (let p = start; p < end; p++) {
      const row = data.indices[p]! * n;
      const v = data.values[p]!;
      for (let q = start; q < end; q++) g[row + data.indices[q]!]! += v * data.values[q]!;
    }
  }
  for (let i = 0; i < n; i++) g[i * n + i]! += lambda;
  let p: Float64Array;
  if (workspace) {
    workspace.invert();
    p = g;
  } else p = invertSpdScalar(g, n);
  const pivot = new Float64Array(n);
  for (let j = 0; j < n; j++) pivot[j] = p[j * n + j]!;
  const b = precision === 32 ? new Float32Array(n * n) : new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) b[row + j] = i === j ? 0 : -p[row + j]! / pivot[j]!;
  }
  return b;
}

const EASE_RULES: ParamRules<EaseParams> = { lambda: 'positive', threads: [1, 2] };

export const ease: SyncRecommenderPlugin<EaseParams, EaseModel> = {
  kind: 'recommender',
  name: NAME,
  formatVersion: VERSION,
  defaults: { lambda: 500, threads: 1 },
  fit(data, params, ctx) {
    const p = resolveParams(this.defaults, params, EASE_RULES);
    throwIfAborted(ctx);
    const w = easeWeights(data, p.lambda, { precision: 32, threads: p.threads });
    ctx.progress(1, 'EASE');
    return new EaseModel(data, w).withIds(data.userIds, data.itemIds);
  },
  serialize: (m) =>
    encodeModel(NAME, VERSION, m, {}, { ...matrixArrays(m.history, 'hist'), weights: m.weights }),
  deserialize(bytes) {
    const { meta, arrays, userIds, itemIds } = decodeModel<object>(bytes, NAME, VERSION);
    const history = matrixFromArrays(arrays, 'hist', meta.nUsers, meta.nItems);
    return new EaseModel(history, typed(arrays, 'weights', Float32Array)).withIds(userIds, itemIds);
  },
};
