/**
 * RFM: recency, frequency and monetary scores 1..5 and named segments.
 *
 * ## The scoring rule (rank-based quintiles with ties kept together)
 * Sort the values from worst to best (for recency, more days is worse; for frequency and monetary, less is
 * worse). Every run of equal values shares its average rank rbar (1-based, like pandas'
 * `rank(method='average')`), and its base score is
 *
 *     base = ceil(5 * rbar / n)
 *
 * that is the quintile of the value's percentile rank rbar / n, with right-closed edges 0.2, 0.4, 0.6, 0.8
 * (exactly pandas' `pd.cut(s.rank(pct=True), [0, .2, .4, .6, .8, 1], labels=[1, 2, 3, 4, 5])`). Equal
 * values always get the same score, and without ties every score holds n/5 customers (rounded; a
 * remainder goes to the higher scores) and the scores agree with `pd.qcut(s.rank(method='first'), 5)`
 * whenever n is a multiple of 5.
 *
 * Large runs of ties would leave some scores empty (a small shop where most customers bought once) or start
 * above 1 (any shop where a fifth or more of the customers share the worst value, as the one-order customers
 * do for frequency: on Online Retail as of 2011-09-01 the repair changes 73% of the frequency scores), so the
 * base scores are repaired walking up the m distinct values (docs/segments.md has it as a pandas function): the worst value scores 1; when m >= 5
 * each next value scores its base clamped to [previous, previous + 1] and to at least 5 - (values left
 * above it), so every score 1..5 is used and the best value scores 5; when 2 <= m < 5 each next value
 * scores its base clamped to [previous + 1, 5 - (values left above it)], so distinct values get distinct
 * scores; a single distinct value scores 3. Where there are at least 5 values, the base scores already
 * step by at most one and start at 1 (always, without ties), the repair changes nothing. With fewer than 5
 * distinct values it spreads them out (two customers score 1 and 5, where pandas' `pd.cut` of the
 * percentile ranks gives 3 and 5).
 */

/** Score ranges are inclusive [min, max] on 1..5. */
export type ScoreRange = readonly [number, number];

export interface RfmSegmentRule {
  name: string;
  recency: ScoreRange;
  frequency: ScoreRange;
  /** Optional; the default map uses only R and F. */
  monetary?: ScoreRange;
}

/**
 * The default segment map on the R x F score grid. This is the grid widely used in RFM tutorials and tools
 * (the "seg_map" of R/F score patterns: [1-2][1-2] hibernating, [1-2][3-4] at risk, [1-2]5 can't lose,
 * 3[1-2] about to sleep, 33 need attention, [3-4][4-5] loyal, 41 promising, 51 new, [4-5][2-3] potential
 * loyalists, 5[4-5] champions), with its hibernating cell split so that the oldest recency score is "Lost",
 * the eleventh segment of the common named list (Champions ... Hibernating, Lost; e.g. Putler's RFM guide).
 *
 *            F=1            F=2            F=3             F=4        F=5
 *     R=5    New            Potential L.   Potential L.    Champions  Champions
 *     R=4    Promising      Potential L.   Potential L.    Loyal      Loyal
 *     R=3    About to Sleep About to Sleep Need Attention  Loyal      Loyal
 *     R=2    Hibernating    Hibernating    At Risk         At Risk    Can't Lose
 *     R=1    Lost           Lost           At Risk         At Risk    Can't Lose
 *
 * Every one of the 25 cells is covered exactly once.
 */
export const DEFAULT_RFM_SEGMENTS: readonly RfmSegmentRule[] = [
  { name: 'Champions', recency: [5, 5], frequency: [4, 5] },
  { name: 'Loyal', recency: [3, 4], frequency: [4, 5] },
  { name: 'Potential Loyalists', recency: [4, 5], frequency: [2, 3] },
  { name: 'New', recency: [5, 5], frequency: [1, 1] },
  { name: 'Promising', recency: [4, 4], frequency: [1, 1] },
  { name: 'Need Attention', recency: [3, 3], frequency: [3, 3] },
  { name: 'About to Sleep', recency: [3, 3], frequency: [1, 2] },
  { name: 'At Risk', recency: [1, 2], frequency: [3, 4] },
  { name: "Can't Lose", recency: [1, 2], frequency: [5, 5] },
  { name: 'Hibernating', recency: [2, 2], frequency: [1, 2] },
  { name: 'Lost', recency: [1, 1], frequency: [1, 2] },
];

/** Name given to customers that no rule matches (only possible with a custom map). */
export const UNMATCHED_SEGMENT = 'Other';

export interface QuintileScoreOptions {
  /** Number of scores (default 5). */
  bins?: number;
  /** True (default) when larger values are better; false for recency in days. */
  higherIsBetter?: boolean;
}

/** Scores 1..bins by the documented rank rule (see the module comment). NaN values are rejected. */
export function quantileScores(values: ArrayLike<number>, options: QuintileScoreOptions = {}): Uint8Array {
  const bins = options.bins ?? 5;
  if (!Number.isInteger(bins) || bins < 1 || bins > 255)
    throw new Error(`bins must be an integer in 1..255 (got ${bins})`);
  const sign = (options.higherIsBetter ?? true) ? 1 : -1;
  const n = values.length;
  const out = new Uint8Array(n);
  if (n === 0) return out;
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    // An infinity would make the sort's comparator NaN (Infinity - Infinity), and the bins arbitrary.
    if (!Number.isFinite(v)) throw new Error(`value ${i} is ${v}; expected a finite number`);
    key[i] = sign * v;
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((p, q) => key[p]! - key[q]! || p - q);

  // Blocks of equal keys: [start, end) in sorted order.
  const starts: number[] = [];
  for (let s = 0; s < n; s++) if (s === 0 || key[order[s]!] !== key[order[s - 1]!]) starts.push(s);
  const m = starts.length;
  let prev = 0;
  for (let j = 0; j < m; j++) {
    const s = starts[j]!;
    const e = j + 1 < m ? starts[j + 1]! : n;
    // ceil(bins * rbar / n) with rbar = (s + 1 + e) / 2, in integers.
    const twoN = 2 * n;
    let score = Math.floor((bins * (s + 1 + e) + twoN - 1) / twoN);
    score = Math.min(bins, Math.max(1, score));
    const left = m - 1 - j; // distinct values above this one
    if (m === 1) score = Math.ceil(bins / 2);
    else if (j === 0) score = 1;
    else if (m >= bins) score = Math.min(bins, Math.max(score, prev, bins - left), prev + 1);
    else score = Math.max(prev + 1, Math.min(score, bins - left));
    for (let k = s; k < e; k++) out[order[k]!] = score;
    prev = score;
  }
  return out;
}

export interface RfmInput {
  /** Days since the customer's last order (smaller is better). */
  recencyDays: ArrayLike<number>;
  /** Orders per customer. */
  frequency: ArrayLike<number>;
  /** Total spend per customer (also the revenue summed in the report). */
  monetary: ArrayLike<number>;
}

export interface RfmScores {
  recency: Uint8Array;
  frequency: Uint8Array;
  monetary: Uint8Array;
}

export interface RfmSegmentSummary {
  name: string;
  customers: number;
  /** customers / all customers. */
  customerShare: number;
  /** Sum of the monetary column over the segment. */
  revenue: number;
  /** revenue / total revenue (0 when total revenue is 0). */
  revenueShare: number;
}

export interface RfmResult {
  scores: RfmScores;
  /** Segment index per customer, into `segments`. */
  segment: Uint16Array;
  /** Distinct segment names in map order ('Other' last when some customer matched no rule). */
  segments: string[];
  /** One row per name of `segments`, including empty segments of the map. */
  report: RfmSegmentSummary[];
}

/** R, F and M scores 1..5 (recency: fewer days scores higher). */
export function rfmScores(input: RfmInput): RfmScores {
  const n = input.recencyDays.length;
  if (input.frequency.length !== n || input.monetary.length !== n) {
    throw new Error(
      `recencyDays, frequency and monetary must have the same length (${n}, ${input.frequency.length}, ${input.monetary.length})`,
    );
  }
  return {
    recency: quantileScores(input.recencyDays, { higherIsBetter: false }),
    frequency: quantileScores(input.frequency),
    monetary: quantileScores(input.monetary),
  };
}

/** Checks a segment map; throws naming the bad rule. */
export function validateRfmSegments(rules: readonly RfmSegmentRule[], bins = 5): void {
  if (rules.length === 0) throw new Error('segment map is empty');
  rules.forEach((rule, i) => {
    if (!rule.name) throw new Error(`segments[${i}].name is empty`);
    for (const field of ['recency', 'frequency', 'monetary'] as const) {
      const range = rule[field];
      if (range === undefined && field === 'monetary') continue;
      if (
        range?.length !== 2 ||
        !Number.isInteger(range[0]) ||
        !Number.isInteger(range[1]) ||
        range[0] < 1 ||
        range[1] > bins ||
        range[0] > range[1]
      ) {
        throw new Error(
          `segments[${i}].${field} must be [min, max] with 1 <= min <= max <= ${bins} (rule "${rule.name}")`,
        );
      }
    }
  });
}

/**
 * Segment of each customer: the first rule whose ranges contain its scores (rules may share a name to
 * cover a non-rectangular region). Returns indices into the returned `segments` names.
 */
export function assignRfmSegments(
  scores: RfmScores,
  rules: readonly RfmSegmentRule[] = DEFAULT_RFM_SEGMENTS,
): { segment: Uint16Array; segments: string[] } {
  validateRfmSegments(rules);
  const names: string[] = [];
  const ruleToName = rules.map((rule) => {
    let k = names.indexOf(rule.name);
    if (k < 0) k = names.push(rule.name) - 1;
    return k;
  });
  // 5 x 5 x 5 lookup table of segment index per (r, f, m) cell, -1 when unmatched.
  const table = new Int16Array(125).fill(-1);
  for (let r = 1; r <= 5; r++)
    for (let f = 1; f <= 5; f++)
      for (let m = 1; m <= 5; m++) {
        const k = rules.findIndex(
          (rule) =>
            r >= rule.recency[0] &&
            r <= rule.recency[1] &&
            f >= rule.frequency[0] &&
            f <= rule.frequency[1] &&
            (!rule.monetary || (m >= rule.monetary[0] && m <= rule.monetary[1])),
        );
        table[(r - 1) * 25 + (f - 1) * 5 + (m - 1)] = k < 0 ? -1 : ruleToName[k]!;
      }
  const n = scores.recency.length;
  const segment = new Uint16Array(n);
  let other = -1;
  for (let i = 0; i < n; i++) {
    let k =
      table[(scores.recency[i]! - 1) * 25 + (scores.frequency[i]! - 1) * 5 + (scores.monetary[i]! - 1)]!;
    if (k < 0) {
      if (other < 0) other = names.push(UNMATCHED_SEGMENT) - 1;
      k = other;
    }
    segment[i] = k;
  }
  return { segment, segments: names };
}

/** Scores, segments and the per-segment report (size, customer share, revenue, revenue share). */
export function rfmAnalysis(
  input: RfmInput,
  options: { segments?: readonly RfmSegmentRule[] } = {},
): RfmResult {
  const scores = rfmScores(input);
  const { segment, segments } = assignRfmSegments(scores, options.segments ?? DEFAULT_RFM_SEGMENTS);
  const counts = new Float64Array(segments.length);
  const revenue = new Float64Array(segments.length);
  let total = 0;
  const n = segment.length;
  for (let i = 0; i < n; i++) {
    const k = segment[i]!;
    const v = input.monetary[i]!;
    counts[k] = counts[k]! + 1;
    revenue[k] = revenue[k]! + v;
    total += v;
  }
  const report = segments.map((name, k) => ({
    name,
    customers: counts[k]!,
    customerShare: n > 0 ? counts[k]! / n : 0,
    revenue: revenue[k]!,
    revenueShare: total !== 0 ? revenue[k]! / total : 0,
  }));
  return { scores, segment, segments, report };
}
