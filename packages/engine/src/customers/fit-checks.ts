/**
 * How much data the lifetime-value models need, and what a fit that did not converge or ended at a
 * boundary of its parameter space means for the numbers it gives (docs/segments.md, "When a fit is
 * degenerate").
 *
 * The minimums come from fits on data simulated from CDNOW's published parameters (BG/NBD r = 0.243,
 * alpha = 4.41, a = 0.793, b = 2.43; Gamma-Gamma p = 6.25, q = 3.74, gamma = 15.4), maximized with SciPy
 * (test/fixtures/customers/simulate_minimums.py): although the true parameters are well inside, a fit ends
 * at a boundary for BG/NBD in 25% of shops with 10-14 repeat buyers, 14% with 15-19, 8% with 20-24 and 5%
 * with 35-39; for Gamma-Gamma in 88% with 1 repeat buyer, 13% with 10, 9% with 15, 7% with 20, 2% with 40.
 * From 20 on, fewer than one fit in ten ends there (and those are flagged by the warnings below).
 */
import {
  type BgNbdParams,
  bgnbdProbabilityAliveAll,
  type GammaGammaParams,
  type MinimizeResult,
} from '@storewise/core';

/** Fewest repeat buyers BG/NBD is fitted on. */
export const MIN_BGNBD_REPEAT_BUYERS = 20;
/** Fewest repeat buyers with a positive spend Gamma-Gamma is fitted on. */
export const MIN_GAMMA_GAMMA_CUSTOMERS = 20;

/**
 * A shape parameter beyond these is at a boundary: a Gamma or Beta whose coefficient of variation is below
 * 1% (no spread between customers) or whose mass sits at 0 or 1.
 */
const SHAPE_LOW = 1e-4;
const SHAPE_HIGH = 1e4;

const num = (v: number): string =>
  Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toPrecision(4);
const atBoundary = (v: number): boolean => v < SHAPE_LOW || v > SHAPE_HIGH;

function notConverged(model: string, opt: MinimizeResult): string {
  return `${model}'s optimizer stopped before converging (${opt.reason} after ${opt.iterations} iterations, gradient ${num(opt.gradientNorm)}): its parameters may be off the maximum of the likelihood, so take its numbers as rough`;
}

/** Whether the optimizer's stop is explained by a boundary (the likelihood rises all the way to it). */
const boundaryNote = (opt: MinimizeResult): string =>
  opt.converged
    ? ''
    : ' (its optimizer reports no convergence because the likelihood keeps rising toward that limit)';

/**
 * Warnings on a BG/NBD fit: the dropout probability per purchase E[p] = a/(a+b) so small that fewer than one
 * customer is expected to have dropped out over all repeat purchases (no dropout seen: P(alive) ~ 1), or so
 * close to 1 that fewer than one is expected to have stayed (P(alive) ~ 0 for repeat buyers); another shape
 * parameter at a boundary; an optimizer that did not converge.
 */
export function bgnbdWarnings(
  params: BgNbdParams,
  optimizer: MinimizeResult,
  data: { x: Float64Array; tx: Float64Array; T: Float64Array },
): string[] {
  const { r, a, b } = params;
  let repeatPurchases = 0;
  for (let i = 0; i < data.x.length; i++) repeatPurchases += data.x[i]!;
  const alive = bgnbdProbabilityAliveAll(params, data);
  let nearlySure = 0; // P(alive) > 0.99
  let repeatBuyers = 0;
  let repeatNearlyGone = 0; // repeat buyers with P(alive) < 0.01
  for (let i = 0; i < alive.length; i++) {
    if (alive[i]! > 0.99) nearlySure++;
    if (data.x[i]! > 0) {
      repeatBuyers++;
      if (alive[i]! < 0.01) repeatNearlyGone++;
    }
  }
  const dropout = a / (a + b);
  const where = `a = ${num(a)}, b = ${num(b)}: dropout probability per purchase a/(a+b) = ${num(dropout)}`;
  const warnings: string[] = [];
  if (dropout * repeatPurchases < 1) {
    warnings.push(
      `BG/NBD sits at a boundary (${where}, fewer than one expected dropout over all ${repeatPurchases} repeat purchases): no sign of customers dropping out, so P(alive) ≈ 1 (above 0.99 for ${nearlySure} of ${alive.length} customers) and it cannot tell who is slipping away; expected purchases and CLV assume nobody leaves${boundaryNote(optimizer)}`,
    );
  } else if ((1 - dropout) * repeatPurchases < 1) {
    warnings.push(
      `BG/NBD sits at a boundary (${where}, fewer than one expected stay over all ${repeatPurchases} repeat purchases): every customer seems to leave right after a repeat purchase, so P(alive) ≈ 0 for repeat buyers (below 0.01 for ${repeatNearlyGone} of ${repeatBuyers}) and expected purchases and CLV are near 0 for them${boundaryNote(optimizer)}`,
    );
  } else if (atBoundary(a) || atBoundary(b)) {
    warnings.push(
      `BG/NBD sits at a boundary (${where}; a or b beyond ${SHAPE_LOW} .. ${SHAPE_HIGH}): the dropout probabilities of customers are a limit, not an estimate${boundaryNote(optimizer)}`,
    );
  }
  if (atBoundary(r))
    warnings.push(
      `BG/NBD sits at a boundary (r = ${num(r)}, beyond ${SHAPE_LOW} .. ${SHAPE_HIGH}): ${r > SHAPE_HIGH ? 'customers seem to buy at one common rate' : 'purchase rates are piled at 0'}, a limit rather than an estimate${boundaryNote(optimizer)}`,
    );
  if (warnings.length === 0 && !optimizer.converged) warnings.push(notConverged('BG/NBD', optimizer));
  return warnings;
}

/**
 * Warnings on a Gamma-Gamma fit: q at a boundary (customers' mean spends do not vary: every expected spend
 * is about the shop's mean), p at a boundary (spend per purchase does not vary within a customer: expected
 * spend is the customer's own mean), or an optimizer that did not converge.
 */
export function gammaGammaWarnings(params: GammaGammaParams, optimizer: MinimizeResult): string[] {
  const { p, q } = params;
  const warnings: string[] = [];
  if (atBoundary(q))
    warnings.push(
      `Gamma-Gamma sits at a boundary (q = ${num(q)}, beyond ${SHAPE_LOW} .. ${SHAPE_HIGH}): ${q > SHAPE_HIGH ? "customers' mean spends seem not to differ, so every customer's expected spend is about the shop's mean" : "customers' mean spends are a limit, not an estimate"}${boundaryNote(optimizer)}`,
    );
  if (atBoundary(p))
    warnings.push(
      `Gamma-Gamma sits at a boundary (p = ${num(p)}, beyond ${SHAPE_LOW} .. ${SHAPE_HIGH}): ${p > SHAPE_HIGH ? "a customer's spend seems not to vary from purchase to purchase, so expected spend is the customer's own mean" : 'spend per purchase is a limit, not an estimate'}${boundaryNote(optimizer)}`,
    );
  if (warnings.length === 0 && !optimizer.converged) warnings.push(notConverged('Gamma-Gamma', optimizer));
  return warnings;
}
