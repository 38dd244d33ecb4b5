/**
 * What serving a recommender's model needs, as one implementation: the engine checks a contributed plugin's
 * model with it before `train recs` stores it (and its scores on every request it serves), and the model
 * testkit (`testModelPlugin`) runs the same checks, so that a plugin the testkit passes is one the engine
 * trains.
 */
import type { InteractionMatrix } from './interactions.js';
import type { Recommender } from './model.js';
import type { RecommenderPlugin } from './plugin-types.js';

/** Customers whose scores the checks look at (every `nUsers / 20`-th). */
export const CHECKED_USERS = 20;

/**
 * Runs one of the plugin's own methods (`what`: 'scoreUser', 'scoreItems'): the engine passes one that names
 * the plugin in what it throws; by default the call as it is.
 */
export type PluginCall = <T>(what: 'scoreUser' | 'scoreItems', call: () => T) => T;

const direct: PluginCall = (_what, call) => call();

/**
 * The first thing that keeps `model`, fitted by `plugin` on `data`, from being served; null when nothing
 * does: a `scoreUser` method; the data's shape and id maps (where the data has them), in the data's order;
 * bytes that read back (`deserialize(serialize(model))`) to a model of the same shape and ids; and, for
 * both the model and the one read back, the scores of a sample of customers (scoringProblem).
 */
export function servingProblem(
  // biome-ignore lint/suspicious/noExplicitAny: any plugin's params.
  plugin: RecommenderPlugin<any, Recommender>,
  model: Recommender,
  data: InteractionMatrix,
  call: PluginCall = direct,
): string | null {
  if (!hasScoreUser(model)) return `it is ${noScoreUser(model)}`;
  const shape = shapeProblem(model, data, 'the model');
  if (shape !== null) return shape;
  let readBack: Recommender;
  try {
    readBack = plugin.deserialize(plugin.serialize(model));
  } catch (error) {
    return `its bytes do not read back (${(error as Error)?.message ?? String(error)})`;
  }
  if (!hasScoreUser(readBack)) return `its bytes read back as ${noScoreUser(readBack)}`;
  return (
    shapeProblem(readBack, data, 'the model read back from its bytes') ??
    scoringProblem(model, data, call) ??
    scoringProblem(readBack, data, call)
  );
}

/**
 * What is wrong with a model's scores for a sample of customers of `data` (CHECKED_USERS): one finite
 * score per item in the array `scoreUser` returns (what serving and evaluation rank), and the same of
 * `scoreItems` given each sampled customer's items, where the model has it; null when nothing is. A wrong
 * length ranked some items twice and others never; a NaN ranked nothing.
 */
export function scoringProblem(
  model: Recommender,
  data: InteractionMatrix,
  call: PluginCall = direct,
): string | null {
  if (!hasScoreUser(model)) return `it is ${noScoreUser(model)}`;
  const out = new Float64Array(data.nItems);
  const step = Math.max(1, Math.floor(data.nUsers / CHECKED_USERS));
  for (let u = 0; u < data.nUsers; u += step) {
    const scores = call('scoreUser', () => model.scoreUser(u, out));
    const problem = scoresProblem(scores, data.nItems, 'scoreUser(user, out)', data.itemIds);
    if (problem !== null) return `customer index ${u} ${problem}`;
    const row = data.indptr[u]!;
    const end = data.indptr[u + 1]!;
    if (!model.scoreItems || end === row) continue;
    const items = data.indices.slice(row, end);
    const weights = data.values.slice(row, end);
    const cart = call('scoreItems', () => model.scoreItems!(items, weights, out));
    const cartProblem = scoresProblem(cart, data.nItems, 'scoreItems(items, weights, out)', data.itemIds);
    if (cartProblem !== null) return `scoreItems of customer index ${u}'s items ${cartProblem}`;
  }
  return null;
}

/**
 * What is wrong with `scores`, from `call`, as a model's scores of `nItems` items: their length, or the
 * first that is not finite (named by its SKU where `itemIds` has it); null when nothing is.
 */
export function scoresProblem(
  scores: unknown,
  nItems: number,
  call: string,
  itemIds?: { readonly size: number; idAt(index: number): string } | null,
): string | null {
  if (typeof (scores as { length?: unknown } | null)?.length !== 'number')
    return `has ${String(scores)}, not one score per item (${nItems}): ${call} fills \`out\` and returns it`;
  const got = scores as ArrayLike<number>;
  if (got.length !== nItems)
    return `has ${got.length} scores, not one per item (${nItems}): ${call} fills \`out\` and returns it`;
  for (let i = 0; i < got.length; i++)
    if (!Number.isFinite(got[i]!)) {
      const item = itemIds && i < itemIds.size ? `item "${itemIds.idAt(i)}" (index ${i})` : `item index ${i}`;
      return `scores ${got[i]} for ${item} (scores must be finite)`;
    }
  return null;
}

/** What a value without `scoreUser` is: "a model with no scoreUser(...) method ...", or "undefined". */
export function noScoreUser(model: unknown): string {
  if (model === null || typeof model !== 'object') return String(model);
  return 'a model with no scoreUser(user, out) method (a model extends BaseRecommender)';
}

function hasScoreUser(model: unknown): model is Recommender {
  return typeof (model as Partial<Recommender> | null)?.scoreUser === 'function';
}

/** How `of` (`what`) differs from `data` in shape or id maps; null when it does not. */
function shapeProblem(of: Recommender, data: InteractionMatrix, what: string): string | null {
  if (of.nUsers !== data.nUsers || of.nItems !== data.nItems)
    return `${what} has ${of.nUsers} customers x ${of.nItems} items, the data ${data.nUsers} x ${data.nItems}`;
  for (const [side, got, want] of [
    ['item', of.itemIds, data.itemIds],
    ['customer', of.userIds, data.userIds],
  ] as const) {
    if (want === null) continue;
    if (got == null || got.size !== want.size) return `${what}'s ${side} ids are not the data's`;
    for (let i = 0; i < want.size; i++)
      if (got.idAt(i) !== want.idAt(i))
        return `${what}'s ${side} ids are not the data's, in the data's order (index ${i}: "${got.idAt(i)}", not "${want.idAt(i)}")`;
  }
  return null;
}
