/**
 * Gamma and Beta variates on top of createRng. Gamma: Marsaglia & Tsang (2000), "A simple method for
 * generating gamma variables", ACM TOMS 26(3), with the boost G(a) = G(a + 1) U^(1/a) for a < 1.
 * Beta(a, b) = X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
 */
import type { Rng } from '../../random/rng.js';

/** One Gamma(shape, 1) variate; shape > 0. */
export function sampleGamma(rng: Rng, shape: number): number {
  if (!(shape > 0 && Number.isFinite(shape))) throw new Error(`shape must be finite and > 0, got ${shape}`);
  if (shape < 1) {
    let u = rng.next();
    while (u === 0) u = rng.next();
    return sampleGamma(rng, shape + 1) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** One Beta(a, b) variate; a, b > 0. */
export function sampleBeta(rng: Rng, a: number, b: number): number {
  if (!(a > 0 && Number.isFinite(a))) throw new Error(`a must be finite and > 0, got ${a}`);
  if (!(b > 0 && Number.isFinite(b))) throw new Error(`b must be finite and > 0, got ${b}`);
  const x = sampleGamma(rng, a);
  const y = sampleGamma(rng, b);
  return x / (x + y);
}
