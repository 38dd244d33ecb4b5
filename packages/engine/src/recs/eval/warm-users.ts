import type { InteractionMatrix } from '@storewise/core';

/**
 * Test users with at least one training entry (ascending), and how many test users have none. Ranking
 * metrics are taken over the first: a user with nothing in training is served the popular items whatever
 * the model, and a model's all-zero scores for them would rank the catalog in index order.
 */
export function warmTestUsers(
  train: InteractionMatrix,
  test: InteractionMatrix,
): { warm: Int32Array; cold: number } {
  const warm: number[] = [];
  let cold = 0;
  for (let u = 0; u < test.nUsers; u++) {
    if (test.indptr[u + 1]! === test.indptr[u]!) continue;
    if (u < train.nUsers && train.indptr[u + 1]! > train.indptr[u]!) warm.push(u);
    else cold++;
  }
  return { warm: Int32Array.from(warm), cold };
}
