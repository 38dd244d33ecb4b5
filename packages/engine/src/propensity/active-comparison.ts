/**
 * A new purchase-propensity training next to the active version: the active version's stored holdout
 * metrics, and whether its holdout was the same customers as the new one's. Two holdouts are the same split
 * of the same population only when the asOf, horizon, seed, test fraction and holdout size all match; else
 * the numbers measure different customers and `differences` says how.
 */
import type { ModelArtifactInfo } from '@storewise/storage';

export interface ActiveHoldoutMetrics {
  customers: number | null;
  positives: number | null;
  rocAuc: number | null;
  prAuc: number | null;
  logLoss: number | null;
  brier: number | null;
  /** The active version's baseline log loss, when it stored one (versions trained before baselines did not). */
  baselineLogLoss: number | null;
}

export interface ActiveModelComparison {
  version: number;
  /** Its classifier: logreg, tree, ... */
  model: string;
  asOf: Date | null;
  holdout: ActiveHoldoutMetrics;
  /** True when both holdouts are the same customers (same asOf, horizon, seed, test fraction and size). */
  sameHoldout: boolean;
  /** How the two holdouts differ ("asOf 2011-12-09T... vs 2011-11-09T..."); empty when they are the same. */
  differences: string[];
}

/** What the new training used, to compare with the active version's stored params and metrics. */
export interface NewTrainingSetup {
  asOf: Date;
  horizonDays: number;
  seed: number;
  testFraction: number;
  holdoutCustomers: number;
  holdoutPositives: number;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function compareWithActive(active: ModelArtifactInfo, now: NewTrainingSetup): ActiveModelComparison {
  const p = active.params;
  const m = active.metrics;
  const asOf = typeof p.asOf === 'string' ? new Date(p.asOf) : null;
  const baseline = m.baseline as Record<string, unknown> | undefined;
  const holdout: ActiveHoldoutMetrics = {
    customers: num(m.customers),
    positives: num(m.positives),
    rocAuc: num(m.rocAuc),
    prAuc: num(m.prAuc),
    logLoss: num(m.logLoss),
    brier: num(m.brier),
    baselineLogLoss: num(baseline?.logLoss),
  };
  const differences: string[] = [];
  const differ = (what: string, was: unknown, is: unknown) => {
    if (was !== is) differences.push(`${what} ${was ?? 'not recorded'} vs ${is}`);
  };
  differ('asOf', asOf?.toISOString(), now.asOf.toISOString());
  differ('horizon', num(p.horizonDays), now.horizonDays);
  differ('seed', num(p.seed), now.seed);
  differ('test fraction', num(p.testFraction), now.testFraction);
  differ('holdout customers', holdout.customers, now.holdoutCustomers);
  differ('holdout buyers', holdout.positives, now.holdoutPositives);
  return {
    version: active.version,
    model: typeof p.model === 'string' ? p.model : '?',
    asOf,
    holdout,
    sameHoldout: differences.length === 0,
    differences,
  };
}

/**
 * When the new model does worse than the active version on the same holdout (a higher log loss), the two
 * models' figures ("log loss 0.61 against 0.58, ROC AUC ..."); null otherwise. A retrain with another
 * classifier, or on thinner data, would otherwise replace a better model unsaid.
 */
export function worseThanActive(
  holdout: { logLoss: number; rocAuc: number },
  active: ActiveModelComparison | null,
): string | null {
  if (active === null || !active.sameHoldout || active.holdout.logLoss === null) return null;
  if (!(holdout.logLoss > active.holdout.logLoss)) return null;
  const auc =
    active.holdout.rocAuc === null
      ? ''
      : `, ROC AUC ${holdout.rocAuc.toFixed(4)} against ${active.holdout.rocAuc.toFixed(4)}`;
  return `log loss ${holdout.logLoss.toFixed(4)} against ${active.holdout.logLoss.toFixed(4)}${auc}`;
}
