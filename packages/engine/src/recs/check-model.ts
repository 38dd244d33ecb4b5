/**
 * The checks of a contributed recommender: its fitted model before `train recs` stores and serves it and
 * before `eval recs` ranks with it, and its scores wherever they are served (servedScores). What its code
 * throws names it (plugin-errors.ts). Built-ins are checked by their tests instead.
 */
import type { FitContext, InteractionMatrix, Recommender } from '@storewise/core';
import { callPlugin } from '../plugin-errors.js';
import { type AnyRecommenderPlugin, isBuiltInRecommender } from './registry.js';

/**
 * A contributed recommender's model refused by these checks, or its code failing: its message names the
 * plugin and the problem.
 */
export class ContributedModelError extends Error {
  override readonly name = 'ContributedModelError';
}

/** Customers whose scores the checks look at. */
const CHECKED_USERS = 20;

/** `plugin.fit`; what a contributed plugin's fit throws names it (a ParamError stays one). */
export function fitRecommender(
  plugin: AnyRecommenderPlugin,
  data: InteractionMatrix,
  params: Record<string, unknown>,
  ctx: FitContext,
): Promise<Recommender> {
  if (isBuiltInRecommender(plugin)) return Promise.resolve(plugin.fit(data, params, ctx));
  return Promise.resolve(
    callPlugin(plugin, 'fit', () => plugin.fit(data, params, ctx), ContributedModelError),
  );
}

/** `plugin.deserialize(bytes)`; what a contributed plugin throws names it. */
export function deserializeRecommender(plugin: AnyRecommenderPlugin, bytes: Uint8Array): Recommender {
  if (isBuiltInRecommender(plugin)) return plugin.deserialize(bytes);
  const model = callPlugin(plugin, 'deserialize', () => plugin.deserialize(bytes), ContributedModelError);
  if (typeof (model as Partial<Recommender> | null)?.scoreUser !== 'function')
    throw new ContributedModelError(
      `recommender plugin "${plugin.name}": deserialize gave ${noScoreUser(model)}`,
    );
  return model;
}

/**
 * What serving a contributed plugin's model needs, checked before it is saved and made active: the
 * data's shape and id maps (in their order), bytes that read back, and scores for a sample of customers
 * (checkScores). Each of these, wrong, was stored as the active model and served nothing, an internal
 * error on every request, or an unreadable model.
 */
export function checkContributedModel(
  plugin: AnyRecommenderPlugin,
  model: Recommender,
  m: InteractionMatrix,
): void {
  const fail = failure(plugin, 'cannot be served', '; it was not stored');
  if (typeof (model as Partial<Recommender> | null)?.scoreUser !== 'function')
    fail(`it is ${noScoreUser(model)}`);
  const sameShape = (of: Recommender, what: string) => {
    if (of.nUsers !== m.nUsers || of.nItems !== m.nItems)
      fail(`${what} has ${of.nUsers} customers x ${of.nItems} items, the data ${m.nUsers} x ${m.nItems}`);
    for (const [side, got, want] of [
      ['item', of.itemIds, m.itemIds],
      ['customer', of.userIds, m.userIds],
    ] as const) {
      if (want === null) continue;
      if (got == null || got.size !== want.size) fail(`${what}'s ${side} ids are not the data's`);
      for (let i = 0; i < want.size; i++)
        if (got!.idAt(i) !== want.idAt(i))
          fail(
            `${what}'s ${side} ids are not the data's, in the data's order (index ${i}: "${got!.idAt(i)}", not "${want.idAt(i)}")`,
          );
    }
  };
  sameShape(model, 'the model');
  let readBack: Recommender | null = null;
  try {
    readBack = plugin.deserialize(plugin.serialize(model as never));
  } catch (error) {
    fail(`its bytes do not read back (${(error as Error)?.message ?? String(error)})`);
  }
  if (typeof (readBack as Partial<Recommender> | null)?.scoreUser !== 'function')
    fail(`its bytes read back as ${noScoreUser(readBack)}`);
  sameShape(readBack!, 'the model read back from its bytes');
  scoresOf(plugin, model, m, fail);
  scoresOf(plugin, readBack!, m, fail);
}

/**
 * A contributed model's scores for a sample of customers: one finite score per item of the data, in the
 * array `scoreUser` returns (what serving and evaluation rank), and the same of `scoreItems` (a cart, a
 * history folded in) given each sampled customer's items. `eval recs` checks this much; a wrong length
 * ranked some items twice and others never, a NaN ranked nothing, and both printed metrics.
 */
export function checkScores(plugin: AnyRecommenderPlugin, model: Recommender, m: InteractionMatrix): void {
  const fail = failure(plugin, 'cannot be evaluated', '');
  if (typeof (model as Partial<Recommender> | null)?.scoreUser !== 'function')
    fail(`it is ${noScoreUser(model)}`);
  scoresOf(plugin, model, m, fail);
}

function scoresOf(
  plugin: AnyRecommenderPlugin,
  model: Recommender,
  m: InteractionMatrix,
  fail: (what: string) => never,
): void {
  const out = new Float64Array(m.nItems);
  const step = Math.max(1, Math.floor(m.nUsers / CHECKED_USERS));
  for (let u = 0; u < m.nUsers; u += step) {
    const check = (scores: Float64Array, call: string, of: string) => {
      const problem = scoresProblem(scores, m.nItems, call);
      if (problem !== null) fail(`${of} ${problem}`);
    };
    const scores = callPlugin(plugin, 'scoreUser', () => model.scoreUser(u, out), ContributedModelError);
    check(scores, 'scoreUser(user, out)', `customer index ${u}`);
    const row = m.indptr[u]!;
    const end = m.indptr[u + 1]!;
    if (!model.scoreItems || end === row) continue;
    const items = m.indices.slice(row, end);
    const weights = m.values.slice(row, end);
    const cart = callPlugin(
      plugin,
      'scoreItems',
      () => model.scoreItems!(items, weights, out),
      ContributedModelError,
    );
    check(cart, 'scoreItems(items, weights, out)', `scoreItems of customer index ${u}'s items`);
  }
}

/**
 * What is wrong with `scores`, from `call`, as a model's scores of `nItems` items: their length, or the
 * first that is not finite; null when nothing is.
 */
function scoresProblem(scores: unknown, nItems: number, call: string): string | null {
  if (typeof (scores as { length?: unknown } | null)?.length !== 'number')
    return `has ${String(scores)}, not one score per item (${nItems}): ${call} fills \`out\` and returns it`;
  const got = scores as ArrayLike<number>;
  if (got.length !== nItems)
    return `has ${got.length} scores, not one per item (${nItems}): ${call} fills \`out\` and returns it`;
  for (let i = 0; i < got.length; i++)
    if (!Number.isFinite(got[i]!)) return `scores ${got[i]} for item index ${i} (scores must be finite)`;
  return null;
}

/**
 * The scores `score` gives (`call`: the plugin's method, `of`: whose scores) for a served model: a
 * contributed plugin's checked on every request (a length compare and a scan, nothing next to scoring),
 * its throw named. A stored model whose plugin changed since its training (same formatVersion) served
 * made-up scores, or `0 popular` as the model's, without a word.
 */
export function servedScores<T extends Float64Array | null>(
  plugin: AnyRecommenderPlugin,
  model: Recommender,
  call: 'scoreUser' | 'scoreItems' | 'similarity',
  of: string,
  score: () => T,
): T {
  if (isBuiltInRecommender(plugin)) return score();
  const scores = callPlugin(plugin, call, score, ContributedModelError);
  // No similarity row: the model has no item-item notion (similarItems serves the category's popular items).
  if (scores === null) return scores;
  const problem = scoresProblem(scores, model.nItems, `${call}(...)`);
  if (problem !== null)
    throw new ContributedModelError(
      `recommender plugin "${plugin.name}": ${call} of ${of} ${problem}; the request failed`,
    );
  return scores;
}

/** What a model without `scoreUser` is: "a model with no scoreUser(...) method ...", or "undefined". */
function noScoreUser(model: unknown): string {
  if (model === null || typeof model !== 'object') return String(model);
  return 'a model with no scoreUser(user, out) method (a model extends BaseRecommender)';
}

function failure(plugin: AnyRecommenderPlugin, what: string, after: string): (problem: string) => never {
  return (problem) => {
    throw new ContributedModelError(
      `recommender "${plugin.name}" fitted a model that ${what}: ${problem}${after}`,
    );
  };
}
