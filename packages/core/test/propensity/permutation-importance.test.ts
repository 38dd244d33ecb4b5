import { describe, expect, it } from 'vitest';
import { permutationImportance } from '../../src/propensity/permutation-importance.js';
import { createRng } from '../../src/random/rng.js';
import { createFeatureMatrix, type FeatureMatrix } from '../../src/tabular/feature-matrix.js';

describe('permutation importance', () => {
  it('is zero for a column the model ignores and large for the one it uses', () => {
    const rng = createRng(1);
    const n = 500;
    const data = new Float64Array(n * 2);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      data[i * 2] = rng.normal();
      data[i * 2 + 1] = rng.normal();
      y[i] = data[i * 2]! > 0 ? 1 : 0;
    }
    const x = createFeatureMatrix(data, n, 2);
    // a "model" that scores by column 0 only
    const model = {
      predictProba: (m: FeatureMatrix) =>
        Float64Array.from({ length: m.nRows }, (_, i) => 1 / (1 + Math.exp(-m.data[i * 2]!))),
    };
    const result = permutationImportance(model, x, y, { nRepeats: 4, seed: 3 });
    expect(result.baseline).toBe(1);
    expect(result.mean[1]).toBe(0);
    expect(result.std[1]).toBe(0);
    expect(result.mean[0]).toBeGreaterThan(0.4); // shuffled, column 0 ranks at chance: AUC near 0.5
    expect(result.drops[0]).toHaveLength(4);
    // the input is left as it was, and the result repeats under the seed
    expect(x.data).toEqual(data);
    expect(permutationImportance(model, x, y, { nRepeats: 4, seed: 3 })).toEqual(result);
    expect(permutationImportance(model, x, y, { columns: [1] }).mean[0]).toBe(0);
  });
});
