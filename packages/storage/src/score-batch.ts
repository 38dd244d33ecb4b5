import type { CustomerScoreInput } from './types.js';

/**
 * One score per customer and model of a batch: the one that would stand if they were written one after
 * another (a later one replaces an earlier unless computed as of an earlier time, as upsertScores does with
 * the stored score), in the order of first appearance. Every adapter writes this, so that a batch naming a
 * pair twice stores and counts the same everywhere (PostgreSQL's upsert cannot touch one row twice).
 */
export function latestScores(scores: readonly CustomerScoreInput[], now: Date): CustomerScoreInput[] {
  const byPair = new Map<string, CustomerScoreInput>();
  for (const sc of scores) {
    const scored = { ...sc, computedAt: sc.computedAt ?? now };
    // JSON escapes every character a key could collide on.
    const key = JSON.stringify([sc.customerId, sc.model]);
    const kept = byPair.get(key);
    if (kept === undefined || scored.computedAt.getTime() >= kept.computedAt!.getTime()) {
      byPair.delete(key);
      byPair.set(key, scored);
    }
  }
  return [...byPair.values()];
}
