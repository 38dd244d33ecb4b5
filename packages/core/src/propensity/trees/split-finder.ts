import { NO_BIN } from './histogram.js';

/** Split criteria: classification impurities, and the second-order (Newton) gain of gradient boosting. */
export const GINI = 0;
export const ENTROPY = 1;
export const NEWTON = 2;
export type Criterion = typeof GINI | typeof ENTROPY | typeof NEWTON;

/** The best split seen so far for a node; reused across nodes to avoid allocation. */
export class SplitCandidate {
  /** The criterion's proxy score (higher is better): -sum of weighted child impurities, or sum G^2/(H+l2). */
  score = Number.NEGATIVE_INFINITY;
  feature = -1;
  /** Rows with codes <= binLeft go left; binRight is the first non-empty code on the right (NO_BIN: none). */
  binLeft = -1;
  binRight = -1;
  /** 1: missing rows go left; 0: right; 2: the node had none, send them to the larger child. */
  missingLeft = 0;
  /** Sums on the left side (including missing rows when they go left). */
  l1 = 0;
  l2 = 0;
  lc = 0;

  reset(): void {
    this.score = Number.NEGATIVE_INFINITY;
    this.feature = -1;
  }

  copyFrom(o: SplitCandidate): void {
    this.score = o.score;
    this.feature = o.feature;
    this.binLeft = o.binLeft;
    this.binRight = o.binRight;
    this.missingLeft = o.missingLeft;
    this.l1 = o.l1;
    this.l2 = o.l2;
    this.lc = o.lc;
  }
}

export interface SplitRules {
  criterion: Criterion;
  minSamplesLeaf: number;
  /** Minimum channel-2 sum (weight or hessian) on each side. */
  minChildWeight: number;
  /** L2 penalty on leaf values (Newton criterion only). */
  l2: number;
}

/** -weight * impurity of a node with weighted positives s1 out of weight s2, or G^2 / (H + l2). */
export function sideScore(criterion: Criterion, s1: number, s2: number, l2: number): number {
  if (criterion === NEWTON) return (s1 * s1) / (s2 + l2);
  if (criterion === GINI) return (-2 * s1 * (s2 - s1)) / s2;
  const s0 = s2 - s1;
  let h = 0;
  if (s1 > 0) h += s1 * Math.log2(s1 / s2);
  if (s0 > 0) h += s0 * Math.log2(s0 / s2);
  return h;
}

/**
 * Scans one feature's histogram (at offset `o`, missing values in slot `missing`) of a node with sums
 * (t1, t2, tc), visiting the ascending non-missing bins `bins[0..nb)` (all of them, or the ones a sparse
 * build found present),
 * and updates `best` when a split scores higher. Missing rows are tried on the right (also as a split
 * of their own: every present value left, missing right) and, when the node has any, on the left.
 * Empty bins are skipped, so each distinct partition is scored once and the first best wins.
 * Returns false when the feature is constant in the node (a single non-empty code).
 */
export function scanFeature(
  hist: Float64Array,
  o: number,
  bins: Int32Array,
  nb: number,
  missing: number,
  feature: number,
  t1: number,
  t2: number,
  tc: number,
  rules: SplitRules,
  best: SplitCandidate,
): boolean {
  const { criterion, minSamplesLeaf, minChildWeight, l2 } = rules;
  const m1 = hist[o + 3 * missing]!;
  const m2 = hist[o + 3 * missing + 1]!;
  const mc = hist[o + 3 * missing + 2]!;
  let nonEmpty = mc > 0 ? 1 : 0;
  for (let pass = 0; pass < (mc > 0 ? 2 : 1); pass++) {
    // pass 0: missing rows go right; pass 1: missing rows go left.
    let a1 = pass === 0 ? 0 : m1;
    let a2 = pass === 0 ? 0 : m2;
    let ac = pass === 0 ? 0 : mc;
    let prev = -1;
    for (let k = 0; k < nb; k++) {
      const b = bins[k]!;
      const j = o + 3 * b;
      const c = hist[j + 2]!;
      if (c === 0) continue;
      if (pass === 0) nonEmpty++;
      if (prev >= 0) {
        const rc = tc - ac;
        const r2 = t2 - a2;
        if (
          ac >= minSamplesLeaf &&
          rc >= minSamplesLeaf &&
          a2 >= minChildWeight &&
          r2 >= minChildWeight &&
          a2 > 0 &&
          r2 > 0
        ) {
          const score = sideScore(criterion, a1, a2, l2) + sideScore(criterion, t1 - a1, r2, l2);
          if (score > best.score) record(best, score, feature, prev, b, mc > 0 ? pass : 2, a1, a2, ac);
        }
      }
      a1 += hist[j]!;
      a2 += hist[j + 1]!;
      ac += c;
      prev = b;
    }
    if (pass === 0 && mc > 0 && prev >= 0) {
      // Every present value left, the missing ones right.
      const r2 = t2 - a2;
      if (
        ac >= minSamplesLeaf &&
        mc >= minSamplesLeaf &&
        a2 >= minChildWeight &&
        r2 >= minChildWeight &&
        a2 > 0 &&
        r2 > 0
      ) {
        const score = sideScore(criterion, a1, a2, l2) + sideScore(criterion, t1 - a1, r2, l2);
        if (score > best.score) record(best, score, feature, prev, NO_BIN, 0, a1, a2, ac);
      }
    }
  }
  return nonEmpty > 1;
}

function record(
  best: SplitCandidate,
  score: number,
  feature: number,
  binLeft: number,
  binRight: number,
  missingLeft: number,
  l1: number,
  l2: number,
  lc: number,
): void {
  best.score = score;
  best.feature = feature;
  best.binLeft = binLeft;
  best.binRight = binRight;
  best.missingLeft = missingLeft;
  best.l1 = l1;
  best.l2 = l2;
  best.lc = lc;
}
