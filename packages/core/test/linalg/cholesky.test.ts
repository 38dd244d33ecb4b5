import { describe, expect, it } from 'vitest';
import {
  choleskyInPlace,
  createRng,
  invertSpd,
  invertSpdScalar,
  linalgWasmAvailable,
  solveSpd,
  spdWorkspace,
} from '../../src/index.js';

// The textbook example (Wikipedia, "Cholesky decomposition"); L, inverse and solve checked with NumPy 1.24:
// np.linalg.cholesky(A), np.linalg.inv(A), np.linalg.solve(A, [1, 2, 3]).
const A = new Float64Array([4, 12, -16, 12, 37, -43, -16, -43, 98]);

describe('cholesky', () => {
  it('factors the textbook matrix into its published L', () => {
    const l = A.slice();
    choleskyInPlace(l, 3);
    const lower = [l[0], l[3], l[4], l[6], l[7], l[8]];
    expect(lower).toEqual([2, 6, 1, -8, 5, 3]);
  });

  it('solves and inverts as NumPy does', () => {
    const x = solveSpd(A, 3, new Float64Array([1, 2, 3]));
    [28.583333333333393, -7.666666666666683, 1.3333333333333357].forEach((v, i) => {
      expect(x[i]).toBeCloseTo(v, 9);
    });
    const inv = invertSpd(A, 3);
    const numpy = [
      49.361111111111185, -13.555555555555573, 2.111111111111115, -13.555555555555575, 3.7777777777777826,
      -0.5555555555555567, 2.1111111111111143, -0.5555555555555564, 0.1111111111111113,
    ];
    numpy.forEach((v, i) => {
      expect(inv[i]).toBeCloseTo(v, 9);
    });
  });

  it('refuses a matrix that is not positive definite, naming the pivot', () => {
    expect(() => solveSpd(new Float64Array([1, 2, 2, 1]), 2, new Float64Array([1, 1]))).toThrow(/pivot 1/);
  });
});

describe('invertSpd in WebAssembly against the TypeScript oracle', () => {
  it('gives the same inverse on a 97 x 97 Gram matrix, and refuses a non-PD one', () => {
    expect(linalgWasmAvailable()).toBe(true); // Node 20 runs WebAssembly SIMD
    const rng = createRng(5);
    const n = 97;
    const users = 60;
    const x = Float64Array.from({ length: users * n }, () => (rng.next() < 0.2 ? 1 : 0));
    const gram = new Float64Array(n * n);
    for (let u = 0; u < users; u++)
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) gram[i * n + j] = gram[i * n + j]! + x[u * n + i]! * x[u * n + j]!;
    for (let i = 0; i < n; i++) gram[i * n + i] = gram[i * n + i]! + 3;
    const fast = invertSpd(gram, n);
    const oracle = invertSpdScalar(gram, n);
    let worst = 0;
    for (let k = 0; k < n * n; k++)
      worst = Math.max(worst, Math.abs(fast[k]! - oracle[k]!) / (Math.abs(oracle[k]!) + 1e-12));
    expect(worst).toBeLessThan(1e-9);
    expect(() => invertSpd(new Float64Array([1, 2, 2, 1]), 2)).toThrow(/not positive definite \(pivot 1/);
  });
});

/** X^T X + lambda I for a random 0/1 matrix of `users` rows (an item Gram matrix, as EASE builds). */
function gramMatrix(n: number, users: number, density: number, lambda: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const g = new Float64Array(n * n);
  for (let u = 0; u < users; u++) {
    const items: number[] = [];
    for (let i = 0; i < n; i++) if (rng.next() < density) items.push(i);
    for (const i of items) for (const j of items) g[i * n + j] = g[i * n + j]! + 1;
  }
  for (let i = 0; i < n; i++) g[i * n + i] = g[i * n + i]! + lambda;
  return g;
}

/** max |x - y| over the entries, relative to the largest |y|. */
function maxDiff(x: Float64Array, y: Float64Array): number {
  let worst = 0;
  let scale = 0;
  for (let k = 0; k < y.length; k++) {
    worst = Math.max(worst, Math.abs(x[k]! - y[k]!));
    scale = Math.max(scale, Math.abs(y[k]!));
  }
  return worst / scale;
}

describe('the in-place block sweep in WebAssembly against the TypeScript oracle', () => {
  // Sizes around the 4-wide tiles and the 64-row blocks (one block, a block and one row, a short last
  // tile); block 8 on 37 rows sweeps five blocks, the last of five rows.
  it.each([
    [1, 64],
    [5, 64],
    [63, 64],
    [64, 64],
    [65, 64],
    [131, 64],
    [257, 64],
    [37, 8],
    [40, 12],
  ])('inverts a Gram matrix of %i rows in blocks of %i as the oracle does', (n, block) => {
    const a = gramMatrix(n, 80, 0.2, 3, n);
    const workspace = spdWorkspace(n, block)!;
    workspace.matrix.set(a);
    workspace.invert();
    expect(maxDiff(workspace.matrix, invertSpdScalar(a, n))).toBeLessThan(1e-12);
    // Symmetric, and A A^-1 = I.
    const inv = workspace.matrix;
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(inv[i * n + j]).toBe(inv[j * n + i]);
    for (const i of [0, n >> 1, n - 1]) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += a[i * n + k]! * inv[k * n + j]!;
        expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
  });

  it('names the pivot the oracle names when a later block is not positive definite', () => {
    const n = 150;
    const a = gramMatrix(n, 80, 0.2, 3, 7);
    a[100 * n + 100] = -1e6;
    expect(() => invertSpdScalar(a, n)).toThrow(/pivot 100 /);
    expect(() => invertSpd(a, n)).toThrow(/not positive definite \(pivot 100\)/);
  });

  it.each([
    [300, 64],
    [131, 8],
    [517, 12],
  ])(
    'gives the same inverse, to the bit, with the update split over two threads (n %i, block %i)',
    (n, block) => {
      const a = gramMatrix(n, 120, 0.15, 3, n + 1);
      const one = spdWorkspace(n, block, 1)!;
      const two = spdWorkspace(n, block, 2)!;
      expect([one.threads, two.threads]).toEqual([1, 2]);
      one.matrix.set(a);
      two.matrix.set(a);
      one.invert();
      two.invert();
      expect(
        Buffer.compare(
          Buffer.from(one.matrix.buffer, 0, n * n * 8),
          Buffer.from(two.matrix.buffer, 0, n * n * 8),
        ),
      ).toBe(0);
      expect(maxDiff(two.matrix, invertSpdScalar(a, n))).toBeLessThan(1e-12);
      // A matrix that is not positive definite is refused on two threads as on one.
      const bad = a.slice();
      bad[(n - 3) * n + (n - 3)] = -1e6;
      const again = spdWorkspace(n, block, 2)!;
      again.matrix.set(bad);
      expect(() => again.invert()).toThrow(`matrix is not positive definite (pivot ${n - 3})`);
    },
  );

  it('refuses a block size that is not a positive multiple of 4', () => {
    expect(spdWorkspace(10, 6)).toBeNull();
    expect(spdWorkspace(10, 0)).toBeNull();
  });
});
