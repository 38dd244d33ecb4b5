/**
 * Customer lifetime value over a horizon, combining BG/NBD (how many purchases) and Gamma-Gamma (how much
 * each), with the discounting of `lifetimes`' `customer_lifetime_value` (lifetimes.utils._customer_lifetime_value):
 *
 *   CLV = sum_{k=1..months} E[spend] * (E[Y(k f)] - E[Y((k-1) f)]) / (1 + d)^k
 *
 * where f is the number of model time units in a month (30 for days, 4.345 for weeks, as lifetimes), E[Y(t)]
 * is the BG/NBD conditional expected number of purchases in t time units, E[spend] the Gamma-Gamma
 * conditional expected spend, and d the monthly discount rate.
 */
import { type BgNbdParams, bgnbdConditionalExpectedPurchases, type RepeatPurchaseData } from './bg-nbd.js';
import { type GammaGammaParams, gammaGammaExpectedSpend } from './gamma-gamma.js';

/** Model time units per month, as lifetimes' `freq` codes: 'D' -> 30, 'W' -> 4.345, 'M' -> 1, 'H' -> 720. */
export const TIME_UNITS_PER_MONTH = { day: 30, week: 4.345, month: 1, hour: 720 } as const;

export interface ClvOptions {
  /** Horizon in months. Default 12. */
  months?: number;
  /** Monthly discount rate. Default 0.01. */
  discountRate?: number;
  /** The time unit of x, t_x, T: a name or the number of units per month. Default 'day'. */
  timeUnit?: keyof typeof TIME_UNITS_PER_MONTH | number;
}

export interface ClvInput extends RepeatPurchaseData {
  /** Mean spend per repeat purchase (zbar); used where x > 0. */
  m: Float64Array;
}

/** Discounted expected value of one customer's purchases over the horizon. */
export function customerLifetimeValue(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  x: number,
  tx: number,
  T: number,
  m: number,
  options: ClvOptions = {},
): number {
  const months = options.months ?? 12;
  const d = options.discountRate ?? 0.01;
  const unit = options.timeUnit ?? 'day';
  const f = typeof unit === 'number' ? unit : TIME_UNITS_PER_MONTH[unit];
  if (!(f > 0))
    throw new Error(`timeUnit must be a known unit or a positive number of units per month (got ${unit})`);
  if (!(months >= 0) || !Number.isInteger(months))
    throw new Error(`months must be a whole number >= 0 (got ${months})`);
  if (!(d > -1)) throw new Error(`discountRate must be > -1 (got ${d})`);
  const spend = gammaGammaExpectedSpend(gg, x, m);
  let clv = 0;
  let prev = 0;
  for (let k = 1; k <= months; k++) {
    const cum = bgnbdConditionalExpectedPurchases(bg, k * f, x, tx, T);
    clv += (spend * (cum - prev)) / (1 + d) ** k;
    prev = cum;
  }
  return clv;
}

/** `customerLifetimeValue` for every customer of `data`. */
export function customerLifetimeValues(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  data: ClvInput,
  options: ClvOptions = {},
): Float64Array {
  const n = data.x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = customerLifetimeValue(bg, gg, data.x[i]!, data.tx[i]!, data.T[i]!, data.m[i]!, options);
  }
  return out;
}
