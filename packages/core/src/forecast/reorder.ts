import { normalQuantile } from '../campaigns/stats/distributions.js';
import { checkNonNegative, checkOpenUnit, demandSeries, ForecastInputError } from './errors.js';

export interface ReorderInput {
  /** Forecast mean demand per future period (forecastSeries' `mean`). */
  mean: ArrayLike<number>;
  /** One-step forecast error standard deviation per period (forecastSeries' `sigma`). */
  sigma: number;
  /** Units on hand now (inventory position: on hand + on order - backorders). */
  stock: number;
  /** Replenishment lead time in periods; may be fractional (lead time days / period days). */
  leadTimePeriods: number;
  /** Cycle service level (probability of no stockout in a replenishment cycle) in (0, 1), e.g. 0.95. */
  serviceLevel: number;
}

export interface ReorderPlan {
  /** Mean demand over the lead time. */
  leadTimeDemand: number;
  safetyStock: number;
  /** Order when the stock is at or below this. */
  reorderPoint: number;
  /** units to order now to bring stock up to reorderPoint + demand of one more lead time (0 when stock suffices) */
  suggestedOrder: number;
  /** fractional period index at which cumulative mean demand exceeds stock, null if not within the horizon */
  stockoutPeriod: number | null;
}

/**
 * Reorder point and order quantity of an (s, S) periodic-review policy with a cycle service level, after
 * Silver, Pyke & Peterson (1998), "Inventory Management and Production Planning and Scheduling", 3rd ed.,
 * ch. 7 (sections 7.5-7.7, normally distributed lead-time demand, "specified safety factor" / P1):
 *
 * - leadTimeDemand x_L = the forecast means summed over the first L periods (a fractional last period
 *   pro rata; past the forecast horizon the last mean is repeated);
 * - safetyStock = k sigma_L with k = Phi^-1(serviceLevel) and sigma_L = sigma sqrt(L) (independent
 *   one-period errors, their eq. 7.5 with c = 0.5);
 * - reorderPoint s = x_L + safetyStock;
 * - suggestedOrder: when stock <= s, S - stock rounded up to a whole unit, with the order-up-to level
 *   S = s + the mean demand of the following lead time (periods L..2L); 0 when stock > s;
 * - stockoutPeriod: where the cumulative forecast mean first exceeds the stock (linear within a period),
 *   null when it does not within the horizon; 0 for a stock of 0 (out of stock now, even when the first
 *   periods expect no demand).
 */
export function reorderPlan(input: ReorderInput): ReorderPlan {
  if (input == null || typeof input !== 'object') throw new ForecastInputError('input', 'must be an object');
  const mean = demandSeries(input.mean, 'input.mean');
  if (mean.length === 0) throw new ForecastInputError('input.mean', 'is empty; need at least one period');
  const sigma = checkNonNegative(input.sigma, 'input.sigma');
  const stock = checkNonNegative(input.stock, 'input.stock');
  const lead = checkNonNegative(input.leadTimePeriods, 'input.leadTimePeriods');
  const service = checkOpenUnit(input.serviceLevel, 'input.serviceLevel');

  const leadTimeDemand = cumulative(mean, lead);
  const safetyStock = normalQuantile(service) * sigma * Math.sqrt(lead);
  const reorderPoint = leadTimeDemand + safetyStock;
  const orderUpTo = reorderPoint + (cumulative(mean, 2 * lead) - leadTimeDemand);
  const suggestedOrder = stock <= reorderPoint ? Math.max(0, Math.ceil(orderUpTo - stock - 1e-9)) : 0;

  // No stock on hand is out of stock now, whatever the demand of the first periods.
  let stockoutPeriod: number | null = stock > 0 ? null : 0;
  let cum = 0;
  for (let i = 0; i < mean.length && stock > 0; i++) {
    const d = mean[i]!;
    if (cum + d > stock) {
      stockoutPeriod = i + (stock - cum) / d;
      break;
    }
    cum += d;
  }
  return { leadTimeDemand, safetyStock, reorderPoint, suggestedOrder, stockoutPeriod };
}

/** Sum of mean demand over periods [0, x) (fractional x pro rata; the last mean repeated past the end). */
function cumulative(mean: Float64Array, x: number): number {
  let s = 0;
  const whole = Math.floor(x);
  const last = mean[mean.length - 1]!;
  for (let i = 0; i < whole; i++) s += i < mean.length ? mean[i]! : last;
  const frac = x - whole;
  if (frac > 0) s += frac * (whole < mean.length ? mean[whole]! : last);
  return s;
}
