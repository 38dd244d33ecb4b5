/**
 * A simulated shop with known truth, to keep the campaign statistics honest. Customers fall into segments
 * with given weights; each segment has a true conversion rate without an offer and under each offer arm,
 * a basket value and a margin per purchase. Each simulated customer draws one uniform u and converts under
 * arm a when u < rate(segment, a) (and under no offer when u < rate(segment, control)): the potential
 * outcomes share u, so an offer that raises the rate never loses a buyer, and the realized increment of
 * any assignment can be computed exactly for every customer.
 * Basket values vary: value = basketValue(segment) exp(sigma Z - sigma^2 / 2), Z standard normal, mean kept.
 */
import type { Rng } from '../random/rng.js';

export interface ShopModel {
  segmentWeights: readonly number[];
  /** P(buy | no offer) per segment. */
  controlRates: readonly number[];
  /** P(buy | offer a) per segment, row-major segments x arms. */
  offerRates: readonly number[];
  arms: number;
  /** Mean basket value per segment. */
  basketValue: readonly number[];
  /** Margin of a purchase as a fraction of the basket value (before the offer's discount). */
  marginRate: number;
  /** Cost of sending each arm, and cost paid per conversion under each arm (the discount). */
  costPerOffer: readonly number[];
  costPerConversion: readonly number[];
  /** Log-normal sigma of basket values; default 0.5. */
  basketSigma?: number;
}

export interface SimulatedCustomers {
  segment: Int32Array;
  /** The uniform deciding each customer's potential outcomes. */
  uniform: Float64Array;
  /** Basket value if the customer buys. */
  basket: Float64Array;
}

export class ShopSimulator {
  readonly model: ShopModel;
  readonly segments: number;
  private readonly cumulative: Float64Array;

  constructor(model: ShopModel) {
    const s = model.segmentWeights.length;
    const k = model.arms;
    if (s < 1) throw new Error('segmentWeights must not be empty');
    if (!(Number.isInteger(k) && k >= 1)) throw new Error(`arms must be an integer >= 1, got ${k}`);
    const lengths: [string, number, number][] = [
      ['controlRates', model.controlRates.length, s],
      ['offerRates', model.offerRates.length, s * k],
      ['basketValue', model.basketValue.length, s],
      ['costPerOffer', model.costPerOffer.length, k],
      ['costPerConversion', model.costPerConversion.length, k],
    ];
    for (const [name, got, want] of lengths) {
      if (got !== want) throw new Error(`${name} must have ${want} entries, got ${got}`);
    }
    const rates = [...model.controlRates, ...model.offerRates];
    rates.forEach((r, i) => {
      if (!(r >= 0 && r <= 1)) throw new Error(`rates must be probabilities, got ${r} at position ${i}`);
    });
    let total = 0;
    model.segmentWeights.forEach((w, i) => {
      if (!(w >= 0 && Number.isFinite(w)))
        throw new Error(`segmentWeights[${i}] must be finite and >= 0, got ${w}`);
      total += w;
    });
    if (!(total > 0)) throw new Error('segmentWeights must have a positive sum');
    this.model = model;
    this.segments = s;
    this.cumulative = new Float64Array(s);
    let acc = 0;
    for (let i = 0; i < s; i++) {
      acc += model.segmentWeights[i]!;
      this.cumulative[i] = acc / total;
    }
    this.cumulative[s - 1] = 1;
  }

  /** True conversion rate of a segment under an arm, or without an offer for arm -1. */
  rate(segment: number, arm: number): number {
    return arm < 0
      ? this.model.controlRates[segment]!
      : this.model.offerRates[segment * this.model.arms + arm]!;
  }

  /** Population conversion rate under an arm (-1: no offer): the sum over segments of weight times rate. */
  populationRate(arm: number): number {
    let r = 0;
    let prev = 0;
    for (let s = 0; s < this.segments; s++) {
      r += (this.cumulative[s]! - prev) * this.rate(s, arm);
      prev = this.cumulative[s]!;
    }
    return r;
  }

  /** Expected incremental margin of offering `arm` to a customer of `segment` (as in the policy). */
  expectedIncrement(segment: number, arm: number): number {
    const m = this.model.marginRate * this.model.basketValue[segment]!;
    const d = this.model.costPerConversion[arm]!;
    return this.rate(segment, arm) * (m - d) - this.rate(segment, -1) * m - this.model.costPerOffer[arm]!;
  }

  customers(n: number, rng: Rng): SimulatedCustomers {
    if (!(Number.isInteger(n) && n >= 0)) throw new Error(`n must be an integer >= 0, got ${n}`);
    const sigma = this.model.basketSigma ?? 0.5;
    const segment = new Int32Array(n);
    const uniform = new Float64Array(n);
    const basket = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      let s = 0;
      while (s < this.segments - 1 && u >= this.cumulative[s]!) s++;
      segment[i] = s;
      uniform[i] = rng.next();
      basket[i] = this.model.basketValue[s]! * Math.exp(sigma * rng.normal() - (sigma * sigma) / 2);
    }
    return { segment, uniform, basket };
  }

  /** Whether customer i converts under `arm` (-1: no offer). */
  converts(customers: SimulatedCustomers, i: number, arm: number): boolean {
    return customers.uniform[i]! < this.rate(customers.segment[i]!, arm);
  }

  /** Realized margin of customer i under `arm` (-1: no offer), net of the offer's costs. */
  realizedMargin(customers: SimulatedCustomers, i: number, arm: number): number {
    const buys = this.converts(customers, i, arm);
    const margin = buys ? this.model.marginRate * customers.basket[i]! : 0;
    if (arm < 0) return margin;
    return margin - this.model.costPerOffer[arm]! - (buys ? this.model.costPerConversion[arm]! : 0);
  }
}
