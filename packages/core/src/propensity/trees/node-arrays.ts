import type { FlatTree } from './flat-tree.js';

/**
 * The nodes of a tree being grown, in typed arrays that double when full: the flat tree's arrays plus
 * each node's range of rows in the grower's row permutation.
 */
export class NodeArrays {
  count = 0;
  feature = new Int32Array(64);
  threshold = new Float64Array(64);
  missingLeft = new Uint8Array(64);
  left = new Int32Array(64);
  right = new Int32Array(64);
  value = new Float64Array(64);
  weight = new Float64Array(64);
  start = new Int32Array(64);
  end = new Int32Array(64);

  /** Appends a leaf and returns its id. */
  add(start: number, end: number, value: number, weight: number): number {
    if (this.count === this.feature.length) this.#grow(2 * this.count);
    const id = this.count++;
    this.feature[id] = -1;
    this.left[id] = -1;
    this.right[id] = -1;
    this.threshold[id] = Number.NaN;
    this.missingLeft[id] = 0;
    this.value[id] = value;
    this.weight[id] = weight;
    this.start[id] = start;
    this.end[id] = end;
    return id;
  }

  toFlatTree(): FlatTree {
    const n = this.count;
    return {
      nNodes: n,
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      missingLeft: this.missingLeft.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      value: this.value.slice(0, n),
      weight: this.weight.slice(0, n),
    };
  }

  #grow(cap: number): void {
    const copy = <T extends Int32Array | Float64Array | Uint8Array>(a: T, Ctor: new (n: number) => T): T => {
      const b = new Ctor(cap);
      b.set(a);
      return b;
    };
    this.feature = copy(this.feature, Int32Array);
    this.threshold = copy(this.threshold, Float64Array);
    this.missingLeft = copy(this.missingLeft, Uint8Array);
    this.left = copy(this.left, Int32Array);
    this.right = copy(this.right, Int32Array);
    this.value = copy(this.value, Float64Array);
    this.weight = copy(this.weight, Float64Array);
    this.start = copy(this.start, Int32Array);
    this.end = copy(this.end, Int32Array);
  }
}
