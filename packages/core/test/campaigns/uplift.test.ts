import { describe, expect, it } from 'vitest';
import { qiniCoefficient, qiniCurve, upliftByBin } from '../../src/campaigns/uplift.js';

// A fixed data set built by formula (no RNG), with ties in the score:
// score = ((37 i) mod 50) / 50, treated unless 7i mod 3 = 0, converted when (13 i + 5) mod 11 is below
// 2 + 4 score (treated) or 2 (control).
function fixture(n = 200) {
  const score = new Float64Array(n);
  const treatment = new Uint8Array(n);
  const outcome = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    score[i] = ((i * 37) % 50) / 50;
    treatment[i] = (i * 7) % 3 !== 0 ? 1 : 0;
    outcome[i] = (i * 13 + 5) % 11 < (treatment[i] ? 2 + 4 * score[i]! : 2) ? 1 : 0;
  }
  return { score, treatment, outcome };
}

describe('Qini curve and coefficient', () => {
  it('match a NumPy transcription of sklift.metrics.qini_curve and qini_auc_score(negative_effect=True)', () => {
    const { score, treatment, outcome } = fixture();
    const curve = qiniCurve(score, treatment, outcome);
    // Python reference: 51 points, x = 0, 4, 8, 12, 16, ..., y = 0, 1, 4, 7, 6.8, ..., last 32.17910447761194.
    expect(curve.x.length).toBe(51);
    expect(Array.from(curve.x.subarray(0, 5))).toEqual([0, 4, 8, 12, 16]);
    expect(curve.y[1]).toBeCloseTo(1, 12);
    expect(curve.y[3]).toBeCloseTo(7, 12);
    expect(curve.y[4]).toBeCloseTo(6.8, 12);
    expect(curve.y[50]).toBeCloseTo(32.17910447761194, 10);
    expect(qiniCoefficient(score, treatment, outcome)).toBeCloseTo(0.13798239626115166, 10);
  });

  it('is 1 for the perfect ranking and changes sign when the ranking is reversed', () => {
    const { score, treatment, outcome } = fixture();
    const perfect = new Float64Array(score.length).map((_, i) => (treatment[i] ? outcome[i]! : -outcome[i]!));
    expect(qiniCoefficient(perfect, treatment, outcome)).toBeCloseTo(1, 12);
    const reversed = score.map((s) => -s);
    expect(qiniCoefficient(reversed, treatment, outcome)).toBeLessThan(0);
  });
});

describe('upliftByBin', () => {
  it('reports deciles by decreasing score and withholds the Qini curve until every cell has 30', () => {
    const small = fixture(200);
    const report = upliftByBin(small.score, small.treatment, small.outcome);
    expect(report.bins).toHaveLength(10);
    expect(report.bins.reduce((s, b) => s + b.treated + b.control, 0)).toBe(200);
    expect(report.enough).toBe(false);
    expect(report.qiniCoefficient).toBeNaN();
    const big = fixture(1000);
    const full = upliftByBin(big.score, big.treatment, big.outcome);
    expect(full.enough).toBe(true);
    // The treated rate rises with the score by construction, so the top decile's uplift beats the bottom's.
    expect(full.bins[0]!.uplift).toBeGreaterThan(full.bins[9]!.uplift + 0.2);
    expect(full.qiniCoefficient).toBeGreaterThan(0);
  });
  it('shares tied scores among the bins they straddle, as expected counts under a random order of the ties', () => {
    // A constant score: outcomes follow the row order only, which must not show as uplift by decile.
    const n = 2000;
    const score = new Float64Array(n).fill(0.3);
    const treatment = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 1));
    const outcome = Float64Array.from({ length: n }, (_, i) => (i < 500 ? 1 : 0));
    const report = upliftByBin(score, treatment, outcome);
    const [nT, nC] = [treatment.filter((t) => t === 1).length, treatment.filter((t) => t === 0).length];
    const rate = (t: number) => outcome.filter((_, i) => treatment[i] === t).reduce((a, b) => a + b, 0);
    for (const bin of report.bins) {
      expect(bin.treated).toBeCloseTo(nT / 10, 10);
      expect(bin.control).toBeCloseTo(nC / 10, 10);
      expect(bin.treatedRate).toBeCloseTo(rate(1) / nT, 12);
      expect(bin.uplift).toBeCloseTo(rate(1) / nT - rate(0) / nC, 12);
    }
    // Two runs of ties, of 3 and 7, over 4 bins of 2 or 3 ranks: bin 1 (ranks 2-4) holds one third of the
    // first run and two sevenths of the second.
    const two = Float64Array.from([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    const t = Uint8Array.from([1, 1, 0, 1, 1, 1, 1, 0, 0, 0]);
    const y = Float64Array.from([1, 0, 0, 1, 1, 0, 0, 0, 1, 0]);
    const bins = upliftByBin(two, t, y, { bins: 4, minPerCell: 1 }).bins;
    expect(bins[1]!.treated).toBeCloseTo((1 / 3) * 2 + (2 / 7) * 4, 12);
    expect(bins[1]!.control).toBeCloseTo((1 / 3) * 1 + (2 / 7) * 3, 12);
    expect(bins[1]!.treatedRate).toBeCloseTo(((1 / 3) * 1 + (2 / 7) * 2) / ((1 / 3) * 2 + (2 / 7) * 4), 12);
    expect(bins.reduce((s, b) => s + b.treated + b.control, 0)).toBeCloseTo(10, 12);
  });

  it('names bad input', () => {
    const { score, treatment, outcome } = fixture(20);
    expect(() => upliftByBin(score, treatment.subarray(1), outcome)).toThrow(
      'treatment must have 20 entries, got 19',
    );
    expect(() => upliftByBin(score, treatment, outcome, { bins: 0 })).toThrow(
      'bins must be an integer >= 1, got 0',
    );
  });
});
