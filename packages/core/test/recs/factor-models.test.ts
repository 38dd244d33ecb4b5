import { describe, expect, it } from 'vitest';
import { solveSpd } from '../../src/linalg/cholesky.js';
import { fitContext } from '../../src/plugin/fit-context.js';
import { buildInteractions } from '../../src/recs/interactions.js';
import { evaluateRatings } from '../../src/recs/metrics.js';
import { alsLoss, cgRows, cgScratch, exactRow, gramPlusReg } from '../../src/recs/models/als-kernel.js';
import { biasedMf } from '../../src/recs/models/biased-mf.js';
import { bpr } from '../../src/recs/models/bpr.js';
import { ease, easeWeights } from '../../src/recs/models/ease.js';
import { alsHalfStep, confidences, implicitAls } from '../../src/recs/models/implicit-als.js';
import { clusteredMatrix, inGroupShare, tinyMatrix } from './fixtures.js';

const close = (a: ArrayLike<number>, b: number[], digits = 12) => {
  expect(a.length).toBe(b.length);
  b.forEach((v, j) => {
    expect(a[j]).toBeCloseTo(v, digits);
  });
};

describe('EASE', () => {
  // NumPy (bench/peers/recs_models_ref.py): P = inv(X^T X + I), B = -P / diag(P), diag(B) = 0.
  const numpyB = [
    0.0, 0.46153846153846156, -0.12499999999999996, 0.3333333333333333, 0.5624999999999999, 0.0,
    0.5624999999999999, -0.3333333333333333, -0.125, 0.4615384615384615, 0.0, 0.3333333333333333, 0.375,
    -0.3076923076923077, 0.375, 0.0,
  ];

  it('matches the closed form computed with NumPy', () => {
    close(easeWeights(tinyMatrix(), 1), numpyB);
    const m = ease.fit(tinyMatrix(), { lambda: 1 }, fitContext());
    close(
      m.scoreUser(0, new Float64Array(4)),
      [0.5624999999999999, 0.46153846153846156, 0.43749999999999994, 0],
      6,
    );
    expect([...m.recommend(0, 2, [0, 1]).items]).toEqual([2, 3]);
  });

  it('rejects a non-positive lambda', () => {
    expect(() => ease.fit(tinyMatrix(), { lambda: 0 }, fitContext())).toThrow(/lambda/);
  });

  it('fits the same weights, to the bit, with the inverse on two threads', () => {
    const m = clusteredMatrix();
    const one = ease.fit(m, { lambda: 2 }, fitContext());
    const two = ease.fit(m, { lambda: 2, threads: 2 }, fitContext());
    expect(m.nItems).toBeGreaterThan(8);
    expect(Array.from(two.weights)).toEqual(Array.from(one.weights));
    expect(() => ease.fit(m, { lambda: 2, threads: 3 }, fitContext())).toThrow(/threads/);
  });

  it('keeps Float32 weights equal to the Float64 ones rounded', () => {
    const b64 = easeWeights(tinyMatrix(), 1);
    const b32 = easeWeights(tinyMatrix(), 1, { precision: 32 });
    expect(b32).toBeInstanceOf(Float32Array);
    expect(Array.from(b32)).toEqual(Array.from(Float32Array.from(b64)));
  });

  it('refuses, before allocating, a catalog whose matrix no WebAssembly memory holds', () => {
    const users = Int32Array.of(0, 0, 1);
    const items = Int32Array.of(0, 23_999, 5);
    const big = buildInteractions({ users, items }, { nItems: 24_000 });
    expect(big.nItems).toBe(24_000);
    expect(() => easeWeights(big, 500)).toThrow(
      'EASE inverts an items x items matrix: 24,000 items need 4.3 GB in one WebAssembly memory, which holds at most 4 GB (about 23,000 items); item-knn or als fit larger catalogs',
    );
  });
});

describe('implicit ALS', () => {
  // u1's item 2 weighs 3; alpha 2, reg 0.1, f 3; initial factors as in bench/peers/recs_models_ref.py
  const data = tinyMatrix((u, i) => (u === 1 && i === 2 ? 3 : 1));
  const f = 3;
  const init = () => ({
    x: Float64Array.from({ length: 5 * f }, (_, j) => 0.01 * (((7 * j) % 11) + 1)),
    y: Float64Array.from({ length: 4 * f }, (_, j) => 0.1 * (((3 * j) % 7) + 1)),
  });
  const numpyExact = [
    -0.7199621299058989, 1.6536607757631396, 0.44454326371356445, 0.6906378637019307, 0.7487165053220707,
    0.8016801128013887, 1.1263573085846867, 0.8825522041763338, -0.4637122969837587, 1.429534726904924,
    -0.7012811867835466, 0.3776129467296004, -0.017189380088447257, -0.007657087493943473, 1.3147922429015664,
  ];
  const numpyCg1 = [
    0.24906995834317658, 0.714302166108113, 0.6022114827932893, 0.8067864308137531, 0.5518429113702721,
    0.8098263178446342, 0.5953621428011601, 0.4986971006357137, 0.38037841952863277, 0.7358738955951615,
    0.2509816407748012, 0.5441880452172347, 0.4481177813501526, 0.37039073159383007, 0.7343938353161776,
  ];
  const conf = confidences(data, 2).rows;

  it('one exact user half-step matches NumPy', () => {
    const { x, y } = init();
    alsHalfStep(data.indptr, data.indices, conf, x, y, 4, {
      factors: f,
      regularization: 0.1,
      cgSteps: 3,
      solver: 'exact',
    });
    close(x, numpyExact, 10);
  });

  it('one CG step per user matches the implicit-style CG in NumPy; three steps reach the exact solve', () => {
    const a = init();
    alsHalfStep(data.indptr, data.indices, conf, a.x, a.y, 4, {
      factors: f,
      regularization: 0.1,
      cgSteps: 1,
      solver: 'cg',
    });
    close(a.x, numpyCg1, 10);
    const b = init();
    cgRows(data.indptr, data.indices, conf, b.x, b.y, f, gramPlusReg(b.y, 4, f, 0.1), 3, 0, 5, cgScratch(f));
    close(b.x, numpyExact, 9);
  });

  it('the exact row solve agrees with the loss minimum (loss goes up when x moves)', () => {
    const { x, y } = init();
    alsHalfStep(data.indptr, data.indices, conf, x, y, 4, {
      factors: f,
      regularization: 0.1,
      cgSteps: 3,
      solver: 'exact',
    });
    const base = alsLoss(data.indptr, data.indices, conf, x, 5, y, 4, f, 0.1);
    for (let j = 0; j < x.length; j++) {
      const moved = x.slice();
      moved[j]! += 1e-3;
      expect(alsLoss(data.indptr, data.indices, conf, moved, 5, y, 4, f, 0.1)).toBeGreaterThan(base);
    }
    const row = new Float64Array(f);
    exactRow([0, 1], [2, 2], y, f, gramPlusReg(y, 4, f, 0.1), solveSpd, row);
    close(row, numpyExact.slice(0, 3), 10);
  });

  it('the loss decreases every iteration and the model ranks own-group items first', () => {
    const m = clusteredMatrix();
    const c = confidences(m, 5);
    const ctx = fitContext({ seed: 3 });
    const x = new Float64Array(m.nUsers * 4).map(() => ctx.rng.next() * 0.01);
    const y = new Float64Array(m.nItems * 4).map(() => ctx.rng.next() * 0.01);
    let prev = alsLoss(m.indptr, m.indices, c.rows, x, m.nUsers, y, m.nItems, 4, 0.1);
    for (let it = 0; it < 6; it++) {
      for (const solver of ['cg'] as const) {
        const p = { factors: 4, regularization: 0.1, cgSteps: 3, solver };
        alsHalfStep(m.indptr, m.indices, c.rows, x, y, m.nItems, p);
        alsHalfStep(m.colptr, m.rowind, c.cols, y, x, m.nUsers, p);
      }
      const loss = alsLoss(m.indptr, m.indices, c.rows, x, m.nUsers, y, m.nItems, 4, 0.1);
      expect(loss).toBeLessThan(prev + 1e-9);
      prev = loss;
    }
    const model = implicitAls.fit(
      m,
      { factors: 4, alpha: 5, regularization: 0.1, iterations: 8 },
      fitContext(),
    );
    expect(inGroupShare(model, m)).toBeGreaterThan(0.95);
  });

  it('is deterministic under a seed, and folds a history in like a fitted user', () => {
    const m = clusteredMatrix();
    const a = implicitAls.fit(
      m,
      { factors: 4, iterations: 3, regularization: 0.01 },
      fitContext({ seed: 1 }),
    );
    const b = implicitAls.fit(
      m,
      { factors: 4, iterations: 3, regularization: 0.01 },
      fitContext({ seed: 1 }),
    );
    expect(a.userFactors).toEqual(b.userFactors);
    // fold-in is an exact user half-step against the final item factors
    const exact = implicitAls.fit(
      m,
      { factors: 4, iterations: 3, regularization: 0.01 },
      fitContext({ seed: 1 }),
    );
    const x = exact.userFactors.slice();
    const conf = confidences(m, 1).rows;
    alsHalfStep(m.indptr, m.indices, conf, x, exact.itemFactors, m.nItems, {
      factors: 4,
      regularization: 0.01,
      cgSteps: 3,
      solver: 'exact',
    });
    const h = m.indices.subarray(m.indptr[0]!, m.indptr[1]!);
    close(exact.foldIn(h, null), [...x.subarray(0, 4)], 10);
    expect(exact.similarItems(0, 3).items).not.toContain(0);
  });
});

describe('BPR', () => {
  it('learns to rank own-group items first, deterministically under a seed', () => {
    const m = clusteredMatrix();
    const p = { factors: 8, epochs: 40, learningRate: 0.05, regularization: 0.001 };
    const a = bpr.fit(m, p, fitContext({ seed: 2 }));
    const b = bpr.fit(m, p, fitContext({ seed: 2 }));
    expect(a.itemFactors).toEqual(b.itemFactors);
    expect(inGroupShare(a, m)).toBeGreaterThan(0.95);
    const c = bpr.fit(m, p, fitContext({ seed: 3 }));
    expect(c.itemFactors).not.toEqual(a.itemFactors);
  });
});

describe('biased MF (Surprise SVD)', () => {
  // Ratings with a user effect and an item effect plus an interaction term.
  const ratings = () => {
    const users: number[] = [];
    const items: number[] = [];
    const values: number[] = [];
    for (let u = 0; u < 30; u++) {
      for (let i = 0; i < 20; i++) {
        if ((u * 7 + i * 3) % 4 === 0) continue;
        users.push(u);
        items.push(i);
        const r = 3 + (u % 3) * 0.5 - (i % 4) * 0.4 + (u < 15 === i < 10 ? 0.8 : -0.8);
        values.push(Math.min(5, Math.max(1, Math.round(r))));
      }
    }
    return buildInteractions(
      { users: new Int32Array(users), items: new Int32Array(items), weights: new Float64Array(values) },
      { duplicates: 'last' },
    );
  };

  it('fits the training ratings far better than the global mean, deterministically', () => {
    const data = ratings();
    const mean = data.values.reduce((a, v) => a + v, 0) / data.values.length;
    const baseline = Math.sqrt(data.values.reduce((a, v) => a + (v - mean) ** 2, 0) / data.values.length);
    const p = { factors: 10, epochs: 60, learningRate: 0.01 };
    const m = biasedMf.fit(data, p, fitContext({ seed: 0 }));
    const { rmse, mae } = evaluateRatings(m, data);
    expect(rmse).toBeLessThan(0.5 * baseline);
    expect(mae).toBeLessThan(rmse + 1e-12);
    expect(biasedMf.fit(data, p, fitContext({ seed: 0 })).userFactors).toEqual(m.userFactors);
    expect(m.globalMean).toBeCloseTo(mean, 12);
  });

  it('clips to the rating range and falls back to the biases for unknown users', () => {
    const data = ratings();
    const m = biasedMf.fit(data, { factors: 4, epochs: 5 }, fitContext());
    for (let i = 0; i < data.nItems; i++) {
      const r = m.predict(0, i);
      expect(r).toBeGreaterThanOrEqual(1);
      expect(r).toBeLessThanOrEqual(5);
    }
    expect(m.predict(999, 0)).toBeCloseTo(m.globalMean + m.itemBiases[0]!, 12);
  });
});
