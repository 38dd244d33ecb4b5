/**
 * Per-customer summaries from transactions, as lifetimes' `summary_data_from_transaction_data`: the
 * inputs of BG/NBD, Gamma-Gamma and RFM. Columns in, columns out; no per-row objects.
 */

export interface TransactionColumns {
  /** Customer index per transaction, 0..nCustomers-1. */
  customer: Int32Array | Uint32Array;
  /** Transaction time in any unit with any origin (e.g. days since the epoch, fractional allowed). */
  time: Float64Array;
  /** Transaction value (optional; zeros when absent). */
  value?: Float64Array;
}

export interface SummaryOptions {
  /** End of the observation (calibration) period, in the unit of `time`; later transactions are ignored. */
  observationEnd: number;
  /** Number of customers (default: largest index + 1). */
  nCustomers?: number;
  /**
   * Merge transactions falling in the same period floor(time / period) (values summed, time = the period's
   * start; observationEnd is floored too), as lifetimes does with its `freq`. 0 (default) keeps every
   * transaction at its own time.
   */
  period?: number;
  /** Divide all output durations by this (e.g. 7 to go from days to weeks). Default 1. */
  timeScale?: number;
}

export interface CustomerSummary {
  /** Repeat transactions (transactions after the first). */
  x: Float64Array;
  /** Time from the first to the last transaction. */
  tx: Float64Array;
  /** Time from the first transaction to observationEnd (0 for customers with no transaction). */
  T: Float64Array;
  /** Mean value of the repeat transactions (0 when x = 0), Gamma-Gamma's zbar. */
  m: Float64Array;
  /** Transactions including the first (0 for customers with none before observationEnd). */
  orders: Float64Array;
  /** Time from the last transaction to observationEnd (RFM recency). */
  recency: Float64Array;
  /** Sum of all transaction values. */
  total: Float64Array;
}

/** Summarizes transactions per customer (see `CustomerSummary`). */
export function summarizeTransactions(tx: TransactionColumns, options: SummaryOptions): CustomerSummary {
  const len = tx.customer.length;
  if (tx.time.length !== len || (tx.value && tx.value.length !== len)) {
    throw new Error(`customer, time (and value) must have the same length (${len}, ${tx.time.length})`);
  }
  let maxC = -1;
  for (let i = 0; i < len; i++) {
    const c = tx.customer[i]!;
    if (!(c >= 0) || !Number.isInteger(c))
      throw new Error(`transaction ${i}: customer index must be an integer >= 0`);
    if (c > maxC) maxC = c;
  }
  const nC = options.nCustomers ?? maxC + 1;
  if (maxC >= nC) throw new Error(`customer index ${maxC} is out of range for nCustomers = ${nC}`);
  const period = options.period ?? 0;
  const scale = options.timeScale ?? 1;
  const floorT = (t: number): number => (period > 0 ? Math.floor(t / period) * period : t);
  const end = floorT(options.observationEnd);

  // Transactions up to the end, ordered by (customer, time).
  const idx: number[] = [];
  for (let i = 0; i < len; i++) if (tx.time[i]! <= options.observationEnd) idx.push(i);
  const order = Uint32Array.from(idx);
  order.sort((p, q) => tx.customer[p]! - tx.customer[q]! || tx.time[p]! - tx.time[q]!);

  const x = new Float64Array(nC);
  const txo = new Float64Array(nC);
  const T = new Float64Array(nC);
  const m = new Float64Array(nC);
  const orders = new Float64Array(nC);
  const recency = new Float64Array(nC);
  const total = new Float64Array(nC);
  let k = 0;
  while (k < order.length) {
    const c = tx.customer[order[k]!]!;
    const first = floorT(tx.time[order[k]!]!);
    let last = first;
    let count = 0;
    let repeatValue = 0;
    let sum = 0;
    let prevT = Number.NaN;
    for (; k < order.length && tx.customer[order[k]!] === c; k++) {
      const i = order[k]!;
      const t = floorT(tx.time[i]!);
      const v = tx.value ? tx.value[i]! : 0;
      sum += v;
      if (count === 0 || t !== prevT || period === 0) {
        count++;
        prevT = t;
        last = t;
      }
      if (count > 1) repeatValue += v;
    }
    orders[c] = count;
    x[c] = count - 1;
    txo[c] = (last - first) / scale;
    T[c] = (end - first) / scale;
    recency[c] = (end - last) / scale;
    m[c] = count > 1 ? repeatValue / (count - 1) : 0;
    total[c] = sum;
  }
  return { x, tx: txo, T, m, orders, recency, total };
}
