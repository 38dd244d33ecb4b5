import { createRng } from '../../src/random/rng.js';
import { buildInteractions, type InteractionMatrix } from '../../src/recs/interactions.js';

/** The 5 users x 4 items matrix of the hand-computed and NumPy reference cases. */
export const ROWS = [
  [0, 1],
  [0, 1, 2],
  [1, 2],
  [2, 3],
  [0, 3],
];

export function tinyMatrix(weights?: (u: number, i: number) => number): InteractionMatrix {
  const users: number[] = [];
  const items: number[] = [];
  const w: number[] = [];
  ROWS.forEach((row, u) => {
    for (const i of row) {
      users.push(u);
      items.push(i);
      w.push(weights ? weights(u, i) : 1);
    }
  });
  return buildInteractions({
    users: new Int32Array(users),
    items: new Int32Array(items),
    weights: new Float64Array(w),
  });
}

/**
 * Two taste groups: users 0..n/2-1 interact with random items of 0..m/2-1, the others with items of
 * m/2..m-1 (each user `perUser` items). A good model ranks a user's own group first.
 */
export function clusteredMatrix(nUsers = 40, nItems = 30, perUser = 6, seed = 1): InteractionMatrix {
  const rng = createRng(seed);
  const users: number[] = [];
  const items: number[] = [];
  const times: number[] = [];
  const half = nItems / 2;
  for (let u = 0; u < nUsers; u++) {
    const offset = u < nUsers / 2 ? 0 : half;
    const chosen = new Set<number>();
    while (chosen.size < perUser) chosen.add(offset + rng.int(half));
    for (const i of chosen) {
      users.push(u);
      items.push(i);
      times.push(users.length);
    }
  }
  return buildInteractions({
    users: new Int32Array(users),
    items: new Int32Array(items),
    times: new Float64Array(times),
  });
}

/** Share of a user's top-k recommendations (training items excluded) that fall in the user's own group. */
export function inGroupShare(
  model: { recommend(u: number, k: number, ex?: ArrayLike<number>): { items: Int32Array } },
  m: InteractionMatrix,
  k = 5,
): number {
  let hits = 0;
  let total = 0;
  const half = m.nItems / 2;
  for (let u = 0; u < m.nUsers; u++) {
    const own = u < m.nUsers / 2 ? 0 : 1;
    const rec = model.recommend(u, k, m.indices.subarray(m.indptr[u]!, m.indptr[u + 1]!));
    for (const i of rec.items) {
      hits += (i < half ? 0 : 1) === own ? 1 : 0;
      total++;
    }
  }
  return hits / total;
}
