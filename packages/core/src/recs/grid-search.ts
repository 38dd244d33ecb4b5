/**
 * A small generic hyper-parameter grid search: every combination of the listed values is scored by the
 * caller's function (typically: fit on a training split, evaluate on a validation split carved out of
 * it, never on the test split); the best score wins, the earlier combination on ties.
 */
import { fitContext } from '../plugin/fit-context.js';
import type { FitContext } from '../plugin/model-plugin.js';
import type { InteractionMatrix } from './interactions.js';
import { evaluateRanking, type RankingMetrics } from './metrics.js';
import type { Recommender } from './model.js';
import type { RecommenderPlugin } from './plugin-types.js';

export type ParamGrid<P> = { [K in keyof P]?: readonly P[K][] };

export interface GridResult<P> {
  params: Partial<P>;
  score: number;
  seconds: number;
}

/** Every combination of the grid's values, the last key varying fastest. */
export function parameterGrid<P>(grid: ParamGrid<P>): Partial<P>[] {
  let out: Partial<P>[] = [{}];
  for (const key of Object.keys(grid) as (keyof P)[]) {
    const values = grid[key] ?? [];
    if (values.length === 0) throw new Error(`grid lists no values for ${String(key)}`);
    out = out.flatMap((partial) => values.map((v) => ({ ...partial, [key]: v })));
  }
  return out;
}

/** Scores each combination in turn (one at a time: a score may be a promise, awaited before the next). */
export async function gridSearch<P>(
  grid: ParamGrid<P>,
  score: (params: Partial<P>) => number | Promise<number>,
  options: { maximize?: boolean; onResult?: (r: GridResult<P>) => void } = {},
): Promise<{ best: GridResult<P>; results: GridResult<P>[] }> {
  const maximize = options.maximize ?? true;
  const results: GridResult<P>[] = [];
  let best: GridResult<P> | null = null;
  for (const params of parameterGrid(grid)) {
    const t0 = performance.now();
    const s = await score(params);
    const r = { params, score: s, seconds: (performance.now() - t0) / 1000 };
    results.push(r);
    options.onResult?.(r);
    if (best === null || (maximize ? s > best.score : s < best.score)) best = r;
  }
  return { best: best!, results };
}

/**
 * Tunes a recommender plugin: fits it on `train` with each combination (over `base` params) and ranks
 * `validation`'s items with training items excluded; the score is the chosen ranking metric at k. A
 * contributed plugin's `fit` may return a promise of its model, as the engine's training allows.
 */
export async function tuneRecommender<P extends object, M extends Recommender>(
  plugin: Pick<RecommenderPlugin<P, M>, 'name'> & {
    fit(data: InteractionMatrix, params: Partial<P>, ctx: FitContext): M | Promise<M>;
  },
  train: InteractionMatrix,
  validation: InteractionMatrix,
  grid: ParamGrid<P>,
  options: {
    k?: number;
    metric?: keyof Omit<RankingMetrics, 'k' | 'users'>;
    base?: Partial<P>;
    seed?: number;
    onResult?: (r: GridResult<P>) => void;
  } = {},
): Promise<{ best: GridResult<P>; results: GridResult<P>[] }> {
  const metric = options.metric ?? 'ndcg';
  return gridSearch(
    grid,
    async (params) => {
      const model = await plugin.fit(
        train,
        { ...options.base, ...params },
        fitContext({ seed: options.seed ?? 0 }),
      );
      return evaluateRanking(model, train, validation, { k: options.k ?? 10 })[metric];
    },
    { onResult: options.onResult },
  );
}
