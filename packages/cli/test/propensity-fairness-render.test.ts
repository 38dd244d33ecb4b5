// The text of a propensity fairness report around its small groups (propensity-fairness-render.ts): the
// groups too small to judge, the bucket of those too small to name, and what to do when nothing is judged.
import { fairnessAtBaseRate, reportedGroups } from '@storewise/engine';
import { describe, expect, it } from 'vitest';
import { renderPropensityFairness } from '../src/commands/propensity-fairness-render.js';

/** The report of one row per name, every row a non-buyer scored 0.1 but the first (a buyer, 0.9). */
function report(names: string[]) {
  const labels = Uint8Array.from(names, (_, i) => (i === 0 ? 1 : 0));
  const scores = Float64Array.from(names, (_, i) => (i === 0 ? 0.9 : 0.1));
  return fairnessAtBaseRate(reportedGroups(names, null, 'fairnessBy'), 'country', labels, scores);
}

const times = (name: string, n: number) => Array.from({ length: n }, () => name);

describe('renderPropensityFairness: small groups', () => {
  it('lists the groups under the minimum, the bucket apart, and says which flag judges them', () => {
    // DE 6 and FR 5 rows: named, under 30 (not judged); IT 1 row: only in the bucket.
    const lines = renderPropensityFairness(report([...times('DE', 6), ...times('FR', 5), 'IT']));
    expect(lines.slice(2)).toEqual([
      '  not judged (under 30 customers): DE 6, FR 5',
      '  not judged: (groups of fewer than 5) 1 (customers of groups too small to name, together)',
      'disparities: not measured (0 groups of 30 customers or more; two are needed); to judge smaller groups, lower --fairness-min-group (5 at the least)',
      'flagged: none',
    ]);
    expect(lines.join('\n')).not.toContain('IT');
  });

  it('does not suggest a lower minimum when one named group is all there is to judge', () => {
    const lines = renderPropensityFairness(report([...times('DE', 6), 'IT', 'LU']));
    expect(lines.slice(-3)).toEqual([
      '  not judged: (groups of fewer than 5) 2 (customers of groups too small to name, together)',
      'disparities: not measured (0 groups of 30 customers or more; two are needed)',
      'flagged: none',
    ]);
  });
});
