import { describe, expect, it } from 'vitest';
import { bias, mae, mase, rmse, smape } from '../../src/index.js';

describe('accuracy (Hyndman & Koehler 2006)', () => {
  it('MASE by hand: scaled by the in-sample one-step naive MAE', () => {
    // In-sample 2 4 3 5: naive errors |4-2|, |3-4|, |5-3| = 2, 1, 2, scale 5/3. Forecasts 5 5 for 6 4:
    // MAE 1, MASE 1 / (5/3) = 0.6.
    expect(mase([6, 4], [5, 5], [2, 4, 3, 5])).toBeCloseTo(0.6, 14);
    // Seasonal, m = 2: in-sample 1 2 3 5 4 6, |3-1|, |5-2|, |4-3|, |6-5| = 2, 3, 1, 1, scale 7/4. Forecasts
    // 4 7 for 5 7: MAE 0.5, MASE 0.5 / 1.75 = 2/7.
    expect(mase([5, 7], [4, 7], [1, 2, 3, 5, 4, 6], 2)).toBeCloseTo(2 / 7, 14);
    expect(mase([1], [1], [3, 3, 3])).toBeNaN();
    expect(mase([2], [1], [3, 3, 3])).toBe(Number.POSITIVE_INFINITY);
  });

  it('MAE, RMSE, bias and sMAPE by hand', () => {
    expect(mae([1, 2], [2, 4])).toBe(1.5);
    expect(rmse([1, 2], [2, 4])).toBeCloseTo(Math.sqrt(2.5), 14);
    expect(bias([1, 2], [2, 4])).toBe(1.5); // forecasts run high
    expect(bias([2, 4], [1, 2])).toBe(-1.5);
    // 200 |y - f| / (|y| + |f|): 0 where both are 0, 200 * 5 / 15 for 10 against 5.
    expect(smape([0, 10], [0, 5])).toBeCloseTo(200 / 6, 12);
  });

  it('names the argument at fault', () => {
    expect(() => mae([1, 2], [1])).toThrow(/^forecast: has 1 values, actual has 2/);
    expect(() => rmse([1, Number.NaN], [1, 2])).toThrow(/actual\[1\] is NaN/);
    expect(() => mase([1], [1], [1])).toThrow(/^insample: needs more than seasonLength = 1 values/);
    expect(() => mase([1], [1], [1, 2, 3], 0)).toThrow(/^seasonLength:/);
  });
});
