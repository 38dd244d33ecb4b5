import { createRng, type Rng } from '../../random/rng.js';
import { BinMapper } from '../trees/bin-mapper.js';
import type { FlatTree } from '../trees/flat-tree.js';
import type { Criterion } from '../trees/split-finder.js';
import { growTree } from '../trees/tree-grower.js';

/**
 * Everything needed to grow any tree of a forest, in a form that crosses to a worker thread: the binned
 * training data (shared, not copied, when its buffer is a SharedArrayBuffer), the bin edges, the tree
 * parameters and one seed per tree. Tree t depends only on the job and seeds[t], so a forest is the
 * same whichever thread grows which tree.
 */
export interface ForestJob {
  codes: Uint8Array;
  nRows: number;
  y: Uint8Array;
  weights: Float64Array | null;
  thresholds: Float64Array[];
  binMin: Float64Array[];
  binMax: Float64Array[];
  seeds: Uint32Array;
  bootstrap: boolean;
  /** Rows drawn per bootstrap sample. */
  maxSamples: number;
  criterion: Criterion;
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  minImpurityDecrease: number;
  maxFeatures: number;
}

export interface ForestTreeResult {
  tree: FlatTree;
  /** This tree's impurity importances, normalized to sum to 1 (as scikit-learn averages them). */
  importance: Float64Array;
}

/** Bootstrap counts of tree t: `maxSamples` draws with replacement (the first use of the tree's rng). */
export function bootstrapCounts(rng: Rng, nRows: number, maxSamples: number): Uint32Array {
  const counts = new Uint32Array(nRows);
  for (let i = 0; i < maxSamples; i++) counts[rng.int(nRows)]!++;
  return counts;
}

export function growForestTree(job: ForestJob, t: number): ForestTreeResult {
  const rng = createRng(job.seeds[t]!);
  const n = job.nRows;
  const counts = job.bootstrap ? bootstrapCounts(rng, n, job.maxSamples) : null;
  const s1 = new Float64Array(n);
  const s2 = new Float64Array(n);
  const rows = new Uint32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const w = (counts ? counts[i]! : 1) * (job.weights ? job.weights[i]! : 1);
    if (w <= 0) continue;
    s1[i] = w * job.y[i]!;
    s2[i] = w;
    rows[m++] = i;
  }
  const mapper = new BinMapper(job.thresholds, job.binMin, job.binMax);
  const grown = growTree(
    { codes: job.codes, nRows: n, mapper, rows: rows.subarray(0, m), s1, s2 },
    {
      criterion: job.criterion,
      maxDepth: job.maxDepth,
      maxLeafNodes: Number.POSITIVE_INFINITY,
      minSamplesSplit: job.minSamplesSplit,
      minSamplesLeaf: job.minSamplesLeaf,
      minChildWeight: 0,
      l2: 0,
      shrinkage: 1,
      minImpurityDecrease: job.minImpurityDecrease,
      minGainToSplit: 0,
      maxFeatures: job.maxFeatures,
      thresholdMode: 'midpoint',
    },
    rng,
  );
  let s = 0;
  for (const v of grown.importance) s += v;
  const importance = s > 0 ? grown.importance.map((v) => v / s) : grown.importance;
  return { tree: grown.tree, importance };
}
