import { checkLengths } from './threshold.js';

export interface LiftRow {
  /** 1 for the top 10% of scores, 2 for the next, ... */
  decile: number;
  count: number;
  positives: number;
  /** Positives / count in this decile. */
  responseRate: number;
  /** Response rate over the overall positive rate. */
  lift: number;
  /** Share of all positives found in deciles 1..this one. */
  cumulativeGain: number;
  /** Response rate of deciles 1..this one over the overall rate. */
  cumulativeLift: number;
}

/**
 * Lift and cumulative gain by group of the score ranking (deciles by default): the marketer's view of
 * how many buyers the top 10% of scores holds. Examples are ranked by descending score (ties in input
 * order); group g holds ranks floor(n (g-1) / G) .. floor(n g / G) - 1.
 */
export function liftTable(yTrue: ArrayLike<number>, scores: ArrayLike<number>, groups = 10): LiftRow[] {
  checkLengths(yTrue, scores);
  const n = yTrue.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  let totalPositives = 0;
  for (let i = 0; i < n; i++) if (yTrue[i] === 1) totalPositives++;
  const baseRate = totalPositives / n;
  const rows: LiftRow[] = [];
  let cumCount = 0;
  let cumPositives = 0;
  for (let g = 0; g < groups; g++) {
    const start = Math.floor((n * g) / groups);
    const end = Math.floor((n * (g + 1)) / groups);
    let positives = 0;
    for (let r = start; r < end; r++) if (yTrue[order[r]!] === 1) positives++;
    const count = end - start;
    cumCount += count;
    cumPositives += positives;
    const responseRate = count > 0 ? positives / count : Number.NaN;
    rows.push({
      decile: g + 1,
      count,
      positives,
      responseRate,
      lift: responseRate / baseRate,
      cumulativeGain: totalPositives > 0 ? cumPositives / totalPositives : Number.NaN,
      cumulativeLift: cumCount > 0 ? cumPositives / cumCount / baseRate : Number.NaN,
    });
  }
  return rows;
}
