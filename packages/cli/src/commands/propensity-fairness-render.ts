/** The text of a purchase-propensity model's fairness report (`storewise train propensity`). */
import { MIN_NAMED_GROUP_SIZE, type PropensityFairness, SMALL_GROUPS } from '@storewise/engine';
import { count } from '../render.js';

const pct = (v: number) => (Number.isNaN(v) ? '-' : `${(100 * v).toFixed(1)}%`);
const fixed = (v: number, digits = 3) => (Number.isNaN(v) ? '-' : v.toFixed(digits));
const signed = (v: number) =>
  Number.isNaN(v) ? '-' : `${v >= 0 ? '+' : ''}${v.toFixed(3)}`.replace('-0.000', '+0.000');

/**
 * Lines: the decision rule, one row per judged group (largest first), the groups too small to judge in one
 * line (a shop in 38 countries has dozens: their rows are in --json), the bucket of the groups too small to
 * name (SMALL_GROUPS, never judged), the disparities over the judged groups (with what to do when fewer
 * than two are judged and smaller groups could be) and the flags. `scored` says which scores ('on the
 * holdout', "of logreg's out-of-fold predictions"), `unit` what a row is (customers; rows of a table).
 */
export function renderPropensityFairness(
  f: PropensityFairness,
  scored = 'on the holdout',
  unit: 'customers' | 'rows' = 'customers',
): string[] {
  const d = f.decision;
  const rule =
    d.share === null
      ? `scores >= ${fixed(d.threshold, 4)}`
      : `the best-scored ${pct(d.share)} of ${unit} (the base rate; scores >= ${fixed(d.threshold, 4)}, ${pct(d.selectedShare)} with ties)`;
  // The engine gives the groups largest first, then by name, the bucket last (mergeSmallGroups).
  const groups = f.groups.filter((g) => !g.small);
  const small = f.groups.filter((g) => g.small && g.rows > 0 && g.name !== SMALL_GROUPS);
  const bucket = f.groups.find((g) => g.name === SMALL_GROUPS && g.rows > 0);
  const width = Math.max(5, ...groups.map((g) => g.name.length));
  const header = [
    'group'.padEnd(width),
    unit.padStart(9),
    'buyers',
    '  base',
    '  mean',
    'selected',
    '   TPR',
    '   FPR',
    'precision',
    'ROC AUC',
    ' calib.',
    ' Brier',
  ].join('  ');
  const lines = [
    `fairness by ${f.by} ${scored}, targeting ${rule}; groups under ${count(f.minGroupSize, unit.replace(/s$/, ''), String, unit)} are not judged, a group selected below ${f.disparityThreshold} of the best group's rate is flagged:`,
    `  ${header}`,
  ];
  for (const g of groups) {
    const note = g.flags.length > 0 ? '  FLAG selection rate' : '';
    lines.push(
      `  ${[
        g.name.padEnd(width),
        String(g.rows).padStart(9),
        String(g.positives).padStart(6),
        pct(g.baseRate).padStart(6),
        fixed(g.meanScore).padStart(6),
        pct(g.selectionRate).padStart(8),
        pct(g.truePositiveRate).padStart(6),
        pct(g.falsePositiveRate).padStart(6),
        pct(g.precision).padStart(9),
        fixed(g.rocAuc).padStart(7),
        signed(g.calibrationInTheLarge).padStart(7),
        fixed(g.brier).padStart(6),
      ].join('  ')}${note}`,
    );
  }
  if (small.length > 0)
    lines.push(
      `  not judged (under ${f.minGroupSize} ${unit}): ${small.map((g) => `${g.name} ${g.rows}`).join(', ')}`,
    );
  if (bucket)
    lines.push(
      `  not judged: ${SMALL_GROUPS} ${bucket.rows} (${unit} of groups too small to name, together)`,
    );
  const x = f.disparities;
  lines.push(
    f.judged.length < 2
      ? `disparities: not measured (${count(f.judged.length, 'group')} of ${count(f.minGroupSize, unit.replace(/s$/, ''), String, unit)} or more; two are needed)${f.judged.length + small.length >= 2 ? `; to judge smaller groups, lower --fairness-min-group (${MIN_NAMED_GROUP_SIZE} at the least)` : ''}`
      : `disparities over ${f.judged.length} judged groups: demographic parity difference ${fixed(x.demographicParityDifference)} (ratio ${fixed(x.demographicParityRatio)}), equal opportunity difference ${fixed(x.equalOpportunityDifference)}, equalized odds difference ${fixed(x.equalizedOddsDifference)}, ROC AUC ${fixed(x.rocAucMin)} to ${fixed(x.rocAucMax)}`,
    `flagged: ${f.flagged.length > 0 ? f.flagged.join(', ') : 'none'}`,
  );
  return lines;
}
