/** The tables `storewise eval recs` prints: accuracy, beyond accuracy, and accuracy per group of users. */
import {
  MIN_NAMED_GROUP_SIZE,
  type ModelEvaluation,
  type RecsGroupReport,
  SMALL_GROUPS,
} from '@storewise/engine';
import { count } from '../render.js';

/** Columns aligned: the first to the left, the others to the right, two spaces apart. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(header), ...rows.map(line)];
}

const fixed = (digits: number) => (v: number) => (Number.isNaN(v) ? '-' : v.toFixed(digits));

/** Every table of the evaluation, as printed. */
export function renderEvaluations(results: ModelEvaluation[]): string {
  const k = results[0]?.k ?? 10;
  const f4 = fixed(4);
  const lines = table(
    [
      'model',
      `P@${k}`,
      `R@${k}`,
      `NDCG@${k}`,
      `MAP@${k}`,
      `MRR@${k}`,
      `HR@${k}`,
      'coverage',
      'mean pop',
      'RMSE',
      'fit s',
    ],
    results.map((r) => [
      r.model,
      ...[r.precision, r.recall, r.ndcg, r.map, r.mrr, r.hitRate, r.coverage].map(f4),
      r.meanPopularity.toFixed(1),
      r.rmse === undefined ? '-' : r.rmse.toFixed(4),
      r.fitSeconds.toFixed(2),
    ]),
  );
  const first = results[0];
  if (first !== undefined && first.coldUsers > 0)
    lines.push(
      `${first.users} test users ranked; ${first.coldUsers} with no training entry left out (no model has anything of theirs; serving gives them popular items)`,
    );
  if (first?.ownedTestPairs)
    lines.push(
      `${count(first.ownedTestPairs, 'test pair', (v) => v.toLocaleString('en-US'))} left out: bought or rated by the customer in training, and recommendations leave such items out`,
    );
  lines.push('', ...renderBeyondAccuracy(results));
  for (const r of results) if (r.groups) lines.push('', ...renderGroups(r.model, k, r.groups));
  return `${lines.join('\n')}\n`;
}

function renderBeyondAccuracy(results: ModelEvaluation[]): string[] {
  const b0 = results[0]?.beyondAccuracy;
  return [
    `beyond accuracy (popularity = training interactions; the short head, ${b0?.shortHeadItems ?? 0} items, holds at least 20% of them)`,
    ...table(
      // distributionalCoverage: the entropy of the exposure in bits, named as in --json and docs/recommendations.md.
      ['model', 'coverage', 'Gini', 'distributionalCoverage', 'novelty', 'ARP', 'APLT'],
      results.map(({ model, beyondAccuracy: b }) => [
        model,
        ...[b.coverage, b.gini].map(fixed(4)),
        ...[b.distributionalCoverage, b.novelty].map(fixed(2)),
        b.arp.toFixed(1),
        fixed(4)(b.aplt),
      ]),
    ),
  ];
}

function renderGroups(model: string, k: number, g: RecsGroupReport): string[] {
  const f4 = fixed(4);
  const lines = [
    `${model} by ${g.by} (groups under ${count(g.minGroupSize, 'user')} are not compared)`,
    ...table(
      ['group', 'users', `P@${k}`, `R@${k}`, `NDCG@${k}`, `HR@${k}`],
      g.groups.map((x, j) => {
        const range = g.ranges?.[j];
        const name = range ? `${x.name} (${range[0]}-${range[1]})` : x.name;
        return [
          `${name}${x.small && x.name !== SMALL_GROUPS ? ' *' : ''}`,
          String(x.users),
          ...[x.precision, x.recall, x.ndcg, x.hitRate].map(f4),
        ];
      }),
    ),
  ];
  if (g.groups.some((x) => x.small && x.name !== SMALL_GROUPS))
    lines.push(`* fewer than ${count(g.minGroupSize, 'user')}: not compared`);
  if (g.groups.some((x) => x.name === SMALL_GROUPS))
    lines.push(`${SMALL_GROUPS}: users of groups too small to name, together; never compared`);
  if (g.ungrouped > 0) lines.push(`${g.ungrouped} users in no group`);
  const d = g.disparity?.ndcg;
  lines.push(
    d
      ? `NDCG@${k}: best ${d.maxGroup} ${f4(d.max)}, worst ${d.minGroup} ${f4(d.min)}: ratio ${d.ratio === null ? 'inf' : d.ratio.toFixed(2)}, difference ${f4(d.difference)}`
      : `NDCG@${k}: fewer than two groups of ${count(g.minGroupSize, 'user')} or more to compare${g.groups.filter((x) => x.name !== SMALL_GROUPS).length >= 2 ? `; to compare smaller groups, lower --min-group-size (${MIN_NAMED_GROUP_SIZE} at the least)` : ''}`,
  );
  return lines;
}
