/**
 * Top-K neighbour lists from co-occurrence: for each entity a (an item, or a user), the K entities b
 * with the highest similarity, found through the contexts they share (users for items, items for
 * users) on the sparse matrix, with one dense accumulator and a touched list: memory O(n K).
 *
 * Measures, with v the entity's vector of values, n the number of contexts it appears in, and c the
 * number of contexts two entities share:
 * - cosine:  v_a . v_b / (|v_a| |v_b| + shrink)
 * - jaccard: c / (n_a + n_b - c + shrink)
 * - lift:    c / (n_a n_b + shrink)          (as SAR's lift)
 * - count:   c                              (raw co-occurrence)
 * Only positive similarities are kept.
 */

import { throwIfAborted } from '../plugin/fit-context.js';
import type { FitContext } from '../plugin/model-plugin.js';
import type { ParamRules } from '../plugin/params.js';
import type { InteractionMatrix } from './interactions.js';
import { topK } from './top-k.js';

export type SimilarityMeasure = 'cosine' | 'jaccard' | 'lift' | 'count';

/** Per-entity neighbour lists in CSR form, each sorted by similarity, best first. */
export interface Neighbors {
  ptr: Int32Array;
  idx: Int32Array;
  sim: Float64Array;
}

/** One side of the sparse matrix: entity -> (context, value). */
export interface SparseSide {
  ptr: Int32Array;
  idx: Int32Array;
  val: Float64Array;
}

export interface NeighborOptions {
  measure: SimilarityMeasure;
  /** Neighbours kept per entity. */
  k: number;
  shrink?: number;
  /** Pairs sharing fewer contexts than this are not neighbours (default 1). */
  minCommon?: number;
  /** Called every few hundred entities, e.g. to check for cancellation. */
  onProgress?: (done: number, total: number) => void;
}

/** Top-K neighbours of every entity of `ent` (entity -> contexts), through `ctx` (context -> entities). */
export function topNeighbors(
  ent: SparseSide,
  ctx: SparseSide,
  nEnt: number,
  options: NeighborOptions,
): Neighbors {
  const { measure, k } = options;
  const shrink = options.shrink ?? 0;
  const minCommon = options.minCommon ?? 1;
  if (!(k >= 1)) throw new Error('neighbours k must be >= 1');
  // per-entity norm (cosine) or context count
  const norm = new Float64Array(nEnt);
  for (let a = 0; a < nEnt; a++) {
    let s = 0;
    for (let p = ent.ptr[a]!; p < ent.ptr[a + 1]!; p++) s += measure === 'cosine' ? ent.val[p]! ** 2 : 1;
    norm[a] = measure === 'cosine' ? Math.sqrt(s) : s;
  }
  const dot = new Float64Array(nEnt);
  const common = new Int32Array(nEnt);
  let touched = new Int32Array(1024);
  let sims = new Float64Array(1024);
  const ptr = new Int32Array(nEnt + 1);
  let idx = new Int32Array(Math.min(nEnt * k, 1 << 20));
  let sim = new Float64Array(idx.length);
  let nnz = 0;
  for (let a = 0; a < nEnt; a++) {
    let nt = 0;
    for (let p = ent.ptr[a]!; p < ent.ptr[a + 1]!; p++) {
      const c = ent.idx[p]!;
      const va = ent.val[p]!;
      for (let q = ctx.ptr[c]!; q < ctx.ptr[c + 1]!; q++) {
        const b = ctx.idx[q]!;
        if (common[b] === 0) {
          if (nt === touched.length) touched = grow(touched);
          touched[nt++] = b;
        }
        common[b]!++;
        dot[b]! += va * ctx.val[q]!;
      }
    }
    const list = touched.subarray(0, nt).sort();
    if (sims.length < nt) sims = new Float64Array(nt * 2);
    for (let t = 0; t < nt; t++) {
      const b = list[t]!;
      const c = common[b]!;
      let s = 0;
      if (b !== a && c >= minCommon) {
        if (measure === 'cosine') s = dot[b]! / (norm[a]! * norm[b]! + shrink);
        else if (measure === 'jaccard') s = c / (norm[a]! + norm[b]! - c + shrink);
        else if (measure === 'lift') s = c / (norm[a]! * norm[b]! + shrink);
        else s = c;
      }
      sims[t] = s > 0 ? s : Number.NEGATIVE_INFINITY;
      dot[b] = 0;
      common[b] = 0;
    }
    const best = topK(sims.subarray(0, nt), k);
    if (nnz + best.items.length > idx.length) {
      idx = grow(idx, nnz + best.items.length);
      sim = grow(sim, idx.length);
    }
    for (let r = 0; r < best.items.length; r++) {
      idx[nnz] = list[best.items[r]!]!;
      sim[nnz] = best.scores[r]!;
      nnz++;
    }
    ptr[a + 1] = nnz;
    if (options.onProgress && a % 256 === 255) options.onProgress(a + 1, nEnt);
  }
  return { ptr, idx: idx.slice(0, nnz), sim: sim.slice(0, nnz) };
}

function grow<T extends Int32Array | Float64Array>(a: T, atLeast = 0): T {
  const b = new (a.constructor as { new (n: number): T })(Math.max(a.length * 2, atLeast));
  b.set(a);
  return b;
}

/** What a neighbourhood model's fit takes from its parameters. */
export interface NeighborFitParams {
  measure: SimilarityMeasure;
  neighbors: number;
  shrink: number;
  minCommon: number;
}

/** The values item- and user-kNN take (their parameters are the same). */
export const NEIGHBOR_RULES: ParamRules<NeighborFitParams & { normalize: boolean }> = {
  neighbors: 'count',
  measure: ['cosine', 'jaccard'],
  shrink: 'nonNegative',
  normalize: 'boolean',
  minCommon: 'count',
};

/**
 * The neighbours of every item (through the users who have it) or every user (through their items), with
 * the fit's progress reported and its cancellation honoured: the shared fit of item- and user-kNN.
 */
export function fitNeighbors(
  data: InteractionMatrix,
  side: 'items' | 'users',
  p: NeighborFitParams,
  ctx: FitContext,
): Neighbors {
  const byUser: SparseSide = { ptr: data.indptr, idx: data.indices, val: data.values };
  const byItem: SparseSide = { ptr: data.colptr, idx: data.rowind, val: data.colValues };
  const label = side === 'items' ? 'item similarities' : 'user similarities';
  const neighbors = topNeighbors(
    side === 'items' ? byItem : byUser,
    side === 'items' ? byUser : byItem,
    side === 'items' ? data.nItems : data.nUsers,
    {
      measure: p.measure,
      k: p.neighbors,
      shrink: p.shrink,
      minCommon: p.minCommon,
      onProgress: (done, total) => {
        throwIfAborted(ctx);
        ctx.progress(done / total, label);
      },
    },
  );
  ctx.progress(1, label);
  return neighbors;
}
