/**
 * The memory adapter's customer scores. Writes are synchronous functions of the state that record their
 * undo actions; the adapter runs them under its write lock.
 */
import { latestScores } from '../score-batch.js';
import { unknownCustomer } from '../storage-errors.js';
import type { CustomerScore, CustomerScoreInput } from '../types.js';
import type { MemoryState } from './state.js';

/** Writes the scores (each customer must exist: none is written otherwise); returns how many. */
export function upsertScores(s: MemoryState, scores: readonly CustomerScoreInput[]): number {
  const targets = scores.map((sc) => {
    const c = s.customers.get(sc.customerId);
    if (!c) throw unknownCustomer('scores', sc.customerId);
    return c.index;
  });
  let written = 0;
  const indexOf = new Map(scores.map((sc, i) => [sc.customerId, targets[i]!]));
  for (const sc of latestScores(scores, new Date())) {
    const index = indexOf.get(sc.customerId)!;
    let byModel = s.scores.get(index);
    if (!byModel) s.scores.set(index, (byModel = new Map()));
    const before = byModel.get(sc.model);
    const computedAt = sc.computedAt!;
    // A score computed as of an earlier time than the stored one does not replace it.
    if (before && computedAt.getTime() < before.computedAt.getTime()) continue;
    const map = byModel;
    map.set(sc.model, { score: sc.score, computedAt });
    s.onUndo(() => (before ? map.set(sc.model, before) : map.delete(sc.model)));
    written++;
  }
  return written;
}

/** Deletes every customer's score of `model`; returns how many. */
export function deleteScores(s: MemoryState, model: string): number {
  let deleted = 0;
  for (const byModel of s.scores.values()) {
    const before = byModel.get(model);
    if (!before) continue;
    byModel.delete(model);
    s.onUndo(() => byModel.set(model, before));
    deleted++;
  }
  return deleted;
}

/** One customer's scores, by model name. */
export function getScores(s: MemoryState, customerId: string): CustomerScore[] {
  const c = s.customers.get(customerId);
  const byModel = c ? s.scores.get(c.index) : undefined;
  if (!byModel) return [];
  return [...byModel.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([model, v]) => ({ customerId, model, score: v.score, computedAt: new Date(v.computedAt) }));
}
