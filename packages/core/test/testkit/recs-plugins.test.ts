// Every built-in recommender passes the model-plugin testkit, as a contributor's plugin must.
import type { InteractionMatrix, Recommender, RecommenderPlugin } from '../../src/index.js';
import {
  biasedMf,
  bpr,
  buildInteractions,
  cooccurrence,
  ease,
  implicitAls,
  itemKnn,
  popularity,
  userKnn,
} from '../../src/recs/index.js';
import { testModelPlugin } from '../../src/testkit/index.js';
import { clusteredMatrix } from '../recs/fixtures.js';

function allScores(model: Recommender, data: InteractionMatrix): Float64Array {
  const out = new Float64Array(data.nUsers * data.nItems);
  const row = new Float64Array(data.nItems);
  for (let u = 0; u < data.nUsers; u++) out.set(model.scoreUser(u, row), u * data.nItems);
  return out;
}

/** Explicit ratings 1-5 on the clustered pattern, for the rating model (constant ratings clip to one value). */
const ratings = (): InteractionMatrix => {
  const m = clusteredMatrix();
  const users: number[] = [];
  const items: number[] = [];
  const weights: number[] = [];
  for (let u = 0; u < m.nUsers; u++) {
    for (let p = m.indptr[u]!; p < m.indptr[u + 1]!; p++) {
      users.push(u);
      items.push(m.indices[p]!);
      weights.push(1 + (p % 5));
    }
  }
  return buildInteractions({
    users: Int32Array.from(users),
    items: Int32Array.from(items),
    weights: Float64Array.from(weights),
  });
};

type Flags = { randomized?: boolean; abortable?: boolean; data?: () => InteractionMatrix };
const cases: [RecommenderPlugin<object, Recommender>, Flags][] = [
  [popularity, {}],
  [itemKnn, {}],
  [userKnn, {}],
  [cooccurrence, {}],
  [ease, {}],
  [implicitAls, { randomized: true, abortable: true }],
  [bpr, { randomized: true, abortable: true }],
  [biasedMf, { randomized: true, data: ratings }],
];

for (const [plugin, { data = () => clusteredMatrix(), ...flags }] of cases) {
  testModelPlugin(plugin, { data, predict: allScores, ...flags });
}
