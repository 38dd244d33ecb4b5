import { describe, expect, it } from 'vitest';
import { fitContext } from '../../src/plugin/fit-context.js';
import { ParamError } from '../../src/plugin/params.js';
import { ModelRegistry } from '../../src/plugin/registry.js';
import { gridSearch, parameterGrid, tuneRecommender } from '../../src/recs/grid-search.js';
import { InteractionBuilder } from '../../src/recs/interaction-builder.js';
import { buildInteractions } from '../../src/recs/interactions.js';
import type { Recommender } from '../../src/recs/model.js';
import { biasedMf } from '../../src/recs/models/biased-mf.js';
import { bpr } from '../../src/recs/models/bpr.js';
import { cooccurrence } from '../../src/recs/models/cooccurrence.js';
import { ease } from '../../src/recs/models/ease.js';
import { implicitAls } from '../../src/recs/models/implicit-als.js';
import { itemKnn } from '../../src/recs/models/item-knn.js';
import { popularity } from '../../src/recs/models/popularity.js';
import { userKnn } from '../../src/recs/models/user-knn.js';
import type { SyncRecommenderPlugin } from '../../src/recs/plugin-types.js';
import { stratifiedSplit } from '../../src/recs/split.js';
import { clusteredMatrix } from './fixtures.js';

const DAY = 86_400_000;

describe('popularity', () => {
  const m = buildInteractions(
    {
      users: new Int32Array([0, 1, 2, 0, 1, 2]),
      items: new Int32Array([0, 0, 0, 1, 1, 2]),
      weights: new Float64Array([1, 1, 1, 5, 5, 1]),
      times: new Float64Array([0, 0, 0, 10 * DAY, 10 * DAY, 10 * DAY]),
    },
    { nItems: 4 },
  );

  it('ranks by count, weight and time-decayed trend', () => {
    const ctx = fitContext();
    expect([...popularity.fit(m, { mode: 'count' }, ctx).itemScores]).toEqual([3, 2, 1, 0]);
    expect([...popularity.fit(m, { mode: 'weight' }, ctx).itemScores]).toEqual([3, 10, 1, 0]);
    const trend = popularity.fit(m, { mode: 'trending', halfLifeDays: 5 }, ctx);
    // item 0's three events are 10 days (two half-lives) old
    expect(trend.itemScores[0]).toBeCloseTo(0.75, 12);
    expect([...trend.top(2).items]).toEqual([1, 2]);
    // any user index gets the same list (cold start)
    expect([...trend.recommend(99, 2, [1]).items]).toEqual([2, 0]);
  });
});

/** Fits each plugin on the clustered fixture; a round trip through bytes must give identical scores. */
const plugins: [SyncRecommenderPlugin<object, Recommender>, object][] = [
  [popularity, { mode: 'trending' }],
  [itemKnn, { neighbors: 5 }],
  [userKnn, { neighbors: 5, normalize: true }],
  [cooccurrence, { normalization: 'lift' }],
  [ease, { lambda: 10 }],
  [implicitAls, { factors: 4, iterations: 3 }],
  [bpr, { factors: 4, epochs: 3 }],
  [biasedMf, { factors: 4, epochs: 3 }],
];

describe('serialize / deserialize', () => {
  const b = new InteractionBuilder();
  const source = clusteredMatrix(12, 10, 4);
  for (let u = 0; u < source.nUsers; u++) {
    for (let p = source.indptr[u]!; p < source.indptr[u + 1]!; p++) {
      b.add(`user-${u}`, `sku-${source.indices[p]}`, 1 + (p % 3), p * 1000);
    }
  }
  const data = b.build();

  for (const [plugin, params] of plugins) {
    it(`${plugin.name}: identical scores, recommendations and ids after a round trip`, () => {
      const model = plugin.fit(data, params, fitContext({ seed: 5 }));
      const bytes = plugin.serialize(model);
      const back = plugin.deserialize(bytes);
      expect(back.name).toBe(plugin.name);
      expect(back.nItems).toBe(model.nItems);
      expect(back.userIds?.toArray()).toEqual(data.userIds!.toArray());
      expect(back.itemIds?.indexOf('sku-3')).toBe(data.itemIds!.indexOf('sku-3'));
      for (let u = 0; u < data.nUsers; u++) {
        const a = model.scoreUser(u, new Float64Array(data.nItems));
        const c = back.scoreUser(u, new Float64Array(data.nItems));
        expect([...c]).toEqual([...a]);
        expect([...back.recommend(u, 3).items]).toEqual([...model.recommend(u, 3).items]);
      }
      if (model.similarItems) expect(back.similarItems!(1, 3)).toEqual(model.similarItems(1, 3));
      const other = plugins.find(([p]) => p !== plugin)![0];
      expect(() => other.deserialize(bytes)).toThrow(/model artifact/);
    });
  }

  it('every plugin refuses a parameter it does not know, naming it and its parameters', () => {
    for (const [plugin] of plugins) {
      // A typo would otherwise train with the default unnoticed.
      expect(() => plugin.fit(data, { factor: 8 }, fitContext({ seed: 5 })), plugin.name).toThrow(
        `unknown parameter "factor"; the parameters are ${Object.keys(plugin.defaults).join(', ')}`,
      );
    }
  });

  it('refuses values a model cannot fit with, naming the parameter, the rule and the value', () => {
    const byName = new Map(plugins.map(([plugin]) => [plugin.name, plugin]));
    const bad: [string, Record<string, unknown>, string][] = [
      // ALS with regularization -1 "fitted" and scored items in the hundreds.
      ['als', { regularization: -1 }, 'parameter regularization must be a number >= 0, got -1'],
      ['als', { solver: 'bogus' }, 'parameter solver must be one of "cg", "exact", got "bogus"'],
      ['als', { backend: 'zzz' }, 'parameter backend must be one of "auto", "wasm", "js", got "zzz"'],
      ['als', { threads: 3 }, 'parameter threads must be one of 1, 2, got 3'],
      ['als', { factors: 1.5 }, 'parameter factors must be an integer >= 1, got 1.5'],
      ['als', { iterations: 0 }, 'parameter iterations must be an integer >= 1, got 0'],
      ['bpr', { learningRate: 0 }, 'parameter learningRate must be a number > 0, got 0'],
      ['bpr', { biases: 'yes' }, 'parameter biases must be true or false, got "yes"'],
      ['ease', { lambda: -5 }, 'parameter lambda must be a number > 0, got -5'],
      [
        'item-knn',
        { measure: 'pearson' },
        'parameter measure must be one of "cosine", "jaccard", got "pearson"',
      ],
      ['user-knn', { neighbors: 0 }, 'parameter neighbors must be an integer >= 1, got 0'],
      ['cooccurrence', { shrink: -1 }, 'parameter shrink must be a number >= 0, got -1'],
      [
        'popularity',
        { mode: 'recent' },
        'parameter mode must be one of "count", "weight", "trending", got "recent"',
      ],
    ];
    for (const [name, params, message] of bad) {
      const plugin = byName.get(name)!;
      const attempt = () => plugin.fit(data, params, fitContext({ seed: 5 }));
      expect(attempt, name).toThrow(ParamError);
      expect(attempt, name).toThrow(message);
    }
  });

  it('every plugin registers under kind recommender', () => {
    const registry = new ModelRegistry();
    for (const [plugin] of plugins) registry.register(plugin);
    expect(registry.list('recommender').map((p) => p.name)).toEqual([
      'popularity',
      'item-knn',
      'user-knn',
      'cooccurrence',
      'ease',
      'als',
      'bpr',
      'biased-mf',
    ]);
  });
});

describe('grid search', () => {
  it('enumerates the grid, last key fastest, and keeps the first best', async () => {
    expect(parameterGrid<{ a: number; b: string }>({ a: [1, 2], b: ['x', 'y'] })).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
    ]);
    const { best, results } = await gridSearch<{ a: number }>(
      { a: [3, 1, 2, 1] },
      (p) => -Math.abs(p.a! - 1),
    );
    expect(best.params).toEqual({ a: 1 });
    expect(results).toHaveLength(4);
    const min = await gridSearch<{ a: number }>({ a: [3, 1, 2] }, (p) => p.a!, { maximize: false });
    expect(min.best.score).toBe(1);
  });

  it('tunes a recommender on a validation split', async () => {
    const m = clusteredMatrix(60, 30, 8);
    const { train, test } = stratifiedSplit(m, { testRatio: 0.25, seed: 0 });
    const { best, results } = await tuneRecommender(itemKnn, train, test, { neighbors: [1, 10] }, { k: 5 });
    expect(results).toHaveLength(2);
    expect(best.score).toBe(Math.max(...results.map((r) => r.score)));
    expect(best.score).toBeGreaterThan(0);
  });

  it('tunes a plugin whose fit returns a promise of its model, with the scores of the synchronous fit', async () => {
    const m = clusteredMatrix(60, 30, 8);
    const { train, test } = stratifiedSplit(m, { testRatio: 0.25, seed: 0 });
    const asyncKnn = {
      ...itemKnn,
      fit: async (...args: Parameters<typeof itemKnn.fit>) => itemKnn.fit(...args),
    };
    const grid = { neighbors: [1, 10] };
    const sync = await tuneRecommender(itemKnn, train, test, grid, { k: 5 });
    const viaPromise = await tuneRecommender(asyncKnn, train, test, grid, { k: 5 });
    expect(viaPromise.results.map((r) => r.score)).toEqual(sync.results.map((r) => r.score));
    expect(viaPromise.best.params).toEqual(sync.best.params);
  });
});
