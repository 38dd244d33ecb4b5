import { forecastSeries, reorderPlan } from '@storewise/core';

// 20 weeks of one item's sales: a sale every two or three weeks.
const sold = [0, 3, 0, 0, 2, 0, 4, 0, 0, 3, 0, 2, 0, 0, 5, 0, 3, 0, 0, 2];
const f = forecastSeries(sold, { horizon: 8, seasonLength: 52 });
console.log(f.demandClass, f.method, f.candidates); // intermittent, the best of croston/sba/tsb
console.log(f.mean[0], f.lower[0], f.upper[0]); // units per week with a 90% interval

// 4 units on hand, 10 days' lead time (1.43 weeks), 95% cycle service level.
console.log(
  reorderPlan({ mean: f.mean, sigma: f.sigma, stock: 4, leadTimePeriods: 10 / 7, serviceLevel: 0.95 }),
);
