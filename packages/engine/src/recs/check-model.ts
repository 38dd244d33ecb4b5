/**
 * The checks of a contributed recommender's fitted model: before `train recs` stores and serves it, and
 * before `eval recs` ranks with it. Built-ins are checked by their tests instead.
 */
import type { InteractionMatrix, Recommender } from '@storewise/core';
import type { AnyRecommenderPlugin } from './registry.js';

/** A contributed recommender's model refused by these checks: its message names the plugin and the problem. */
export class ContributedModelError extends Error {
  override readonly name = 'ContributedModelError';
}

/** Customers whose scores the checks look at. */
const CHECKED_USERS = 20;

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
  const sameShape = (of: Recommender, what: string) => {
    if (of.nUsers !== m.nUsers || of.nItems !== m.nItems)
      fail(`${what} has ${of.nUsers} customers x ${of.nItems} items, the data ${m.nUsers} x ${m.nItems}`);
    for (const [side, got, want] of [
      ['item', of.itemIds, m.itemIds],
      ['customer', of.userIds, m.userIds],
    ] as const) {
      if (want === null) continue;
      if (got === null || got.size !== want.size) fail(`${what}'s ${side} ids are not the data's`);
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
  sameShape(readBack!, 'the model read back from its bytes');
  scoresOf(model, m, fail);
  scoresOf(readBack!, m, fail);
}

/**
 * A contributed model's scores for a sample of customers: one finite score per item of the data, in the
 * array `scoreUser` returns (what serving and evaluation rank). `eval recs` checks this much; a wrong
 * length ranked some items twice and others never, a NaN ranked nothing, and both printed metrics.
 */
export function checkScores(plugin: AnyRecommenderPlugin, model: Recommender, m: InteractionMatrix): void {
  scoresOf(model, m, failure(plugin, 'cannot be evaluated', ''));
}

function scoresOf(model: Recommender, m: InteractionMatrix, fail: (what: string) => never): void {
  const out = new Float64Array(m.nItems);
  const step = Math.max(1, Math.floor(m.nUsers / CHECKED_USERS));
  for (let u = 0; u < m.nUsers; u += step) {
    const scores = model.scoreUser(u, out);
    if (scores.length !== m.nItems)
      fail(
        `customer index ${u} has ${scores.length} scores, not one per item (${m.nItems}): scoreUser(user, out) fills \`out\` and returns it`,
      );
    const bad = scores.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      fail(`customer index ${u} scores ${scores[bad]} for item index ${bad} (scores must be finite)`);
  }
}

function failure(plugin: AnyRecommenderPlugin, what: string, after: string): (problem: string) => never {
  return (problem) => {
    throw new ContributedModelError(
      `recommender "${plugin.name}" fitted a model that ${what}: ${problem}${after}`,
    );
  };
}
