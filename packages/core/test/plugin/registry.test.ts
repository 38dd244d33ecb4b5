import { describe, expect, it } from 'vitest';
import { type ModelPlugin, ModelRegistry } from '../../src/index.js';

const mean: ModelPlugin<number[], { shift: number }, { mean: number }> = {
  kind: 'regressor',
  name: 'mean',
  formatVersion: 1,
  defaults: { shift: 0 },
  fit: (xs, params) => ({ mean: xs.reduce((a, b) => a + b, 0) / xs.length + (params.shift ?? 0) }),
  serialize: (m) => new TextEncoder().encode(JSON.stringify(m)),
  deserialize: (b) => JSON.parse(new TextDecoder().decode(b)),
};

describe('model registry', () => {
  it('finds plugins by kind and name and refuses duplicates', () => {
    const registry = new ModelRegistry().register(mean);
    expect(registry.get('regressor', 'mean')).toBe(mean);
    expect(registry.list('regressor')).toHaveLength(1);
    expect(registry.list('recommender')).toHaveLength(0);
    expect(() => registry.register(mean)).toThrow(/already registered/);
    expect(() => registry.get('regressor', 'median')).toThrow(
      /unknown regressor model "median"; known: mean/,
    );
  });
});
