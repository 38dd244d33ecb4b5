/**
 * The names a rule filter reads from the store (score models, segment ids), checked when a rule is
 * created: a typo (`score.p_purchase_30` for `p_purchase_30d`, `rfm:no-such`) matched nobody, and the rule
 * said "0 members" as if that were the answer. A name no part of Storewise writes and the store does not
 * hold is a problem; one that customer analytics or propensity training writes but that is not stored yet
 * is a warning (a rule may be made before they run). Stored rules are not checked again when refreshed.
 */
import { DEFAULT_RFM_SEGMENTS } from '@storewise/core';
import { type SegmentFilter, type Storage, scoreModels } from '@storewise/storage';
import { rfmSegmentId } from './segment-memberships.js';

export interface FilterReferenceCheck {
  /** `filter.and[1].field: no score "x" is stored or computed here (stored: ...)`, each with its path. */
  problems: { field: string; message: string }[];
  warnings: string[];
}

/** Score names customer analytics and propensity training write (store-scores.ts, propensity). */
const PRODUCED_SCORES = [
  /^rfm_(recency|frequency|monetary)$/,
  /^(recency_days|orders|spend)$/,
  /^p_alive$/,
  /^clv$/,
  /^expected_purchases_\d+d$/,
  /^p_purchase_\d+d$/,
];

/** Segment ids customer analytics writes: its RFM segments and clusters. */
const producedSegment = (id: string) =>
  DEFAULT_RFM_SEGMENTS.some((rule) => rfmSegmentId(rule.name) === id) || /^cluster:\d+$/.test(id);

const SHOWN = 20;
const listed = (names: readonly string[]) =>
  names.length === 0
    ? 'none'
    : `${names.slice(0, SHOWN).join(', ')}${names.length > SHOWN ? `, and ${names.length - SHOWN} more` : ''}`;

/** The score models and segment ids a filter reads, each with its path in the filter. */
export function filterReferences(
  filter: SegmentFilter,
  path = 'filter',
): { scores: { path: string; name: string }[]; segments: { path: string; id: string }[] } {
  const scores: { path: string; name: string }[] = [];
  const segments: { path: string; id: string }[] = [];
  const walk = (f: SegmentFilter, at: string): void => {
    if ('and' in f) for (const [i, g] of f.and.entries()) walk(g, `${at}.and[${i}]`);
    else if ('or' in f) for (const [i, g] of f.or.entries()) walk(g, `${at}.or[${i}]`);
    else if ('not' in f) walk(f.not, `${at}.not`);
    else if (f.field.startsWith('score.')) scores.push({ path: `${at}.field`, name: f.field.slice(6) });
    else if (f.field === 'segment') {
      for (const op of ['eq', 'ne'] as const)
        if (typeof f[op] === 'string') segments.push({ path: `${at}.${op}`, id: f[op] as string });
      for (const op of ['in', 'notIn'] as const)
        (f[op] ?? []).forEach((v, i) => {
          if (typeof v === 'string') segments.push({ path: `${at}.${op}[${i}]`, id: v });
        });
    }
  };
  walk(filter, path);
  return { scores, segments };
}

export async function checkFilterReferences(
  storage: Storage,
  filter: SegmentFilter,
  path = 'filter',
): Promise<FilterReferenceCheck> {
  const { scores, segments } = filterReferences(filter, path);
  const out: FilterReferenceCheck = { problems: [], warnings: [] };
  if (scores.length > 0) {
    const stored = await scoreModels(storage);
    for (const { path: at, name } of scores) {
      if (stored.includes(name)) continue;
      if (PRODUCED_SCORES.some((re) => re.test(name)))
        out.warnings.push(
          `${at}: no customer has the score "${name}" yet (customer analytics or propensity training computes it): the rule matches nobody on it until then`,
        );
      else
        out.problems.push({
          field: at,
          message: `${at}: no score "${name}" is stored, nor is it one Storewise computes (stored: ${listed(stored)})`,
        });
    }
  }
  if (segments.length > 0) {
    const stored = (await storage.listSegments()).map((s) => s.id);
    for (const { path: at, id } of segments) {
      if (stored.includes(id)) continue;
      if (producedSegment(id))
        out.warnings.push(
          `${at}: the segment "${id}" has no members stored yet (customer analytics computes it): the rule matches nobody on it until then`,
        );
      else
        out.problems.push({
          field: at,
          message: `${at}: no segment "${id}" is stored, nor is it one customer analytics computes (segments: ${listed(stored)})`,
        });
    }
  }
  return out;
}
