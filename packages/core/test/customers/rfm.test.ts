import { describe, expect, it } from 'vitest';
import {
  assignRfmSegments,
  DEFAULT_RFM_SEGMENTS,
  quantileScores,
  rfmAnalysis,
  rfmScores,
  validateRfmSegments,
} from '../../src/index.js';

// A 40-customer shop. Recency has ties (3, 8, 22, 60 days), frequency is mostly one-time buyers (25 x 1,
// 8 x 2, 4 x 3, 2 x 5, 1 x 9), monetary has no ties. Made with NumPy (default_rng(7)).
const recency = [
  8, 1, 95, 52, 110, 20, 22, 150, 50, 17, 31, 60, 90, 330, 5, 70, 360, 80, 30, 41, 45, 250, 210, 300, 15, 12,
  3, 160, 35, 100, 8, 40, 61, 75, 8, 3, 120, 200, 60, 22,
];
const frequency = [
  2, 1, 2, 3, 2, 2, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 3, 1, 2, 1, 3, 1, 2, 3, 1, 1, 5, 2, 1, 1, 9, 1, 1, 5, 1,
  1, 1, 1, 1,
];
const monetary = [
  58.82, 97.19, 45.21, 108.08, 51.08, 106.4, 230.1, 27.78, 66.9, 34.35, 62.01, 16.66, 30.59, 44.87, 134.12,
  171.61, 14.53, 24.66, 104.26, 7.45, 34.36, 49.54, 191.91, 108.79, 39.36, 37.77, 42.51, 250.52, 35.59, 40.3,
  77.68, 48.39, 44.82, 17.92, 53.97, 35.04, 175.23, 104.91, 53.3, 106.53,
];
// pandas 1.5.3: pd.cut(s.rank(method='average', pct=True), [0, .2, .4, .6, .8, 1], labels=False) + 1, with
// s = -recency for R. For M (no ties) pd.qcut(s.rank(method='first'), 5, labels=False) + 1 gives the same.
const pandasR = [
  5, 5, 2, 3, 2, 4, 4, 1, 3, 4, 4, 3, 2, 1, 5, 2, 1, 2, 4, 3, 3, 1, 1, 1, 4, 5, 5, 1, 4, 2, 5, 3, 3, 2, 5, 5,
  2, 1, 3, 4,
];
const pandasM = [
  3, 4, 3, 5, 3, 4, 5, 1, 4, 1, 4, 1, 1, 3, 5, 5, 1, 1, 4, 1, 2, 3, 5, 5, 2, 2, 2, 5, 2, 2, 4, 3, 2, 1, 3, 2,
  5, 4, 3, 4,
];

describe('quantile scores', () => {
  it('splits tie-free data into equal fifths', () => {
    const v = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(Array.from(quantileScores(v))).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    expect(Array.from(quantileScores(v, { higherIsBetter: false }))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('gives equal values the same score, and fills a bin a run of ties would leave empty', () => {
    // Base rule ceil(5 * rbar / n) (pandas: [1, 1, 1, 3, 3, 3, 4, 5, 5, 5]) leaves score 2 empty; the repair
    // walks up the distinct values and gives the 2s score 2.
    const v = [1, 1, 1, 2, 2, 3, 4, 5, 5, 6];
    expect(Array.from(quantileScores(v))).toEqual([1, 1, 1, 2, 2, 3, 4, 5, 5, 5]);
  });

  it('agrees with pandas on a 40-customer shop (recency with ties, monetary without)', () => {
    expect(Array.from(quantileScores(recency, { higherIsBetter: false }))).toEqual(pandasR);
    expect(Array.from(quantileScores(monetary))).toEqual(pandasM);
    // Every score holds 8 of the 40 customers for monetary.
    const counts = [0, 0, 0, 0, 0];
    for (const s of quantileScores(monetary)) counts[s - 1]!++;
    expect(counts).toEqual([8, 8, 8, 8, 8]);
  });

  it('scores the one-time buyers of a small shop 1 and uses every score', () => {
    // Base scores by mid-rank would be 2, 4, 5, 5, 5 for 1, 2, 3, 5, 9 orders: no F = 1 and three values
    // sharing 5. With five distinct values all five scores are used, in order.
    const f = quantileScores(frequency);
    const byValue = new Map<number, number>();
    frequency.forEach((v, i) => {
      const s = f[i]!;
      if (byValue.has(v)) expect(byValue.get(v)).toBe(s);
      byValue.set(v, s);
    });
    expect([...byValue.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [5, 4],
      [9, 5],
    ]);
  });

  it('handles fewer distinct values than scores', () => {
    expect(Array.from(quantileScores([7, 7, 7]))).toEqual([3, 3, 3]);
    // One-time vs repeat buyers, 60/40: distinct scores, the lower value anchored at 1.
    expect(Array.from(quantileScores([1, 1, 1, 2, 2, 1, 1, 1, 2, 2]))).toEqual([
      1, 1, 1, 5, 5, 1, 1, 1, 5, 5,
    ]);
    // Three values, 70/20/10.
    const v = [...Array(7).fill(1), 2, 2, 3];
    expect(Array.from(quantileScores(v))).toEqual([1, 1, 1, 1, 1, 1, 1, 4, 4, 5]);
    expect(Array.from(quantileScores([5, 1]))).toEqual([5, 1]);
    expect(Array.from(quantileScores([42]))).toEqual([3]);
    expect(quantileScores([]).length).toBe(0);
    // Not a value to bin: NaN, and infinities (Infinity - Infinity made the sort's comparator NaN).
    expect(() => quantileScores([1, Number.NaN])).toThrow('value 1 is NaN; expected a finite number');
    expect(() => quantileScores([Number.POSITIVE_INFINITY, 1, Number.POSITIVE_INFINITY])).toThrow(
      'value 0 is Infinity; expected a finite number',
    );
  });

  it("matches pandas' qcut on ranks for tie-free data whenever n is a multiple of 5", () => {
    // pd.qcut(s.rank(method='first'), 5) puts rank i (1-based) in bin max(1, ceil(5 (i - 1) / (n - 1))).
    for (const n of [5, 40, 45, 100, 1000]) {
      const values = Array.from({ length: n }, (_, i) => ((i * 7919) % n) + 0.5);
      const scores = quantileScores(values);
      values.forEach((v, i) => {
        const rank = v + 0.5; // values are a permutation of 0.5 .. n - 0.5
        expect(scores[i]).toBe(Math.max(1, Math.ceil((5 * (rank - 1)) / (n - 1))));
      });
    }
  });

  it('keeps every score non-empty when ties allow it, and scores are monotone in the value', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const n = 40 + seed;
      const v = Array.from({ length: n }, (_, i) =>
        Math.floor(((i * 2654435761 + seed * 97) % 1000) ** 2 / 1e5),
      );
      const s = quantileScores(v);
      const distinct = new Set(v).size;
      expect(new Set(s).size).toBe(Math.min(5, distinct));
      const order = v.map((x, i) => [x, s[i]!] as const).sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < n; i++) expect(order[i]![1]).toBeGreaterThanOrEqual(order[i - 1]![1]);
    }
  });

  it('rejects NaN and bad bin counts', () => {
    expect(() => quantileScores([1, Number.NaN])).toThrow(/value 1/);
    expect(() => quantileScores([1], { bins: 0 })).toThrow(/bins/);
  });
});

describe('RFM segments', () => {
  it('covers every R x F cell of the default grid exactly once', () => {
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++) {
        const hits = DEFAULT_RFM_SEGMENTS.filter(
          (s) => r >= s.recency[0] && r <= s.recency[1] && f >= s.frequency[0] && f <= s.frequency[1],
        );
        expect(hits.length, `cell R${r} F${f}`).toBe(1);
      }
    expect(new Set(DEFAULT_RFM_SEGMENTS.map((s) => s.name)).size).toBe(11);
  });

  it('names the grid cells as the standard map does', () => {
    const cells: [number, number, string][] = [
      [5, 5, 'Champions'],
      [4, 4, 'Loyal'],
      [3, 5, 'Loyal'],
      [5, 2, 'Potential Loyalists'],
      [5, 1, 'New'],
      [4, 1, 'Promising'],
      [3, 3, 'Need Attention'],
      [3, 1, 'About to Sleep'],
      [2, 4, 'At Risk'],
      [1, 5, "Can't Lose"],
      [2, 2, 'Hibernating'],
      [1, 1, 'Lost'],
    ];
    const scores = {
      recency: Uint8Array.from(cells, (c) => c[0]),
      frequency: Uint8Array.from(cells, (c) => c[1]),
      monetary: new Uint8Array(cells.length).fill(3),
    };
    const { segment, segments } = assignRfmSegments(scores);
    expect(Array.from(segment, (k) => segments[k])).toEqual(cells.map((c) => c[2]));
  });

  it('reports sizes and revenue shares that add up', () => {
    const res = rfmAnalysis({ recencyDays: recency, frequency, monetary });
    expect(res.segments.slice(0, 11)).toEqual(DEFAULT_RFM_SEGMENTS.map((s) => s.name));
    let customers = 0;
    let share = 0;
    let revenue = 0;
    for (const row of res.report) {
      customers += row.customers;
      share += row.revenueShare;
      revenue += row.revenue;
      expect(row.customerShare).toBeCloseTo(row.customers / 40, 12);
    }
    expect(customers).toBe(40);
    expect(share).toBeCloseTo(1, 12);
    expect(revenue).toBeCloseTo(
      monetary.reduce((a, b) => a + b, 0),
      9,
    );
    // Customer 31 (9 orders, 40 days ago) scores R3 F5 -> Loyal; customer 2 (1 order, 1 day ago) -> New.
    expect(res.scores.frequency[31]).toBe(5);
    expect(res.scores.recency[31]).toBe(3);
    expect(res.segments[res.segment[31]!]).toBe('Loyal');
    expect(res.segments[res.segment[1]!]).toBe('New');
    // Customer 16 (1 order, 360 days ago) -> Lost.
    expect(res.segments[res.segment[16]!]).toBe('Lost');
    const lost = res.report.find((r) => r.name === 'Lost')!;
    const expected = monetary
      .filter((_, i) => res.segments[res.segment[i]!] === 'Lost')
      .reduce((a, b) => a + b, 0);
    expect(lost.revenue).toBeCloseTo(expected, 9);
  });

  it('takes a custom map (first match wins; shared names merge; unmatched go to Other)', () => {
    const scores = rfmScores({ recencyDays: recency, frequency, monetary });
    const { segment, segments } = assignRfmSegments(scores, [
      { name: 'Big spenders', recency: [1, 5], frequency: [1, 5], monetary: [5, 5] },
      { name: 'Recent', recency: [4, 5], frequency: [1, 5] },
      { name: 'Recent', recency: [3, 3], frequency: [5, 5] },
    ]);
    expect(segments).toEqual(['Big spenders', 'Recent', 'Other']);
    for (let i = 0; i < 40; i++) {
      const name = segments[segment[i]!];
      if (scores.monetary[i] === 5) expect(name).toBe('Big spenders');
      else if (scores.recency[i]! >= 4 || (scores.recency[i] === 3 && scores.frequency[i] === 5))
        expect(name).toBe('Recent');
      else expect(name).toBe('Other');
    }
  });

  it('validates a map, naming the bad rule', () => {
    expect(() => validateRfmSegments([{ name: 'x', recency: [0, 3], frequency: [1, 5] }])).toThrow(
      /segments\[0\]\.recency/,
    );
    expect(() => validateRfmSegments([{ name: 'x', recency: [1, 3], frequency: [4, 2] }])).toThrow(
      /frequency/,
    );
    expect(() =>
      validateRfmSegments([
        { name: 'ok', recency: [1, 5], frequency: [1, 5] },
        { name: '', recency: [1, 5], frequency: [1, 5] },
      ]),
    ).toThrow(/segments\[1\]\.name/);
    expect(() => validateRfmSegments([])).toThrow(/empty/);
    expect(() => rfmScores({ recencyDays: [1, 2], frequency: [1], monetary: [1, 2] })).toThrow(/same length/);
  });
});
