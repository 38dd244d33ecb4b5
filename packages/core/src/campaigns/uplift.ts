/**
 * Uplift by decile and the Qini curve, with the definitions of scikit-uplift 0.5
 * (sklift.metrics.qini_curve, perfect_qini_curve and qini_auc_score with negative_effect=True), which
 * follow Radcliffe (2007), "Using control groups to target on predicted lift", DMA Analytics Journal.
 * Customers are ranked by decreasing score; at each distinct score threshold with N_T treated (Y_T of them
 * converting, or summing their outcome) and N_C control (Y_C) ranked above it,
 *   Qini(N) = Y_T - Y_C N_T / N_C          (0 while N_C = 0),
 * with the point (0, 0) in front. The Qini coefficient is the area between the model's curve and the
 * straight line to the curve's end, over the same area for the perfect ranking (treated converters first,
 * control converters last); areas by the trapezoid rule. 1 is a perfect ranking, 0 random, < 0 worse.
 */

export interface QiniCurve {
  /** Number of customers ranked at or above each threshold (starting at 0). */
  x: Float64Array;
  y: Float64Array;
}

function checkInputs(score: Float64Array, treatment: Uint8Array, outcome: Float64Array): void {
  const n = score.length;
  if (treatment.length !== n) throw new Error(`treatment must have ${n} entries, got ${treatment.length}`);
  if (outcome.length !== n) throw new Error(`outcome must have ${n} entries, got ${outcome.length}`);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(score[i]!)) throw new Error(`score[${i}] is NaN`);
    if (treatment[i]! > 1) throw new Error(`treatment[${i}] must be 0 or 1, got ${treatment[i]}`);
    if (!Number.isFinite(outcome[i]!)) throw new Error(`outcome[${i}] must be finite, got ${outcome[i]}`);
  }
}

/** Indices by decreasing score (ties in index order). */
export function rankByScore(score: Float64Array): Int32Array {
  const order = Array.from({ length: score.length }, (_, i) => i);
  order.sort((a, b) => score[b]! - score[a]! || a - b);
  return Int32Array.from(order);
}

/** The Qini curve of a score (see the file comment). */
export function qiniCurve(score: Float64Array, treatment: Uint8Array, outcome: Float64Array): QiniCurve {
  checkInputs(score, treatment, outcome);
  const order = rankByScore(score);
  const n = score.length;
  const xs: number[] = [0];
  const ys: number[] = [0];
  let nT = 0;
  let yT = 0;
  let yC = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    if (treatment[i]) {
      nT++;
      yT += outcome[i]!;
    } else yC += outcome[i]!;
    const last = r === n - 1 || score[order[r + 1]!]! !== score[i]!;
    if (!last) continue;
    const all = r + 1;
    const nC = all - nT;
    xs.push(all);
    ys.push(yT - (nC > 0 ? (yC * nT) / nC : 0));
  }
  return { x: Float64Array.from(xs), y: Float64Array.from(ys) };
}

/** The Qini curve of the perfect ranking: score y for treated, -y for control. */
export function perfectQiniCurve(treatment: Uint8Array, outcome: Float64Array): QiniCurve {
  const perfect = new Float64Array(outcome.length);
  for (let i = 0; i < outcome.length; i++) perfect[i] = treatment[i] ? outcome[i]! : -outcome[i]!;
  return qiniCurve(perfect, treatment, outcome);
}

function trapezoid(x: Float64Array, y: Float64Array): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return area;
}

/** Qini coefficient: (area of the model - random) / (area of the perfect ranking - random). */
export function qiniCoefficient(score: Float64Array, treatment: Uint8Array, outcome: Float64Array): number {
  const actual = qiniCurve(score, treatment, outcome);
  const perfect = perfectQiniCurve(treatment, outcome);
  const endX = perfect.x[perfect.x.length - 1]!;
  const endY = perfect.y[perfect.y.length - 1]!;
  const random = (endX * endY) / 2;
  return (trapezoid(actual.x, actual.y) - random) / (trapezoid(perfect.x, perfect.y) - random);
}

export interface UpliftBin {
  /**
   * Treated and control customers in the bin. Where tied scores straddle a bin's edge, the expected
   * number under a random order of the tied customers (so it may be fractional), as liftTable counts.
   */
  treated: number;
  control: number;
  treatedRate: number;
  controlRate: number;
  /** treatedRate - controlRate (mean outcome difference when outcomes are values). */
  uplift: number;
}

export interface UpliftReport {
  /** True when every bin has at least minPerCell treated and minPerCell control customers. */
  enough: boolean;
  minPerCell: number;
  /** Bins by decreasing score: bin b holds ranks [floor(b n / bins), floor((b + 1) n / bins)). */
  bins: UpliftBin[];
  /** The Qini curve and coefficient; NaN coefficient and empty curve when not enough data. */
  qini: QiniCurve;
  qiniCoefficient: number;
}

/**
 * Uplift by bin of the score (deciles by default) and the Qini curve. "Enough data": at least minPerCell
 * (default 30) treated and 30 control customers in every bin, so that each bin's rate difference is an
 * average of at least 30 outcomes per side; otherwise the bins are returned for inspection but the Qini
 * curve is left empty, since a curve on a handful of control customers mostly shows noise.
 */
export function upliftByBin(
  score: Float64Array,
  treatment: Uint8Array,
  outcome: Float64Array,
  options: { bins?: number; minPerCell?: number } = {},
): UpliftReport {
  checkInputs(score, treatment, outcome);
  const bins = options.bins ?? 10;
  const minPerCell = options.minPerCell ?? 30;
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`bins must be an integer >= 1, got ${bins}`);
  if (!(Number.isInteger(minPerCell) && minPerCell >= 1)) {
    throw new Error(`minPerCell must be an integer >= 1, got ${minPerCell}`);
  }
  const n = score.length;
  const order = rankByScore(score);
  // Per bin: treated, control, their outcome sums. A run of tied scores is shared among the bins its
  // ranks fall in, each taking its share of the run's counts: split by input order instead, a constant
  // score showed decile uplifts from 0.05 to 0.47 on outcomes that only followed the order of the rows.
  const cells = new Float64Array(bins * 4);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && score[order[end]!] === score[order[start]!]) end++;
    let nT = 0;
    let nC = 0;
    let sT = 0;
    let sC = 0;
    for (let r = start; r < end; r++) {
      const i = order[r]!;
      if (treatment[i]) {
        nT++;
        sT += outcome[i]!;
      } else {
        nC++;
        sC += outcome[i]!;
      }
    }
    for (let b = Math.floor((start * bins) / n); b < bins; b++) {
      const from = Math.floor((b * n) / bins);
      const to = Math.floor(((b + 1) * n) / bins);
      if (from >= end) break;
      const share = (Math.min(to, end) - Math.max(from, start)) / (end - start);
      if (share <= 0) continue;
      cells[b * 4] = cells[b * 4]! + share * nT;
      cells[b * 4 + 1] = cells[b * 4 + 1]! + share * nC;
      cells[b * 4 + 2] = cells[b * 4 + 2]! + share * sT;
      cells[b * 4 + 3] = cells[b * 4 + 3]! + share * sC;
    }
    start = end;
  }
  const out: UpliftBin[] = [];
  let enough = n > 0;
  for (let b = 0; b < bins; b++) {
    const [nT, nC, sT, sC] = [cells[b * 4]!, cells[b * 4 + 1]!, cells[b * 4 + 2]!, cells[b * 4 + 3]!];
    if (nT < minPerCell || nC < minPerCell) enough = false;
    const treatedRate = nT > 0 ? sT / nT : Number.NaN;
    const controlRate = nC > 0 ? sC / nC : Number.NaN;
    out.push({ treated: nT, control: nC, treatedRate, controlRate, uplift: treatedRate - controlRate });
  }
  if (!enough) {
    return {
      enough,
      minPerCell,
      bins: out,
      qini: { x: new Float64Array(0), y: new Float64Array(0) },
      qiniCoefficient: Number.NaN,
    };
  }
  return {
    enough,
    minPerCell,
    bins: out,
    qini: qiniCurve(score, treatment, outcome),
    qiniCoefficient: qiniCoefficient(score, treatment, outcome),
  };
}
