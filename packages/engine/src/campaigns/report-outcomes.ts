/** The report's account of how far a campaign's outcomes are known (report.ts). */
import type { Storage } from '@storewise/storage';

/**
 * How far the outcomes are known: a report made before any attribution window has closed, or before any
 * purchase was stored after the assignments, shows rates of 0 that are no result.
 */
export interface OutcomeCoverage {
  /** What the outcomes are known up to: `asOf`, or the latest stored event when earlier; null: no event. */
  knownUntil: Date | null;
  /** The assignments counted. */
  assignments: number;
  /** Of them, those whose attribution window had closed by `knownUntil`: their outcome is final. */
  windowsClosed: number;
  /** Purchase lines of the assigned customers within their windows (before `asOf`). */
  purchasesInWindows: number;
  /**
   * For people: why the numbers are not (all) results yet (among them: no customer assigned yet, or before
   * `asOf`); null once every window has closed with data.
   */
  note: string | null;
}

/**
 * How far the outcomes are known. A window is closed once the stored events reach past its end (the latest
 * event at or after it), or once `asOf` is past it: before that, a rate of 0 may only mean no data yet.
 */
export async function outcomeCoverage(
  storage: Storage,
  rows: { assignedAt: readonly number[]; purchaseLines: number },
  window: number,
  asOf: Date | undefined,
): Promise<OutcomeCoverage> {
  const last = (await storage.counts()).lastEventAt;
  // Purchases before asOf count (exclusive); the stored events reach their latest one (inclusive).
  const byAsOf = asOf !== undefined && (last === null || asOf.getTime() <= last.getTime());
  const knownUntil = byAsOf ? asOf! : last;
  const closed = (end: number) =>
    knownUntil !== null && (byAsOf ? end < knownUntil.getTime() : end <= knownUntil.getTime());
  const n = rows.assignedAt.length;
  const windowsClosed = rows.assignedAt.filter((t) => closed(t + window)).length;
  const notes: string[] = [];
  const when =
    knownUntil === null ? 'no event is stored' : `the outcomes are known until ${knownUntil.toISOString()}`;
  if (n === 0)
    notes.push(
      asOf === undefined
        ? 'no customer has been assigned yet: there is no outcome to measure'
        : `no customer was assigned before ${asOf.toISOString()}: there is no outcome to measure as of then`,
    );
  else if (windowsClosed === 0) {
    const first = new Date(rows.assignedAt.reduce((m, t) => Math.min(m, t)) + window).toISOString();
    notes.push(
      `no attribution window has closed (${when}; the first closes at ${first}): the rates count the purchases so far, they are no result yet`,
    );
  } else if (windowsClosed < n)
    notes.push(
      `${windowsClosed} of ${n} attribution windows have closed (${when}): the others may still convert`,
    );
  if (n > 0 && rows.purchaseLines === 0)
    notes.push(
      'no purchase by an assigned customer is stored after their assignment: every rate is 0 for want of data',
    );
  return {
    knownUntil,
    assignments: n,
    windowsClosed,
    purchasesInWindows: rows.purchaseLines,
    note: notes.length > 0 ? notes.join('; ') : null,
  };
}
