/**
 * The memory adapter's customers and items: upserts whose facts hold as of a time (ItemInput.asOf), as the
 * SQL adapters' (sql-catalog.ts): older facts only fill what a record lacks, newer and untimed ones replace,
 * future ones count as now. Only values that change are written (and counted).
 */
import { decliningAnalytics } from '../consent.js';
import type { CustomerInput, ItemInput, UpsertOptions, UpsertResult } from '../types.js';
import { erasedAmong } from './memory-deletion.js';
import * as seg from './memory-segments.js';
import type { MemoryState } from './state.js';

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes the values `next` gives for `record` (told whether the facts are newer than the stored ones) where
 * they change, and keeps when the record's facts held; says whether the record was inserted or updated.
 */
function applyFacts<R extends object>(
  s: MemoryState,
  key: string,
  asOf: Date | undefined,
  now: Date,
  record: R,
  existed: boolean,
  next: (newer: boolean) => Partial<R>,
): 'inserted' | 'updated' | null {
  // Facts of a future time hold as of now (a mistyped year must not lock them against later catalogs).
  const at = Math.min(asOf?.getTime() ?? now.getTime(), now.getTime());
  const newer = at >= (s.factsAt.get(key) ?? Number.NEGATIVE_INFINITY);
  const values = next(newer);
  const changed = (Object.keys(values) as (keyof R)[]).some((k) => !sameJson(values[k], record[k]));
  if (changed || !existed) s.setFactsAt(key, newer ? at : s.factsAt.get(key)!);
  if (changed) {
    s.patch(record, { ...values, updatedAt: now });
    s.itemWrites++;
  }
  return !existed ? 'inserted' : changed ? 'updated' : null;
}

/** Customers already checked and folded (normalizeCustomers); `input` as given, for their consent. */
export function upsertCustomers(
  s: MemoryState,
  rows: readonly CustomerInput[],
  input: readonly CustomerInput[],
  options?: UpsertOptions,
): UpsertResult {
  const now = new Date();
  const erased = erasedAmong(
    s,
    rows.map((c) => c.externalId),
  );
  const result = { inserted: 0, updated: 0, erased: erased.size };
  for (const c of rows) {
    if (erased.has(c.externalId)) continue;
    const existing = s.customers.get(c.externalId);
    if (!existing && options?.existingOnly) continue;
    const record = existing ?? s.ensureCustomer(c.externalId, now);
    const outcome = applyFacts(
      s,
      `c:${c.externalId}`,
      c.asOf,
      now,
      record,
      existing !== undefined,
      (newer) =>
        newer
          ? {
              country: c.country ?? record.country,
              attributes: { ...record.attributes, ...c.attributes },
              consent: { ...record.consent, ...c.consent },
            }
          : {
              country: record.country ?? c.country ?? null,
              attributes: { ...c.attributes, ...record.attributes },
              consent: { ...c.consent, ...record.consent },
            },
    );
    if (outcome !== null) result[outcome]++;
  }
  // A customer who declines analytics leaves the segments that tell their analysis (consent.ts).
  const declining = decliningAnalytics(input);
  if (declining.length > 0) seg.dropAnalyticMemberships(s, declining);
  return result;
}

/** Items already checked and folded (normalizeItems). */
export function upsertItems(
  s: MemoryState,
  rows: readonly ItemInput[],
  options?: UpsertOptions,
): UpsertResult {
  const now = new Date();
  const result = { inserted: 0, updated: 0, erased: 0 };
  for (const it of rows) {
    const existing = s.items.get(it.sku);
    if (!existing && options?.existingOnly) continue;
    const record = existing ?? s.ensureItem(it.sku, now);
    const given = it.categoryPath && it.categoryPath.length > 0 ? [...it.categoryPath] : null;
    const outcome = applyFacts(s, `i:${it.sku}`, it.asOf, now, record, existing !== undefined, (newer) =>
      newer
        ? {
            title: it.title ?? record.title,
            categoryPath: given ?? record.categoryPath,
            price: it.price ?? record.price,
            currency: it.currency ?? record.currency,
            stock: it.stock ?? record.stock,
            attributes: { ...record.attributes, ...it.attributes },
          }
        : {
            title: record.title ?? it.title ?? null,
            categoryPath: record.categoryPath.length > 0 ? record.categoryPath : (given ?? []),
            price: record.price ?? it.price ?? null,
            currency: record.currency ?? it.currency ?? null,
            stock: record.stock ?? it.stock ?? null,
            attributes: { ...it.attributes, ...record.attributes },
          },
    );
    if (outcome !== null) result[outcome]++;
  }
  return result;
}
