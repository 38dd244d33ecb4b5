/**
 * User-side fairness of a recommender's accuracy: each ranking metric averaged over the users of each
 * group (light / heavy buyers, countries, ...), and across the groups of at least `minGroupSize` users
 * the best and worst group's values, their ratio (best / worst) and difference (best - worst). Groups
 * smaller than that are listed but not compared: a handful of users' mean says little (the same default
 * of 30 as the campaigns' fairnessReport).
 */
import { checkedUnjudged } from '../campaigns/fairness.js';
import { quantileScores } from '../customers/rfm.js';
import type { InteractionMatrix } from './interactions.js';
import type { UserRankingValues } from './metrics.js';

/** The accuracy metrics averaged per group (`hitRate` is the mean of the per-user `hit`). */
export const GROUP_RANKING_METRICS = [
  'precision',
  'recall',
  'ndcg',
  'map',
  'mapFull',
  'mrr',
  'hitRate',
] as const;
export type GroupRankingMetric = (typeof GROUP_RANKING_METRICS)[number];

export interface RankingGroup extends Record<GroupRankingMetric, number> {
  name: string;
  /** Evaluated users of the group. */
  users: number;
  /** Fewer users than minGroupSize, or in `unjudged`: listed, not compared. */
  small: boolean;
}

export interface MetricDisparity {
  /** The compared group with the highest mean, and its mean. */
  maxGroup: string;
  max: number;
  minGroup: string;
  min: number;
  /** max / min; null when min is 0 (no finite ratio). */
  ratio: number | null;
  difference: number;
}

export interface GroupRankingReport {
  minGroupSize: number;
  groups: RankingGroup[];
  /** Evaluated users whose group is -1 (in no group), left out of every group. */
  ungrouped: number;
  /** Per metric; null when fewer than two groups have minGroupSize users. */
  disparity: Record<GroupRankingMetric, MetricDisparity> | null;
}

export interface GroupRankingOptions {
  /** Smallest group compared (default 30). */
  minGroupSize?: number;
  /**
   * Indices of groups listed but never compared whatever their size: a bucket of users of several groups
   * merged because each was too small to be named.
   */
  unjudged?: readonly number[];
}

/**
 * Per-group means of `values` (a ranking run's perUser()), with `group[u]` the group of user index u
 * (-1: none) and `groupNames` the groups' names, and their disparity (see the module comment).
 */
export function groupRankingMetrics(
  values: UserRankingValues,
  group: Int32Array,
  groupNames: readonly string[],
  options: GroupRankingOptions = {},
): GroupRankingReport {
  const minGroupSize = options.minGroupSize ?? 30;
  if (!(Number.isInteger(minGroupSize) && minGroupSize >= 1))
    throw new Error(`minGroupSize must be a whole number >= 1, got ${minGroupSize}`);
  const nGroups = groupNames.length;
  const unjudged = checkedUnjudged(options.unjudged, nGroups);
  const counts = new Float64Array(nGroups);
  const sums = GROUP_RANKING_METRICS.map(() => new Float64Array(nGroups));
  const columns = GROUP_RANKING_METRICS.map((m) => (m === 'hitRate' ? values.hit : values[m]));
  let ungrouped = 0;
  for (let j = 0; j < values.users.length; j++) {
    const u = values.users[j]!;
    if (!(u >= 0 && u < group.length))
      throw new Error(`values.users[${j}] is ${u}: no group given for it (group has ${group.length} users)`);
    const g = group[u]!;
    if (g === -1) {
      ungrouped++;
      continue;
    }
    if (!(g >= 0 && g < nGroups)) throw new Error(`group[${u}] must be -1 or in [0, ${nGroups}), got ${g}`);
    counts[g] = counts[g]! + 1;
    for (let m = 0; m < columns.length; m++) sums[m]![g] = sums[m]![g]! + columns[m]![j]!;
  }
  const groups: RankingGroup[] = groupNames.map((name, g) => {
    const n = counts[g]!;
    const means = Object.fromEntries(
      GROUP_RANKING_METRICS.map((metric, m) => [metric, n > 0 ? sums[m]![g]! / n : Number.NaN]),
    ) as Record<GroupRankingMetric, number>;
    return { name, users: n, small: n < minGroupSize || unjudged.has(g), ...means };
  });
  const compared = groups.filter((g) => !g.small);
  const disparity =
    compared.length < 2
      ? null
      : (Object.fromEntries(
          GROUP_RANKING_METRICS.map((metric) => [metric, disparityOf(compared, metric)]),
        ) as Record<GroupRankingMetric, MetricDisparity>);
  return { minGroupSize, groups, ungrouped, disparity };
}

function disparityOf(groups: readonly RankingGroup[], metric: GroupRankingMetric): MetricDisparity {
  let hi = groups[0]!;
  let lo = groups[0]!;
  for (const g of groups) {
    if (g[metric] > hi[metric]) hi = g;
    if (g[metric] < lo[metric]) lo = g;
  }
  const max = hi[metric];
  const min = lo[metric];
  return {
    maxGroup: hi.name,
    max,
    minGroup: lo.name,
    min,
    ratio: min > 0 ? max / min : null,
    difference: max - min,
  };
}

/** The activity groups, least active first. */
export const ACTIVITY_GROUPS = ['light', 'medium', 'heavy'] as const;

export interface ActivityGroups {
  /** Group per user index of `train` (an index into ACTIVITY_GROUPS), -1 for users not in `users`. */
  group: Int32Array;
  names: readonly string[];
  /** Per group, the fewest and most training interactions of its users (null for an empty group). */
  ranges: ([number, number] | null)[];
}

/**
 * Light / medium / heavy users: terciles of the number of training entries (interactions) of each of
 * `users`, by core's rank rule with ties kept together (quantileScores with 3 bins, docs/segments.md):
 * users with equal counts share a group, and with fewer than three distinct counts the groups in between
 * stay empty (one distinct count: everyone is medium).
 */
export function activityTerciles(train: InteractionMatrix, users: ArrayLike<number>): ActivityGroups {
  const counts = new Float64Array(users.length);
  for (let j = 0; j < users.length; j++) {
    const u = users[j]!;
    if (!(Number.isInteger(u) && u >= 0 && u < train.nUsers))
      throw new Error(`users[${j}] is ${u}: not a user of the training matrix (${train.nUsers} users)`);
    counts[j] = train.indptr[u + 1]! - train.indptr[u]!;
  }
  const scores = quantileScores(counts, { bins: 3 });
  const group = new Int32Array(train.nUsers).fill(-1);
  const ranges: ([number, number] | null)[] = ACTIVITY_GROUPS.map(() => null);
  for (let j = 0; j < users.length; j++) {
    const g = scores[j]! - 1;
    group[users[j]!] = g;
    const c = counts[j]!;
    const r = ranges[g];
    ranges[g] = r === null || r === undefined ? [c, c] : [Math.min(r[0], c), Math.max(r[1], c)];
  }
  return { group, names: ACTIVITY_GROUPS, ranges };
}
