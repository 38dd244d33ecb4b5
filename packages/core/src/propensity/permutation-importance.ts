import { createRng } from '../random/rng.js';
import { createFeatureMatrix, type FeatureMatrix } from '../tabular/feature-matrix.js';
import { rocAuc } from './metrics/ranking.js';

/**
 * Permutation importance for any classifier, as scikit-learn's `permutation_importance`: how much a score
 * (ROC AUC by default; higher must be better) drops when one column's values are shuffled across rows,
 * breaking its link to the label. Repeated `nRepeats` times per column with a seeded shuffle.
 */
export interface PermutationImportanceOptions {
  nRepeats?: number;
  seed?: number;
  /** Score of probabilities against labels, higher is better (default ROC AUC). */
  score?: (yTrue: ArrayLike<number>, proba: Float64Array) => number;
  /** Columns to permute (default all). */
  columns?: readonly number[];
}

export interface PermutationImportanceResult {
  baseline: number;
  /** Per column: mean and population standard deviation of the drop in score (0 for columns not permuted). */
  mean: Float64Array;
  std: Float64Array;
  /** Per column: the drop in each repeat (empty for columns not permuted). */
  drops: Float64Array[];
}

export function permutationImportance(
  model: { predictProba(x: FeatureMatrix): Float64Array },
  x: FeatureMatrix,
  y: ArrayLike<number>,
  options: PermutationImportanceOptions = {},
): PermutationImportanceResult {
  const nRepeats = options.nRepeats ?? 5;
  const score = options.score ?? rocAuc;
  const rng = createRng(options.seed ?? 0);
  const columns = options.columns ?? Array.from({ length: x.nCols }, (_, j) => j);
  const baseline = score(y, model.predictProba(x));
  const mean = new Float64Array(x.nCols);
  const std = new Float64Array(x.nCols);
  const drops: Float64Array[] = Array.from({ length: x.nCols }, () => new Float64Array(0));
  const work = x.data.slice();
  const permuted = createFeatureMatrix(work, x.nRows, x.nCols, x.columns);
  const order = new Uint32Array(x.nRows);
  for (const j of columns) {
    const d = new Float64Array(nRepeats);
    for (let r = 0; r < nRepeats; r++) {
      for (let i = 0; i < x.nRows; i++) order[i] = i;
      for (let i = x.nRows - 1; i > 0; i--) {
        const k = rng.int(i + 1);
        const t = order[i]!;
        order[i] = order[k]!;
        order[k] = t;
      }
      for (let i = 0; i < x.nRows; i++) work[i * x.nCols + j] = x.data[order[i]! * x.nCols + j]!;
      d[r] = baseline - score(y, model.predictProba(permuted));
    }
    for (let i = 0; i < x.nRows; i++) work[i * x.nCols + j] = x.data[i * x.nCols + j]!;
    let m = 0;
    for (const v of d) m += v;
    m /= nRepeats;
    let s = 0;
    for (const v of d) s += (v - m) * (v - m);
    mean[j] = m;
    std[j] = Math.sqrt(s / nRepeats);
    drops[j] = d;
  }
  return { baseline, mean, std, drops };
}
