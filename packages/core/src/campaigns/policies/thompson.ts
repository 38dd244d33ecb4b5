/**
 * Thompson sampling with a Beta-Bernoulli model per arm (Thompson 1933; Chapelle & Li 2011, "An empirical
 * evaluation of Thompson sampling"). Arm a's conversion rate has posterior Beta(alpha0 + s_a, beta0 + f_a)
 * after s_a conversions and f_a non-conversions. To choose, draw theta_a from each posterior and take the
 * arm with the largest score:
 *   objective 'conversion': score_a = theta_a;
 *   objective 'margin':     score_a = theta_a * margin_a - cost_a,
 * the expected margin per exposure when a conversion under arm a earns a known margin_a (after the
 * offer's discount) and sending it costs cost_a. Margins are taken as known per arm, so only conversion is
 * uncertain; this keeps the conjugate Beta update and is right when the basket value varies little
 * between arms.
 * Sticky: a customer who already has an arm keeps it (recorded in the bandit and restorable from storage
 * with recordAssignment), so the posterior moves only the choice for new customers.
 */
import type { Rng } from '../../random/rng.js';
import { checkId } from '../holdout.js';
import { sampleBeta } from './beta-sampler.js';
import type { Assignment } from './reason.js';

export interface ThompsonConfig {
  arms: number;
  objective?: 'conversion' | 'margin';
  /** Margin earned by a conversion under each arm (objective 'margin'). */
  margins?: readonly number[];
  /** Cost of one exposure of each arm (objective 'margin'); default 0. */
  costs?: readonly number[];
  /** Beta prior, default 1 and 1 (uniform). */
  priorAlpha?: number;
  priorBeta?: number;
}

export interface ThompsonState {
  version: 1;
  config: ThompsonConfig;
  successes: number[];
  failures: number[];
  assignments: [string, number][];
}

export class ThompsonBandit {
  readonly arms: number;
  readonly successes: Float64Array;
  readonly failures: Float64Array;
  private readonly config: ThompsonConfig;
  private readonly margins: Float64Array;
  private readonly costs: Float64Array;
  private readonly alpha0: number;
  private readonly beta0: number;
  private readonly sticky = new Map<string, number>();

  constructor(config: ThompsonConfig) {
    const k = config.arms;
    if (!Number.isInteger(k) || k < 1) throw new Error(`arms must be an integer >= 1, got ${k}`);
    this.arms = k;
    this.config = { ...config };
    this.alpha0 = config.priorAlpha ?? 1;
    this.beta0 = config.priorBeta ?? 1;
    if (!(this.alpha0 > 0)) throw new Error(`priorAlpha must be > 0, got ${this.alpha0}`);
    if (!(this.beta0 > 0)) throw new Error(`priorBeta must be > 0, got ${this.beta0}`);
    this.margins = new Float64Array(k).fill(1);
    this.costs = new Float64Array(k);
    if ((config.objective ?? 'conversion') === 'margin') {
      if (!config.margins || config.margins.length !== k) {
        throw new Error(`margins must have one entry per arm (${k}) for objective 'margin'`);
      }
      for (let a = 0; a < k; a++) {
        const m = config.margins[a]!;
        const c = config.costs ? config.costs[a]! : 0;
        if (!Number.isFinite(m)) throw new Error(`margins[${a}] must be finite, got ${m}`);
        if (!Number.isFinite(c)) throw new Error(`costs[${a}] must be finite, got ${c}`);
        this.margins[a] = m;
        this.costs[a] = c;
      }
      if (config.costs && config.costs.length !== k) {
        throw new Error(`costs must have one entry per arm (${k}), got ${config.costs.length}`);
      }
    }
    this.successes = new Float64Array(k);
    this.failures = new Float64Array(k);
  }

  /** Draw once from every posterior and choose the arm with the best score (no stickiness). */
  choose(rng: Rng): Assignment {
    const scores: number[] = new Array(this.arms);
    let best = 0;
    for (let a = 0; a < this.arms; a++) {
      const theta = sampleBeta(rng, this.alpha0 + this.successes[a]!, this.beta0 + this.failures[a]!);
      const s = theta * this.margins[a]! - this.costs[a]!;
      scores[a] = s;
      if (s > scores[best]!) best = a;
    }
    return { arm: best, reason: { policy: 'thompson', arm: best, basis: 'sample', scores } };
  }

  /** The customer's recorded arm if any (basis 'sticky'), else a fresh Thompson choice that is recorded. */
  assign(customerId: string, rng: Rng): Assignment {
    checkId('customerId', customerId);
    const kept = this.sticky.get(customerId);
    if (kept !== undefined) {
      return { arm: kept, reason: { policy: 'thompson', arm: kept, basis: 'sticky', scores: [] } };
    }
    const choice = this.choose(rng);
    this.sticky.set(customerId, choice.arm);
    return choice;
  }

  /** Restore an assignment made earlier (for example, read back from storage). */
  recordAssignment(customerId: string, arm: number): void {
    checkId('customerId', customerId);
    this.checkArm(arm);
    this.sticky.set(customerId, arm);
  }

  /** Remove a customer's assignment (customer deleted). Returns whether there was one. */
  forget(customerId: string): boolean {
    return this.sticky.delete(customerId);
  }

  assignedArm(customerId: string): number | undefined {
    return this.sticky.get(customerId);
  }

  /** Record the outcome of one exposure of `arm`. */
  update(arm: number, converted: boolean): void {
    this.checkArm(arm);
    if (converted) this.successes[arm] = this.successes[arm]! + 1;
    else this.failures[arm] = this.failures[arm]! + 1;
  }

  /** Record many outcomes at once. */
  updateCounts(arm: number, conversions: number, exposures: number): void {
    this.checkArm(arm);
    if (!(Number.isInteger(conversions) && conversions >= 0)) {
      throw new Error(`conversions must be an integer >= 0, got ${conversions}`);
    }
    if (!(Number.isInteger(exposures) && exposures >= conversions)) {
      throw new Error(`exposures must be an integer >= conversions (${conversions}), got ${exposures}`);
    }
    this.successes[arm] = this.successes[arm]! + conversions;
    this.failures[arm] = this.failures[arm]! + exposures - conversions;
  }

  /** Posterior mean of arm a's conversion rate. */
  posteriorMean(arm: number): number {
    this.checkArm(arm);
    const a = this.alpha0 + this.successes[arm]!;
    return a / (a + this.beta0 + this.failures[arm]!);
  }

  toJSON(): ThompsonState {
    return {
      version: 1,
      config: this.config,
      successes: Array.from(this.successes),
      failures: Array.from(this.failures),
      assignments: Array.from(this.sticky),
    };
  }

  static fromJSON(state: ThompsonState): ThompsonBandit {
    if (state.version !== 1) throw new Error(`ThompsonState version must be 1, got ${state.version}`);
    const bandit = new ThompsonBandit(state.config);
    for (let a = 0; a < bandit.arms; a++) {
      bandit.updateCounts(a, state.successes[a]!, state.successes[a]! + state.failures[a]!);
    }
    for (const [id, arm] of state.assignments) bandit.recordAssignment(id, arm);
    return bandit;
  }

  private checkArm(arm: number): void {
    if (!(Number.isInteger(arm) && arm >= 0 && arm < this.arms)) {
      throw new Error(`arm must be an integer in [0, ${this.arms}), got ${arm}`);
    }
  }
}
