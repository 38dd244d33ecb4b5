/**
 * The user x item interaction matrix every recommender fits on: CSR (rows = users) and CSC (columns =
 * items) on typed arrays, built from COO arrays (user index, item index, weight, time in ms).
 *
 * - Duplicates (the same user and item more than once) are combined: summed by default (implicit
 *   feedback: two views weigh more than one), or the latest one kept (`duplicates: 'last'`, for explicit
 *   ratings, which are kept apart from implicit interactions in a matrix of their own). The time of a
 *   combined entry is the latest time.
 * - Optional exponential time decay: each event's weight is multiplied by 0.5^(age / halfLife), age
 *   measured from `referenceTime` (default: the latest event), before duplicates are summed.
 * - Within a row, item indices are sorted ascending; within a column, user indices are sorted ascending.
 * - Weights and times must be finite (a NaN or an infinity is refused with its event index: the models
 *   would otherwise fit on it and return nothing, or garbage). A weight is a strength of interest, so
 *   negative weights are refused, except in a matrix of explicit ratings (`duplicates: 'last'`), where a
 *   rating scale may run below zero (-10..10, as Jester's); biased MF, which fits ratings, handles them.
 */
import type { IdMap } from './id-map.js';

export interface InteractionMatrix {
  readonly nUsers: number;
  readonly nItems: number;
  /** CSR by user: row u is indices[indptr[u] .. indptr[u+1]). */
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  /** Latest time (ms) of each CSR entry; 0 where no time was given. */
  readonly times: Float64Array;
  /** CSC by item: column i is rowind[colptr[i] .. colptr[i+1]). */
  readonly colptr: Int32Array;
  readonly rowind: Int32Array;
  readonly colValues: Float64Array;
  /** External string ids, where the matrix was built from them. */
  readonly userIds: IdMap | null;
  readonly itemIds: IdMap | null;
}

/** Interactions in coordinate form: parallel arrays, one entry per event. */
export interface CooInteractions {
  users: Int32Array;
  items: Int32Array;
  /** Defaults to 1 for every event. Finite; >= 0 unless `duplicates: 'last'` (ratings). */
  weights?: Float64Array;
  /** Event times in ms since the epoch (finite); defaults to 0. */
  times?: Float64Array;
}

export interface BuildOptions {
  /** Number of users; defaults to the largest user index + 1. */
  nUsers?: number;
  nItems?: number;
  /** 'sum' (default) adds the weights of repeated user-item events; 'last' keeps the latest event's. */
  duplicates?: 'sum' | 'last';
  /** Half-life of the exponential time decay in ms; no decay when absent. */
  halfLifeMs?: number;
  /** The time at which decay is measured from; defaults to the latest event time. */
  referenceTime?: number;
  userIds?: IdMap | null;
  itemIds?: IdMap | null;
}

/** Builds the interaction matrix from COO arrays (see the module comment for how events combine). */
export function buildInteractions(coo: CooInteractions, options: BuildOptions = {}): InteractionMatrix {
  const { users, items } = coo;
  const n = users.length;
  if (items.length !== n) throw new Error(`users (${n}) and items (${items.length}) differ in length`);
  if (coo.weights && coo.weights.length !== n) throw new Error('weights length differs from users length');
  if (coo.times && coo.times.length !== n) throw new Error('times length differs from users length');
  let maxUser = -1;
  let maxItem = -1;
  let maxTime = Number.NEGATIVE_INFINITY;
  for (let e = 0; e < n; e++) {
    const u = users[e]!;
    const i = items[e]!;
    if (u < 0 || i < 0) throw new Error(`negative index at event ${e}`);
    if (u > maxUser) maxUser = u;
    if (i > maxItem) maxItem = i;
    if (coo.times && coo.times[e]! > maxTime) maxTime = coo.times[e]!;
  }
  checkWeightsAndTimes(coo, options.duplicates === 'last');
  const nUsers = options.nUsers ?? maxUser + 1;
  const nItems = options.nItems ?? maxItem + 1;
  if (maxUser >= nUsers) throw new Error(`user index ${maxUser} out of range (nUsers ${nUsers})`);
  if (maxItem >= nItems) throw new Error(`item index ${maxItem} out of range (nItems ${nItems})`);

  const decay = options.halfLifeMs !== undefined && coo.times !== undefined;
  if (options.halfLifeMs !== undefined && !(options.halfLifeMs > 0))
    throw new Error('halfLifeMs must be > 0');
  const refTime = options.referenceTime ?? (Number.isFinite(maxTime) ? maxTime : 0);
  const lnHalfPerMs = decay ? Math.LN2 / options.halfLifeMs! : 0;

  // Two stable counting sorts (by item, then by user) order the events by (user, item, event order).
  const byItem = countingOrder(items, nItems, null);
  const order = countingOrder(users, nUsers, byItem);

  const indptr = new Int32Array(nUsers + 1);
  let indices = new Int32Array(n);
  let values = new Float64Array(n);
  let times = new Float64Array(n);
  const last = options.duplicates === 'last';
  let nnz = 0;
  let k = 0;
  for (let u = 0; u < nUsers; u++) {
    while (k < n && users[order[k]!] === u) {
      const item = items[order[k]!]!;
      let w = 0;
      let t = Number.NEGATIVE_INFINITY;
      for (; k < n && users[order[k]!] === u && items[order[k]!] === item; k++) {
        const e = order[k]!;
        const et = coo.times ? coo.times[e]! : 0;
        let ew = coo.weights ? coo.weights[e]! : 1;
        if (decay) ew *= Math.exp(-lnHalfPerMs * (refTime - et));
        if (last) {
          if (et >= t) w = ew;
        } else w += ew;
        if (et >= t) t = et;
      }
      // Finite weights can still overflow, summed or decayed from a referenceTime before the event.
      if (!Number.isFinite(w))
        throw new Error(
          `the weights of user ${u} and item ${item} combine to ${w}; expected a finite number`,
        );
      indices[nnz] = item;
      values[nnz] = w;
      times[nnz] = t;
      nnz++;
    }
    indptr[u + 1] = nnz;
  }
  if (nnz < n) {
    indices = indices.slice(0, nnz);
    values = values.slice(0, nnz);
    times = times.slice(0, nnz);
  }
  return fromCsr(nUsers, nItems, indptr, indices, values, times, options.userIds, options.itemIds);
}

/** Refuses a non-finite weight or time, and a negative weight outside a matrix of ratings. */
function checkWeightsAndTimes(coo: CooInteractions, ratings: boolean): void {
  const { weights, times } = coo;
  if (weights) {
    for (let e = 0; e < weights.length; e++) {
      const w = weights[e]!;
      if (!Number.isFinite(w)) throw new Error(`weight ${e} is ${w}; expected a finite number`);
      if (w < 0 && !ratings) {
        throw new Error(
          `weight ${e} is ${w}; implicit weights must be >= 0 (only explicit ratings, duplicates: 'last', may be negative)`,
        );
      }
    }
  }
  if (times) {
    for (let e = 0; e < times.length; e++) {
      if (!Number.isFinite(times[e]!)) throw new Error(`time ${e} is ${times[e]}; expected a finite number`);
    }
  }
}

/** Event ids ordered by `keys` (stable); `within` gives the order to keep among equal keys. */
function countingOrder(keys: Int32Array, nKeys: number, within: Int32Array | null): Int32Array {
  const n = keys.length;
  const start = new Int32Array(nKeys + 1);
  for (let e = 0; e < n; e++) start[keys[e]! + 1]!++;
  for (let key = 0; key < nKeys; key++) start[key + 1]! += start[key]!;
  const out = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const e = within ? within[r]! : r;
    out[start[keys[e]!]!++] = e;
  }
  return out;
}

/**
 * Wraps CSR arrays (rows sorted by item, no duplicates) into a matrix, computing the CSC view.
 * The arrays are used as they are, not copied.
 */
export function fromCsr(
  nUsers: number,
  nItems: number,
  indptr: Int32Array,
  indices: Int32Array,
  values: Float64Array,
  times: Float64Array = new Float64Array(indices.length),
  userIds: IdMap | null = null,
  itemIds: IdMap | null = null,
): InteractionMatrix {
  if (indptr.length !== nUsers + 1) throw new Error('indptr must have nUsers + 1 entries');
  const nnz = indptr[nUsers]!;
  // As buildInteractions: the models fit on these values, and a NaN or infinity leaves them nothing.
  for (let p = 0; p < nnz; p++)
    if (!Number.isFinite(values[p]!)) throw new Error(`value ${p} is ${values[p]}; expected a finite number`);
  const colptr = new Int32Array(nItems + 1);
  for (let p = 0; p < nnz; p++) colptr[indices[p]! + 1]!++;
  for (let i = 0; i < nItems; i++) colptr[i + 1]! += colptr[i]!;
  const rowind = new Int32Array(nnz);
  const colValues = new Float64Array(nnz);
  const fill = colptr.slice(0, nItems);
  for (let u = 0; u < nUsers; u++) {
    for (let p = indptr[u]!; p < indptr[u + 1]!; p++) {
      const q = fill[indices[p]!]!++;
      rowind[q] = u;
      colValues[q] = values[p]!;
    }
  }
  return { nUsers, nItems, indptr, indices, values, times, colptr, rowind, colValues, userIds, itemIds };
}

/** A matrix holding the entries of `m` whose CSR positions are flagged in `keep` (same shape and ids). */
export function selectEntries(m: InteractionMatrix, keep: Uint8Array): InteractionMatrix {
  let nnz = 0;
  for (let p = 0; p < keep.length; p++) nnz += keep[p]! ? 1 : 0;
  const indptr = new Int32Array(m.nUsers + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  const times = new Float64Array(nnz);
  let q = 0;
  for (let u = 0; u < m.nUsers; u++) {
    for (let p = m.indptr[u]!; p < m.indptr[u + 1]!; p++) {
      if (!keep[p]) continue;
      indices[q] = m.indices[p]!;
      values[q] = m.values[p]!;
      times[q] = m.times[p]!;
      q++;
    }
    indptr[u + 1] = q;
  }
  return fromCsr(m.nUsers, m.nItems, indptr, indices, values, times, m.userIds, m.itemIds);
}

/** The same matrix with every stored value replaced by `value` (e.g. 1 for binary implicit data). */
export function withConstantValues(m: InteractionMatrix, value = 1): InteractionMatrix {
  return fromCsr(
    m.nUsers,
    m.nItems,
    m.indptr,
    m.indices,
    new Float64Array(m.indices.length).fill(value),
    m.times,
    m.userIds,
    m.itemIds,
  );
}

/** Number of entries stored in the matrix. */
export function nnz(m: InteractionMatrix): number {
  return m.indptr[m.nUsers]!;
}

/** The items of user `u`'s row (a view, sorted ascending). */
export function userItems(m: InteractionMatrix, u: number): Int32Array {
  return m.indices.subarray(m.indptr[u]!, m.indptr[u + 1]!);
}

/** Per-item number of users with an entry (the item's popularity in this matrix). */
export function itemCounts(m: InteractionMatrix): Float64Array {
  const out = new Float64Array(m.nItems);
  for (let i = 0; i < m.nItems; i++) out[i] = m.colptr[i + 1]! - m.colptr[i]!;
  return out;
}

/** Binary search for item `i` in row `u`: its CSR position, or -1. */
export function findEntry(m: InteractionMatrix, u: number, i: number): number {
  let lo = m.indptr[u]!;
  let hi = m.indptr[u + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = m.indices[mid]!;
    if (v === i) return mid;
    if (v < i) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
