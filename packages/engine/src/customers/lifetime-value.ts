import {
  type BgNbdParams,
  bgnbdPredict,
  bgnbdProbabilityAliveAll,
  customerLifetimeValues,
  fitBgNbd,
  fitGammaGamma,
  type GammaGammaParams,
} from '@storewise/core';

export interface LifetimeInput {
  /** Repeat purchases, time of last purchase since the first, time since the first purchase (days). */
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Mean value of the repeat purchases (0 where x = 0). */
  m: Float64Array;
}

export interface LifetimeOptions {
  /** Horizon of the expected purchases, in days. Default 90. */
  horizonDays?: number;
  /** CLV horizon in months (of 30 days). Default 12. */
  clvMonths?: number;
  /** Monthly discount rate of the CLV. Default 0.01. */
  discountRate?: number;
}

export interface LifetimeResult {
  /** Whether BG/NBD could be fitted; when false, `reason` says why and the per-customer columns are null. */
  fitted: boolean;
  reason: string | null;
  repeatCustomers: number;
  bgnbd: { params: BgNbdParams; logLikelihood: number; converged: boolean } | null;
  gammaGamma: {
    params: GammaGammaParams;
    logLikelihood: number;
    customers: number;
    converged: boolean;
  } | null;
  horizonDays: number;
  clvMonths: number;
  discountRate: number;
  expectedPurchases: Float64Array | null;
  probabilityAlive: Float64Array | null;
  /** Null also when Gamma-Gamma could not be fitted (`gammaGammaReason`). */
  clv: Float64Array | null;
  gammaGammaReason: string | null;
}

const finite = (o: object): boolean =>
  Object.values(o).every((v) => typeof v === 'number' && Number.isFinite(v));

/**
 * BG/NBD (expected purchases over the horizon, probability alive) and Gamma-Gamma (expected spend), then CLV.
 * Refuses, with a reason instead of numbers, data that cannot identify the models: no repeat buyers (BG/NBD's
 * a, b are then unidentified and the fit runs off to infinity) or fits that do not end at finite parameters.
 */
export function lifetimeValue(input: LifetimeInput, options: LifetimeOptions = {}): LifetimeResult {
  const horizonDays = options.horizonDays ?? 90;
  const clvMonths = options.clvMonths ?? 12;
  const discountRate = options.discountRate ?? 0.01;
  if (!(horizonDays > 0)) throw new Error(`horizonDays must be > 0 (got ${horizonDays})`);
  if (!Number.isInteger(clvMonths) || clvMonths < 0)
    throw new Error(`clvMonths must be a whole number >= 0 (got ${clvMonths})`);
  if (!(discountRate > -1)) throw new Error(`discountRate must be > -1 (got ${discountRate})`);
  const n = input.x.length;
  let repeat = 0;
  let repeatWithSpend = 0;
  for (let i = 0; i < n; i++) {
    if (input.x[i]! > 0) {
      repeat++;
      if (input.m[i]! > 0) repeatWithSpend++;
    }
  }
  const base = { repeatCustomers: repeat, horizonDays, clvMonths, discountRate };
  const refuse = (reason: string): LifetimeResult => ({
    ...base,
    fitted: false,
    reason,
    bgnbd: null,
    gammaGamma: null,
    expectedPurchases: null,
    probabilityAlive: null,
    clv: null,
    gammaGammaReason: null,
  });
  if (n === 0) return refuse('BG/NBD cannot be fitted: there are no customers with orders');
  if (repeat === 0)
    return refuse(
      `BG/NBD cannot be fitted: none of the ${n} customers has a repeat purchase, so the purchase and dropout rates cannot be told apart`,
    );
  const data = { x: input.x, tx: input.tx, T: input.T };
  const bg = fitBgNbd(data);
  if (!finite(bg.params) || !Number.isFinite(bg.logLikelihood))
    return refuse('BG/NBD cannot be fitted: the likelihood has no finite maximum on this data');
  const expectedPurchases = bgnbdPredict(bg.params, horizonDays, data);
  const probabilityAlive = bgnbdProbabilityAliveAll(bg.params, data);
  let gammaGamma: LifetimeResult['gammaGamma'] = null;
  let clv: Float64Array | null = null;
  let gammaGammaReason: string | null = null;
  if (repeatWithSpend === 0) {
    gammaGammaReason = 'Gamma-Gamma cannot be fitted: no repeat buyer has a positive spend';
  } else {
    const gg = fitGammaGamma({ x: input.x, m: input.m });
    if (!finite(gg.params) || !Number.isFinite(gg.logLikelihood)) {
      gammaGammaReason = 'Gamma-Gamma cannot be fitted: the likelihood has no finite maximum on this data';
    } else {
      gammaGamma = {
        params: gg.params,
        logLikelihood: gg.logLikelihood,
        customers: gg.n,
        converged: gg.optimizer.converged,
      };
      clv = customerLifetimeValues(
        bg.params,
        gg.params,
        { ...data, m: input.m },
        {
          months: clvMonths,
          discountRate,
          timeUnit: 'day',
        },
      );
    }
  }
  return {
    ...base,
    fitted: true,
    reason: null,
    bgnbd: { params: bg.params, logLikelihood: bg.logLikelihood, converged: bg.optimizer.converged },
    gammaGamma,
    expectedPurchases,
    probabilityAlive,
    clv,
    gammaGammaReason,
  };
}
