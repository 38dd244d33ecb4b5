/**
 * Fairness report of a campaign's offers by customer group (country, segment, any attribute): per group
 * the offer rate (offered / customers) and the mean discount value per customer, each divided by the
 * best-treated group's value (the disparity ratio), and a flag on groups whose ratio is below four fifths:
 * the "four-fifths rule" of the US EEOC Uniform Guidelines on Employee Selection Procedures (29 CFR
 * 1607.4(D)), used here as a screening threshold for offers, not as a legal test. Groups smaller than
 * `minGroupSize` are not judged (see there).
 */

export interface FairnessInput {
  /** Group index per customer, in [0, groupNames.length). */
  group: Int32Array;
  groupNames: readonly string[];
  /** 1 when the customer was offered something. */
  offered: Uint8Array;
  /** Discount value given to the customer (0 when not offered). */
  discountValue: Float64Array;
  /** Disparity threshold, default 0.8. */
  threshold?: number;
  /**
   * Groups with fewer customers are listed but neither flagged nor taken as the best-treated group
   * (default 30): a rate of a handful of customers says little, and the Guidelines themselves note that
   * differences "based on small numbers and ... not statistically significant" may not show adverse
   * impact (29 CFR 1607.4(D)). In a random split, one-customer groups were otherwise flagged everywhere.
   */
  minGroupSize?: number;
  /**
   * Indices of groups listed but never judged (not flagged, not the best-treated group) whatever their
   * size: a bucket of customers of several groups merged because each was too small to be named.
   */
  unjudged?: readonly number[];
}

export interface FairnessGroup {
  name: string;
  customers: number;
  offered: number;
  offerRate: number;
  /** Mean discount value per customer of the group (offered or not). */
  meanDiscount: number;
  /** Mean discount value per offered customer of the group (NaN when nobody was offered). */
  meanDiscountWhenOffered: number;
  /** offerRate / best group's offerRate. */
  offerRateRatio: number;
  /** meanDiscount / best group's meanDiscount. */
  discountRatio: number;
  /** Which ratios fall below the threshold. */
  flags: ('offer-rate' | 'discount')[];
  /** Fewer customers than minGroupSize, or in `unjudged`: not flagged, not the reference. */
  small: boolean;
}

export interface FairnessReport {
  threshold: number;
  minGroupSize: number;
  groups: FairnessGroup[];
  /** Names of the groups with any flag. */
  flagged: string[];
}

export function fairnessReport(input: FairnessInput): FairnessReport {
  const n = input.group.length;
  const k = input.groupNames.length;
  const threshold = input.threshold ?? 0.8;
  if (!(threshold > 0 && threshold <= 1)) throw new Error(`threshold must be in (0, 1], got ${threshold}`);
  const minGroupSize = input.minGroupSize ?? 30;
  if (!(Number.isInteger(minGroupSize) && minGroupSize >= 1))
    throw new Error(`minGroupSize must be a whole number >= 1, got ${minGroupSize}`);
  if (input.offered.length !== n)
    throw new Error(`offered must have ${n} entries, got ${input.offered.length}`);
  if (input.discountValue.length !== n) {
    throw new Error(`discountValue must have ${n} entries, got ${input.discountValue.length}`);
  }
  const unjudged = checkedUnjudged(input.unjudged, k);
  const customers = new Float64Array(k);
  const offered = new Float64Array(k);
  const discount = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const g = input.group[i]!;
    if (!(g >= 0 && g < k)) throw new Error(`group[${i}] must be in [0, ${k}), got ${g}`);
    const d = input.discountValue[i]!;
    if (!(Number.isFinite(d) && d >= 0))
      throw new Error(`discountValue[${i}] must be finite and >= 0, got ${d}`);
    customers[g] = customers[g]! + 1;
    if (input.offered[i]) offered[g] = offered[g]! + 1;
    discount[g] = discount[g]! + d;
  }
  let bestRate = 0;
  let bestDiscount = 0;
  for (let g = 0; g < k; g++) {
    if (customers[g]! < minGroupSize || unjudged.has(g)) continue;
    bestRate = Math.max(bestRate, offered[g]! / customers[g]!);
    bestDiscount = Math.max(bestDiscount, discount[g]! / customers[g]!);
  }
  const groups: FairnessGroup[] = [];
  const flagged: string[] = [];
  for (let g = 0; g < k; g++) {
    const c = customers[g]!;
    const offerRate = c > 0 ? offered[g]! / c : Number.NaN;
    const meanDiscount = c > 0 ? discount[g]! / c : Number.NaN;
    const offerRateRatio = bestRate > 0 ? offerRate / bestRate : Number.NaN;
    const discountRatio = bestDiscount > 0 ? meanDiscount / bestDiscount : Number.NaN;
    const small = c < minGroupSize || unjudged.has(g);
    const flags: FairnessGroup['flags'] = [];
    if (!small && offerRateRatio < threshold) flags.push('offer-rate');
    if (!small && discountRatio < threshold) flags.push('discount');
    const name = input.groupNames[g]!;
    if (flags.length > 0) flagged.push(name);
    const meanDiscountWhenOffered = offered[g]! > 0 ? discount[g]! / offered[g]! : Number.NaN;
    groups.push({
      name,
      customers: c,
      offered: offered[g]!,
      offerRate,
      meanDiscount,
      meanDiscountWhenOffered,
      offerRateRatio,
      discountRatio,
      flags,
      small,
    });
  }
  return { threshold, minGroupSize, groups, flagged };
}

/** `unjudged` as a set, each entry checked to be a group index in [0, k). */
export function checkedUnjudged(unjudged: readonly number[] | undefined, k: number): Set<number> {
  const out = new Set<number>();
  for (const [i, g] of (unjudged ?? []).entries()) {
    if (!(Number.isInteger(g) && g >= 0 && g < k))
      throw new Error(`unjudged[${i}] must be in [0, ${k}), got ${g}`);
    out.add(g);
  }
  return out;
}
