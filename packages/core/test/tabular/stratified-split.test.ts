import { describe, expect, it } from 'vitest';
import { foldSplit, stratifiedKFold, stratifiedTrainTestSplit } from '../../src/tabular/index.js';

const y = Uint8Array.from({ length: 103 }, (_, i) => (i % 5 === 0 ? 1 : 0)); // 21 positives, 82 negatives

describe('stratified splits', () => {
  it('deals each class evenly over k folds, repeatably under a seed', () => {
    const folds = stratifiedKFold(y, 5, 7);
    expect(stratifiedKFold(y, 5, 7)).toEqual(folds);
    expect(stratifiedKFold(y, 5, 8)).not.toEqual(folds);
    const sizes = [0, 0, 0, 0, 0];
    const pos = [0, 0, 0, 0, 0];
    for (let i = 0; i < y.length; i++) {
      sizes[folds[i]!]!++;
      pos[folds[i]!]! += y[i]!;
    }
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(Math.max(...pos) - Math.min(...pos)).toBeLessThanOrEqual(1);
    const { train, test } = foldSplit(folds, 2);
    expect(train.length + test.length).toBe(103);
    expect(test.length).toBe(sizes[2]);
  });

  it('keeps class proportions in a train/test split', () => {
    const { train, test } = stratifiedTrainTestSplit(y, 0.2, 1);
    expect(test.length).toBe(Math.round(21 * 0.2) + Math.round(82 * 0.2));
    expect(Array.from(test).filter((i) => y[i] === 1)).toHaveLength(4);
    expect(new Set([...train, ...test]).size).toBe(103);
    expect(stratifiedTrainTestSplit(y, 0.2, 1)).toEqual({ train, test });
  });
});
