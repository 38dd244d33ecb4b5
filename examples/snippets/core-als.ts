import { buildInteractions, fitContext, implicitAls } from '@storewise/core';

// Implicit ALS on a tiny interaction set (user, item, weight) of 3 users and 4 items.
const data = buildInteractions({
  users: Int32Array.from([0, 0, 1, 1, 2, 2]),
  items: Int32Array.from([0, 1, 1, 2, 0, 3]),
  weights: Float64Array.from([1, 1, 1, 1, 1, 1]),
});
const model = implicitAls.fit(data, { factors: 8, iterations: 10 }, fitContext({ seed: 0 }));
// The 2 best items user 0 has not interacted with yet (items 0 and 1 are theirs).
console.log(model.recommend(0, 2, [0, 1]));
