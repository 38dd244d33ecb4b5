import type { Rng } from '../../random/rng.js';
import type { GrowerInput, GrowerParams, GrownTree, OpenNode } from './grower-types.js';
import {
  ALL_BINS,
  buildFeatureHistogram,
  buildSparseHistogram,
  clearSparseHistogram,
  HistogramLayout,
  HistogramPool,
  NO_BIN,
  subtractHistogram,
} from './histogram.js';
import { type HistogramBuilder, JsHistogramBuilder } from './histogram-builder.js';
import { NodeArrays } from './node-arrays.js';
import {
  type Criterion,
  NEWTON,
  SplitCandidate,
  type SplitRules,
  scanFeature,
  sideScore,
} from './split-finder.js';

/**
 * Grows one tree on binned features by histogram split finding, for CART, random forests and gradient
 * boosting alike. Each row carries two channels: a classifier passes (weight * label, weight), a boosted
 * tree passes (gradient, hessian).
 *
 * - Depth-first (preorder) growth without a leaf limit; best-first (highest gain) with `maxLeafNodes`.
 * - With `maxFeatures` below the feature count (random forests), each split draws a fresh random subset
 *   of features, continuing past `maxFeatures` until a non-constant one is found (as scikit-learn);
 *   otherwise every feature is scanned and a child's histogram is its parent's minus its sibling's.
 * - Thresholds are the bin edge (`edge`, as HistGradientBoosting) or the midpoint between the largest
 *   value left and the smallest value right in the node's bins (`midpoint`, as exact CART).
 */
const EPSILON = 2.220446049250313e-16;
/** Nodes with at most this many rows scan only the codes present (sampled-feature growth). */
const SPARSE_NODE_ROWS = 96;

export function growTree(input: GrowerInput, params: GrowerParams, rng: Rng): GrownTree {
  return new TreeGrower(input, params, rng).grow();
}

class TreeGrower {
  readonly #in: GrowerInput;
  readonly #p: GrowerParams;
  readonly #rng: Rng;
  readonly #rules: SplitRules;
  readonly #nFeatures: number;
  readonly #sampled: boolean;
  readonly #perm: Int32Array;
  readonly #g1: Float64Array;
  readonly #g2: Float64Array;
  /** One feature's histogram, all zeros between uses. */
  readonly #scratch = new Float64Array(3 * 256);
  readonly #present = new Int32Array(256);
  readonly #layout: HistogramLayout;
  readonly #pool: HistogramPool;
  readonly #builder: HistogramBuilder | null;
  readonly #cand = new SplitCandidate();
  readonly #importance: Float64Array;
  #rootWeight = 0;
  readonly #nodes = new NodeArrays();

  constructor(input: GrowerInput, params: GrowerParams, rng: Rng) {
    this.#in = input;
    this.#p = params;
    this.#rng = rng;
    this.#rules = {
      criterion: params.criterion,
      minSamplesLeaf: Math.max(1, params.minSamplesLeaf),
      minChildWeight: params.minChildWeight,
      l2: params.l2,
    };
    this.#nFeatures = input.mapper.nFeatures;
    this.#sampled = params.maxFeatures < this.#nFeatures;
    this.#perm = Int32Array.from({ length: this.#nFeatures }, (_, i) => i);
    this.#g1 = new Float64Array(input.rows.length);
    this.#g2 = new Float64Array(input.rows.length);
    this.#importance = new Float64Array(this.#nFeatures);
    this.#layout = new HistogramLayout(input.mapper.nBins);
    this.#pool = input.pool ?? new HistogramPool(this.#layout.size);
    if (this.#pool.size !== this.#layout.size) throw new Error('histogram pool does not match the bins');
    const b = input.builder;
    if (
      b &&
      (b.s1 !== input.s1 ||
        b.s2 !== input.s2 ||
        b.rows.buffer !== input.rows.buffer ||
        b.rows.byteOffset !== input.rows.byteOffset)
    ) {
      throw new Error('the histogram builder must own the rows and channel arrays');
    }
    this.#builder = this.#sampled
      ? null
      : (b ?? new JsHistogramBuilder(input.codes, input.nRows, this.#layout, input.rows, input.s1, input.s2));
  }

  grow(): GrownTree {
    const { rows, s1, s2 } = this.#in;
    let t1 = 0;
    let t2 = 0;
    for (let i = 0; i < rows.length; i++) {
      t1 += s1[rows[i]!]!;
      t2 += s2[rows[i]!]!;
    }
    this.#rootWeight = t2;
    const root = this.#newNode(0, rows.length, 0, t1, t2, rows.length);
    const bestFirst = Number.isFinite(this.#p.maxLeafNodes);
    const open: OpenNode[] = [];
    if (this.#canSplit(root)) {
      if (!this.#sampled) {
        root.hist = this.#acquire();
        this.#buildAll(root, root.hist);
      }
      root.split = this.#findSplit(root);
    }
    if (root.split) open.push(root);
    else this.#release(root);
    let leaves = 1;
    while (open.length > 0) {
      let node: OpenNode;
      if (bestFirst) {
        if (leaves >= this.#p.maxLeafNodes) break;
        let k = 0;
        for (let i = 1; i < open.length; i++) if (this.#gain(open[i]!) > this.#gain(open[k]!)) k = i;
        node = open[k]!;
        open[k] = open[open.length - 1]!;
        open.pop();
      } else {
        node = open.pop()!;
      }
      const split = node.split!;
      if (!this.#accept(node, split)) {
        this.#release(node);
        continue;
      }
      const [l, r] = this.#split(node, split);
      leaves++;
      const canL = this.#canSplit(l);
      const canR = this.#canSplit(r);
      if (!this.#sampled && (canL || canR)) {
        // The smaller child's histogram is built; the larger one's is the parent's minus it.
        const [small, large] = l.count <= r.count ? [l, r] : [r, l];
        small.hist = this.#acquire();
        this.#buildAll(small, small.hist);
        large.hist = node.hist;
        node.hist = null;
        subtractHistogram(large.hist!, small.hist, this.#layout.size);
      }
      this.#release(node);
      if (canL) l.split = this.#findSplit(l);
      if (canR) r.split = this.#findSplit(r);
      for (const c of [r, l]) {
        // right pushed first, so that depth-first growth visits the left child first
        if (c.split) open.push(c);
        else this.#release(c);
      }
    }
    for (const node of open) this.#release(node);
    const nodes = this.#nodes;
    return {
      tree: nodes.toFlatTree(),
      importance: this.#importance,
      nodeStart: nodes.start.slice(0, nodes.count),
      nodeEnd: nodes.end.slice(0, nodes.count),
    };
  }

  #canSplit(node: OpenNode): boolean {
    const p = this.#p;
    if (node.depth >= p.maxDepth) return false;
    if (node.count < p.minSamplesSplit || node.count < 2 * this.#rules.minSamplesLeaf) return false;
    if (node.s2 < 2 * p.minChildWeight) return false;
    if (p.criterion !== NEWTON && impurity(p.criterion, node.s1, node.s2) <= EPSILON) return false;
    return true;
  }

  /** Whether the best split is good enough to make. */
  #accept(node: OpenNode, split: SplitCandidate): boolean {
    if (split.feature < 0) return false;
    const p = this.#p;
    if (p.criterion === NEWTON) return gainOfSplit(node, split, p.l2) > p.minGainToSplit;
    const decrease = this.#impurityDecrease(node, split) / this.#rootWeight;
    return decrease + EPSILON >= p.minImpurityDecrease;
  }

  /** What splitting the node would gain: the Newton gain, or the weighted impurity decrease. */
  #gain(node: OpenNode): number {
    const split = node.split!;
    return this.#p.criterion === NEWTON
      ? gainOfSplit(node, split, this.#p.l2)
      : this.#impurityDecrease(node, split);
  }

  #impurityDecrease(node: OpenNode, split: SplitCandidate): number {
    const c = this.#p.criterion;
    return (
      node.s2 * impurity(c, node.s1, node.s2) -
      split.l2 * impurity(c, split.l1, split.l2) -
      (node.s2 - split.l2) * impurity(c, node.s1 - split.l1, node.s2 - split.l2)
    );
  }

  #findSplit(node: OpenNode): SplitCandidate | null {
    return this.#sampled ? this.#findSplitSampled(node) : this.#findSplitAll(node);
  }

  #findSplitAll(node: OpenNode): SplitCandidate | null {
    const best = new SplitCandidate();
    const nBins = this.#in.mapper.nBins;
    const offset = this.#layout.offset;
    for (let f = 0; f < this.#nFeatures; f++) {
      const nb = nBins[f]!;
      scanFeature(
        node.hist!,
        offset[f]!,
        ALL_BINS,
        nb,
        nb,
        f,
        node.s1,
        node.s2,
        node.count,
        this.#rules,
        best,
      );
    }
    return best.feature >= 0 ? best : null;
  }

  #findSplitSampled(node: OpenNode): SplitCandidate | null {
    const best = this.#cand;
    best.reset();
    const { codes, nRows, rows } = this.#in;
    const nBins = this.#in.mapper.nBins;
    this.#gather(node);
    const perm = this.#perm;
    const nf = this.#nFeatures;
    const hist = this.#scratch;
    const present = this.#present;
    const g1 = this.#g1;
    const g2 = this.#g2;
    const constant = (node.constant ??= new Uint8Array(nf));
    let visited = 0;
    let foundVariable = false;
    for (let i = 0; i < nf && (visited < this.#p.maxFeatures || !foundVariable); i++) {
      const j = i + this.#rng.int(nf - i);
      const f = perm[j]!;
      perm[j] = perm[i]!;
      perm[i] = f;
      visited++;
      if (constant[f]) continue; // counts as visited without a histogram, as scikit-learn
      let variable: boolean;
      const nb = nBins[f]!;
      if (node.count <= SPARSE_NODE_ROWS) {
        // Few rows: visit only the codes present instead of all the bins.
        const np = buildSparseHistogram(
          codes,
          f * nRows,
          nb,
          rows,
          node.start,
          node.end,
          g1,
          g2,
          hist,
          present,
        );
        variable = scanFeature(hist, 0, present, np, nb, f, node.s1, node.s2, node.count, this.#rules, best);
        clearSparseHistogram(hist, present, np, nb);
      } else {
        buildFeatureHistogram(codes, f * nRows, rows, node.start, node.end, g1, g2, hist, 0);
        variable = scanFeature(hist, 0, ALL_BINS, nb, nb, f, node.s1, node.s2, node.count, this.#rules, best);
        hist.fill(0, 0, 3 * (nb + 1));
      }
      if (variable) foundVariable = true;
      else constant[f] = 1;
    }
    if (best.feature < 0) return null;
    const copy = new SplitCandidate();
    copy.copyFrom(best);
    return copy;
  }

  /** Gathers the node's channel values in row order into the scratch arrays g1/g2 (from index 0). */
  #gather(node: OpenNode): void {
    const { rows, s1, s2 } = this.#in;
    const g1 = this.#g1;
    const g2 = this.#g2;
    for (let i = node.start, k = 0; i < node.end; i++, k++) {
      const r = rows[i]!;
      g1[k] = s1[r]!;
      g2[k] = s2[r]!;
    }
  }

  #buildAll(node: OpenNode, hist: Float64Array): void {
    this.#builder!.buildAll(node.start, node.end, hist);
  }

  /** Partitions the node's rows, records it as internal and returns its two children. */
  #split(node: OpenNode, split: SplitCandidate): [OpenNode, OpenNode] {
    const { codes, nRows, rows, mapper } = this.#in;
    const f = split.feature;
    const base = f * nRows;
    const rc = node.count - split.lc;
    const missingLeft = split.missingLeft === 2 ? (split.lc > rc ? 1 : 0) : split.missingLeft;
    const binLeft = split.binLeft;
    const missing = mapper.nBins[f]!;
    let i = node.start;
    let j = node.end - 1;
    while (i <= j) {
      const r = rows[i]!;
      const code = codes[base + r]!;
      const goLeft = code === missing ? missingLeft === 1 : code <= binLeft;
      if (goLeft) i++;
      else {
        rows[i] = rows[j]!;
        rows[j] = r;
        j--;
      }
    }
    const mid = i;
    const id = node.id;
    const nodes = this.#nodes;
    nodes.feature[id] = f;
    nodes.missingLeft[id] = missingLeft;
    if (split.binRight === NO_BIN) nodes.threshold[id] = Number.POSITIVE_INFINITY;
    else if (this.#p.thresholdMode === 'edge') nodes.threshold[id] = mapper.thresholds[f]![binLeft]!;
    else nodes.threshold[id] = (mapper.binMax[f]![binLeft]! + mapper.binMin[f]![split.binRight]!) * 0.5;
    this.#importance[f] =
      this.#importance[f]! +
      (this.#p.criterion === NEWTON
        ? gainOfSplit(node, split, this.#p.l2)
        : this.#impurityDecrease(node, split));
    const l = this.#newNode(node.start, mid, node.depth + 1, split.l1, split.l2, split.lc);
    const r = this.#newNode(mid, node.end, node.depth + 1, node.s1 - split.l1, node.s2 - split.l2, rc);
    nodes.left[id] = l.id;
    nodes.right[id] = r.id;
    if (node.constant) {
      l.constant = node.constant.slice();
      r.constant = node.constant;
    }
    return [l, r];
  }

  #newNode(start: number, end: number, depth: number, s1: number, s2: number, count: number): OpenNode {
    const p = this.#p;
    const value = p.criterion === NEWTON ? (-p.shrinkage * s1) / (s2 + p.l2) : s1 / s2;
    const id = this.#nodes.add(start, end, value, s2);
    return { id, start, end, depth, s1, s2, count, hist: null, split: null, constant: null };
  }

  #acquire(): Float64Array {
    return this.#pool.acquire();
  }

  #release(node: OpenNode): void {
    if (node.hist) this.#pool.release(node.hist);
    node.hist = null;
  }
}

function gainOfSplit(node: OpenNode, split: SplitCandidate, l2: number): number {
  return split.score - sideScore(NEWTON, node.s1, node.s2, l2);
}

/** Impurity (not weighted) of a node with weighted positives s1 out of weight s2. */
function impurity(criterion: Criterion, s1: number, s2: number): number {
  if (s2 <= 0) return 0;
  return -sideScore(criterion, s1, s2, 0) / s2;
}
