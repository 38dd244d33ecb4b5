/**
 * Fixed A/B/n split, deterministic by hash: arm a gets the customers whose
 *   u = sha256Unit(campaignId + '\u001f' + 'arm' + '\u001f' + customerId)
 * falls in [W_{a-1}, W_a), W the cumulative normalized weights. The 'arm' salt makes u independent of
 * the holdout hash, so a split applies unchanged to the customers left after the holdout.
 */
import { checkId, customerUnit, KEY_SEPARATOR } from '../holdout.js';
import type { Assignment } from './reason.js';

export interface FixedSplitConfig {
  campaignId: string;
  /** Number of arms (at least 1). */
  arms: number;
  /** Relative weights, one per arm, non-negative with a positive sum. Default: equal. */
  weights?: readonly number[];
}

/** Cumulative normalized weights (last entry exactly 1); validates the config. */
export function splitThresholds(config: FixedSplitConfig): Float64Array {
  checkId('campaignId', config.campaignId);
  const k = config.arms;
  if (!Number.isInteger(k) || k < 1) throw new Error(`arms must be an integer >= 1, got ${k}`);
  const w = config.weights;
  if (w !== undefined && w.length !== k) {
    throw new Error(`weights must have one entry per arm (${k}), got ${w.length}`);
  }
  let total = 0;
  for (let a = 0; a < k; a++) {
    const v = w ? w[a]! : 1;
    if (!(Number.isFinite(v) && v >= 0)) throw new Error(`weights[${a}] must be finite and >= 0, got ${v}`);
    total += v;
  }
  if (!(total > 0)) throw new Error('weights must have a positive sum');
  const cum = new Float64Array(k);
  let acc = 0;
  for (let a = 0; a < k; a++) {
    acc += w ? w[a]! : 1;
    cum[a] = acc / total;
  }
  cum[k - 1] = 1;
  return cum;
}

/** The arm of one customer under a fixed split, with its reason. */
export function assignFixedSplit(customerId: string, config: FixedSplitConfig): Assignment {
  const cum = splitThresholds(config);
  checkId('customerId', customerId);
  const u = customerUnit(config.campaignId + KEY_SEPARATOR + 'arm', customerId);
  let arm = 0;
  while (arm < cum.length - 1 && u >= cum[arm]!) arm++;
  return {
    arm,
    reason: { policy: 'fixed-split', arm, basis: 'hash', scores: Array.from(cum), detail: { unit: u } },
  };
}
