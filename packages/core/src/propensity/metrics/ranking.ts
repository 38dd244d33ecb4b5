import { checkRankingInputs } from './inputs.js';

/**
 * Ranking metrics of scores against 0/1 labels. Tied scores are one threshold: ROC AUC counts a tied
 * positive-negative pair as half right; average precision steps once per distinct score, both as
 * scikit-learn's `roc_auc_score` and `average_precision_score` do. Labels must be 0 or 1 and scores
 * finite (NaN and infinities are refused with their index, as scikit-learn refuses them).
 */

/** Example indices sorted by descending score (ties in index order). */
function orderByScoreDesc(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order;
}

function countPositives(yTrue: ArrayLike<number>): number {
  let p = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === 1) p++;
  return p;
}

/** Area under the ROC curve; NaN (with no error) when only one class is present. */
export function rocAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkRankingInputs(yTrue, scores);
  const nPos = countPositives(yTrue);
  const nNeg = yTrue.length - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  const order = orderByScoreDesc(scores);
  // Sum over tie groups: each negative in the group beats nothing above it; pairs ranked correctly are
  // (positives seen before the group) x (negatives in the group), plus half the pairs inside the group.
  let posAbove = 0;
  let correct = 0;
  for (let i = 0; i < order.length; ) {
    const s = scores[order[i]!]!;
    let pos = 0;
    let neg = 0;
    let j = i;
    while (j < order.length && scores[order[j]!] === s) {
      if (yTrue[order[j]!] === 1) pos++;
      else neg++;
      j++;
    }
    correct += neg * posAbove + 0.5 * neg * pos;
    posAbove += pos;
    i = j;
  }
  return correct / (nPos * nNeg);
}

/**
 * The standard error of a ROC AUC of `auc` measured on `positives` and `negatives` examples, by Hanley and
 * McNeil's approximation (Radiology 143:29-36, 1982, equation 2), from the AUC and the class counts alone:
 * how far another sample of the same size could move it. NaN without both classes.
 */
export function rocAucStandardError(auc: number, positives: number, negatives: number): number {
  if (!(positives > 0 && negatives > 0) || !Number.isFinite(auc)) return Number.NaN;
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const a2 = auc * auc;
  return Math.sqrt(
    (auc * (1 - auc) + (positives - 1) * (q1 - a2) + (negatives - 1) * (q2 - a2)) / (positives * negatives),
  );
}

/** Points of the ROC curve at each distinct threshold, from (0, 0) to (1, 1). */
export function rocCurve(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
): { fpr: Float64Array; tpr: Float64Array; thresholds: Float64Array } {
  checkRankingInputs(yTrue, scores);
  const nPos = countPositives(yTrue);
  const nNeg = yTrue.length - nPos;
  const order = orderByScoreDesc(scores);
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Number.POSITIVE_INFINITY];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    if (yTrue[order[i]!] === 1) tp++;
    else fp++;
    const s = scores[order[i]!]!;
    if (i + 1 === order.length || scores[order[i + 1]!] !== s) {
      fpr.push(nNeg === 0 ? Number.NaN : fp / nNeg);
      tpr.push(nPos === 0 ? Number.NaN : tp / nPos);
      thresholds.push(s);
    }
  }
  return {
    fpr: Float64Array.from(fpr),
    tpr: Float64Array.from(tpr),
    thresholds: Float64Array.from(thresholds),
  };
}

/**
 * Average precision (the area under the precision-recall curve as a step sum):
 * AP = sum over distinct thresholds of (R_n - R_{n-1}) * P_n. NaN when there are no positives.
 */
export function averagePrecision(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkRankingInputs(yTrue, scores);
  const nPos = countPositives(yTrue);
  if (nPos === 0) return Number.NaN;
  const order = orderByScoreDesc(scores);
  let tp = 0;
  let seen = 0;
  let prevRecall = 0;
  let ap = 0;
  for (let i = 0; i < order.length; i++) {
    if (yTrue[order[i]!] === 1) tp++;
    seen++;
    if (i + 1 === order.length || scores[order[i + 1]!] !== scores[order[i]!]) {
      const r = tp / nPos;
      ap += (r - prevRecall) * (tp / seen);
      prevRecall = r;
    }
  }
  return ap;
}

/** PR AUC, reported as average precision (the step-sum definition, not the trapezoid). */
export const prAuc = averagePrecision;
