import { buildInteractions, fitContext, implicitAls } from '@storewise/core';

// Implicit ALS on a tiny interaction set (user, item, weight) of 3 users and 4 items:
// user 0 bought item 0 once and item 1 twice, user 1 items 1 and 2, user 2 items 0 and 3.
const data = buildInteractions({
  users: Int32Array.from([0, 0, 1, 1, 2, 2]),
  items: Int32Array.from([0, 1, 1, 2, 0, 3]),
  weights: Float64Array.from([1, 2, 1, 1, 1, 1]),
});
// regularization 1, not the default 10: 10 suits a shop's thousands of interactions, but on 6 it
// shrinks every factor to 0 and every score to ~1e-24.
const model = implicitAls.fit(data, { factors: 8, regularization: 1 }, fitContext({ seed: 0 }));
// The 2 best items user 0 has not interacted with yet: item 2 of user 1, who shares item 1 (bought
// twice) with them, before item 3 of user 2, who shares item 0.
console.log(model.recommend(0, 2, [0, 1]));
