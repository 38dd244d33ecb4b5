/**
 * trackEvents' report of events whose eventId was already stored with other content (storage's
 * AppendResult.conflicts): one entry per differing field, by the event's index in the call. A storefront
 * key (in a web page) learns which fields differ, never the stored event's values: those may be another
 * visitor's event.
 */
import type { EventConflict } from '@storewise/storage';
import type { EventConflictField } from '../types/mutation-results.js';

/**
 * The conflicts of an append of the call's valid events (`positions`: each one's index in the call). An
 * event that gave no timestamp (`untimed`, by index in the call) was given the time of receipt: a retry of
 * it differs in that alone, and its time is not compared.
 */
export function conflictsOfCall(
  conflicts: readonly EventConflict[],
  positions: readonly number[],
  untimed: ReadonlySet<number>,
  storefront: boolean,
): { differing: number; conflicts: EventConflictField[] } {
  const out: EventConflictField[] = [];
  let differing = 0;
  for (const c of conflicts) {
    const index = positions[c.index]!;
    const fields = c.fields.filter((f) => f.field !== 'timestamp' || !untimed.has(index));
    if (fields.length === 0) continue;
    differing++;
    for (const f of fields) {
      const where = `events[${index}].${f.field} differs from the event stored under this eventId`;
      out.push({
        index,
        field: f.field,
        message: storefront
          ? `${where}; the first stored is kept`
          : `${where} (stored ${shown(f.stored)}, given ${shown(f.given)}); the first stored is kept`,
      });
    }
  }
  return { differing, conflicts: out };
}

const shown = (value: string | number | null): string => (value === null ? 'nothing' : JSON.stringify(value));
