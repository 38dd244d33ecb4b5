import {
  type BgNbdParams,
  bgnbdPredict,
  bgnbdProbabilityAliveAll,
  customerLifetimeValues,
  fitBgNbd,
  fitGammaGamma,
  type GammaGammaParams,
} from '@storewise/core';
import { MAX_CLV_MONTHS, MAX_HORIZON_DAYS } from '../horizon-limits.js';
import {
  bgnbdWarnings,
  gammaGammaWarnings,
  MIN_BGNBD_REPEAT_BUYERS,
  MIN_GAMMA_GAMMA_CUSTOMERS,
} from './fit-checks.js';

export interface LifetimeInput {
  /** Repeat purchases, time of last purchase since the first, time since the first purchase (days). */
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Mean value of the repeat purchases (0 where x = 0). */
  m: Float64Array;
}

export interface LifetimeOptions {
  /** Horizon of the expected purchases, in days, at most MAX_HORIZON_DAYS. Default 90. */
  horizonDays?: number;
  /** CLV horizon in months (of 30 days), at most MAX_CLV_MONTHS. Default 12. */
  clvMonths?: number;
  /** Monthly discount rate of the CLV. Default 0.01. */
  discountRate?: number;
}

export interface LifetimeResult extends LifetimeFits {
  horizonDays: number;
  clvMonths: number;
  discountRate: number;
  /** Null when BG/NBD was not fitted. */
  expectedPurchases: Float64Array | null;
  probabilityAlive: Float64Array | null;
  /** Null also when Gamma-Gamma could not be fitted (`gammaGammaReason`). */
  clv: Float64Array | null;
}

const finite = (o: object): boolean =>
  Object.values(o).every((v) => typeof v === 'number' && Number.isFinite(v));

export interface LifetimeFits {
  /** Whether BG/NBD could be fitted; when false, `reason` says why. */
  fitted: boolean;
  reason: string | null;
  repeatCustomers: number;
  /**
   * `warnings` say when the fit did not converge or sits at a boundary of its parameters, and what that
   * means for its numbers (see fit-checks.ts); empty for a regular fit.
   */
  bgnbd: { params: BgNbdParams; logLikelihood: number; converged: boolean; warnings: string[] } | null;
  gammaGamma: {
    params: GammaGammaParams;
    logLikelihood: number;
    customers: number;
    /**
     * Repeat buyers left out of the fit because their mean spend is not positive (their repeat orders were
     * free: replacements, 100% coupons). Their expected spend is Gamma-Gamma's with m = 0, the population
     * mean weighted down by their purchases.
     */
    leftOut: number;
    converged: boolean;
    warnings: string[];
  } | null;
  /** Why Gamma-Gamma was not fitted (null when it was). */
  gammaGammaReason: string | null;
}

/** The warnings of both fits, BG/NBD's first. */
export function lifetimeWarnings(fits: LifetimeFits): string[] {
  return [...(fits.bgnbd?.warnings ?? []), ...(fits.gammaGamma?.warnings ?? [])];
}

/**
 * Fits BG/NBD on (x, tx, T) and Gamma-Gamma on (x, m) in whatever time unit the columns use. Refuses, with a
 * reason instead of numbers, data that cannot identify the models: fewer repeat buyers than
 * MIN_BGNBD_REPEAT_BUYERS (none at all: BG/NBD's a, b are then unidentified and the fit runs off to
 * infinity), fewer repeat buyers with a positive spend than MIN_GAMMA_GAMMA_CUSTOMERS (Gamma-Gamma only), or
 * fits that do not end at finite parameters. A fit that is made but did not converge or sits at a boundary
 * carries warnings saying what that means.
 */
export function fitLifetimeModels(input: LifetimeInput): LifetimeFits {
  const n = input.x.length;
  if (input.tx.length !== n || input.T.length !== n || input.m.length !== n)
    throw new Error(
      `x, tx, T and m must have the same length (${n}, ${input.tx.length}, ${input.T.length}, ${input.m.length})`,
    );
  let repeat = 0;
  let repeatWithSpend = 0;
  for (let i = 0; i < n; i++) {
    if (input.x[i]! > 0) {
      repeat++;
      if (input.m[i]! > 0) repeatWithSpend++;
    }
  }
  const refuse = (reason: string): LifetimeFits => ({
    fitted: false,
    reason,
    repeatCustomers: repeat,
    bgnbd: null,
    gammaGamma: null,
    gammaGammaReason: null,
  });
  if (n === 0) return refuse('BG/NBD cannot be fitted: there are no customers with orders');
  if (repeat === 0)
    return refuse(
      `BG/NBD cannot be fitted: none of the ${n} customers has a repeat purchase, so the purchase and dropout rates cannot be told apart`,
    );
  if (repeat < MIN_BGNBD_REPEAT_BUYERS)
    return refuse(
      `BG/NBD cannot be fitted: only ${repeat} of the ${n} customers ${repeat === 1 ? 'has' : 'have'} a repeat purchase, and it needs at least ${MIN_BGNBD_REPEAT_BUYERS} repeat buyers (with fewer, its fits often end at a boundary, e.g. P(alive) near 0 for a customer who bought twice)`,
    );
  const bg = fitBgNbd({ x: input.x, tx: input.tx, T: input.T });
  if (!finite(bg.params) || !Number.isFinite(bg.logLikelihood))
    return refuse('BG/NBD cannot be fitted: the likelihood has no finite maximum on this data');
  let gammaGamma: LifetimeFits['gammaGamma'] = null;
  let gammaGammaReason: string | null = null;
  if (repeatWithSpend === 0) {
    gammaGammaReason = 'Gamma-Gamma cannot be fitted: no repeat buyer has a positive spend';
  } else if (repeatWithSpend < MIN_GAMMA_GAMMA_CUSTOMERS) {
    gammaGammaReason = `Gamma-Gamma cannot be fitted: only ${repeatWithSpend} repeat ${repeatWithSpend === 1 ? 'buyer has' : 'buyers have'} a positive spend, and it needs at least ${MIN_GAMMA_GAMMA_CUSTOMERS} (with fewer, its fits often end at a boundary)`;
  } else {
    // Gamma-Gamma models positive spends: a repeat buyer whose orders were all free has none to fit.
    const spending = Array.from(input.x.keys()).filter((i) => input.x[i]! > 0 && input.m[i]! > 0);
    const gg = fitGammaGamma({
      x: Float64Array.from(spending, (i) => input.x[i]!),
      m: Float64Array.from(spending, (i) => input.m[i]!),
    });
    if (!finite(gg.params) || !Number.isFinite(gg.logLikelihood))
      gammaGammaReason = 'Gamma-Gamma cannot be fitted: the likelihood has no finite maximum on this data';
    else
      gammaGamma = {
        params: gg.params,
        logLikelihood: gg.logLikelihood,
        customers: gg.n,
        leftOut: repeat - repeatWithSpend,
        converged: gg.optimizer.converged,
        warnings: gammaGammaWarnings(gg.params, gg.optimizer),
      };
  }
  return {
    fitted: true,
    reason: null,
    repeatCustomers: repeat,
    bgnbd: {
      params: bg.params,
      logLikelihood: bg.logLikelihood,
      converged: bg.optimizer.converged,
      warnings: bgnbdWarnings(bg.params, bg.optimizer, input),
    },
    gammaGamma,
    gammaGammaReason,
  };
}

/**
 * `fitLifetimeModels` on a day-level summary, then per customer the expected purchases over the horizon,
 * P(alive) and (when Gamma-Gamma was fitted) the CLV.
 */
export function lifetimeValue(input: LifetimeInput, options: LifetimeOptions = {}): LifetimeResult {
  const horizonDays = options.horizonDays ?? 90;
  const clvMonths = options.clvMonths ?? 12;
  const discountRate = options.discountRate ?? 0.01;
  if (!(horizonDays > 0 && horizonDays <= MAX_HORIZON_DAYS))
    throw new RangeError(`horizonDays must be above 0 and at most ${MAX_HORIZON_DAYS} (got ${horizonDays})`);
  if (!Number.isInteger(clvMonths) || clvMonths < 0 || clvMonths > MAX_CLV_MONTHS)
    throw new RangeError(`clvMonths must be a whole number from 0 to ${MAX_CLV_MONTHS} (got ${clvMonths})`);
  if (!(discountRate > -1)) throw new Error(`discountRate must be > -1 (got ${discountRate})`);
  const fits = fitLifetimeModels(input);
  const base = { ...fits, horizonDays, clvMonths, discountRate };
  if (!fits.fitted || fits.bgnbd === null)
    return { ...base, expectedPurchases: null, probabilityAlive: null, clv: null };
  const data = { x: input.x, tx: input.tx, T: input.T };
  const bg = fits.bgnbd.params;
  const expectedPurchases = bgnbdPredict(bg, horizonDays, data);
  const probabilityAlive = bgnbdProbabilityAliveAll(bg, data);
  if (!allFinite(expectedPurchases) || !allFinite(probabilityAlive))
    return {
      ...base,
      fitted: false,
      reason: 'BG/NBD cannot be used: its fitted parameters give non-finite predictions on this data',
      expectedPurchases: null,
      probabilityAlive: null,
      clv: null,
    };
  let clv: Float64Array | null = null;
  let gammaGammaReason = fits.gammaGammaReason;
  if (fits.gammaGamma !== null) {
    if (!(fits.gammaGamma.params.q > 1)) {
      gammaGammaReason = `Gamma-Gamma's expected spend is undefined for q <= 1 (fitted q = ${fits.gammaGamma.params.q})`;
    } else {
      const values = customerLifetimeValues(
        bg,
        fits.gammaGamma.params,
        { ...data, m: input.m },
        {
          months: clvMonths,
          discountRate,
          timeUnit: 'day',
        },
      );
      if (allFinite(values)) clv = values;
      else
        gammaGammaReason =
          'CLV is not finite with the fitted Gamma-Gamma parameters (too few repeat buyers?)';
    }
  }
  return { ...base, gammaGammaReason, expectedPurchases, probabilityAlive, clv };
}

function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}
