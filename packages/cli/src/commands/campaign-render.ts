/** Human-readable output of the campaign commands (the --json output is the engine's objects as they are). */
import {
  type AssignmentSummary,
  type CampaignMeasurement,
  describeRefusal,
  MIN_NAMED_GROUP_SIZE,
  type OfferDecision,
  SMALL_GROUPS,
  type TriggerSummary,
} from '@storewise/engine';
import type { Campaign } from '@storewise/storage';
import { count } from '../render.js';

const day = (d: Date | null): string => (d ? d.toISOString().replace('.000Z', 'Z') : '-');
const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '-');
const money = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '-');
/** A difference of two rates, in percentage points. */
const points = (x: number): string => (Number.isFinite(x) ? (100 * x).toFixed(1) : '-');
const pValue = (p: number): string => (Number.isNaN(p) ? '-' : p < 0.0001 ? '<0.0001' : p.toFixed(4));

/** One line per campaign, its id, status and name in columns. */
export function renderCampaigns(campaigns: readonly Campaign[]): string {
  if (campaigns.length === 0) return 'No campaigns.\n';
  const idWidth = Math.max(...campaigns.map((c) => c.id.length));
  const nameWidth = Math.max(...campaigns.map((c) => c.name.length));
  const lines = campaigns.map(
    (c) =>
      `${c.id.padEnd(idWidth)}  ${c.status.padEnd(7)}  ${c.name.padEnd(nameWidth)}  (started ${day(c.startedAt)}, stopped ${day(c.stoppedAt)})`,
  );
  return `${lines.join('\n')}\n`;
}

export function renderSummary(verb: string, s: AssignmentSummary | TriggerSummary): string {
  const lines = [`Campaign ${s.campaignId} ${verb} at ${day(s.at)}.`];
  if ('triggered' in s) lines.push(`  triggered: ${s.triggered} (not in the audience: ${s.notInAudience})`);
  // decided + refused + already assigned = the audience (docs/campaigns.md).
  lines.push(
    `  decided: ${s.decided} (refused: ${s.refusedCustomers}; already assigned: ${s.alreadyAssigned})`,
  );
  for (const [arm, n] of Object.entries(s.offered)) lines.push(`  offer ${arm}: ${n}`);
  lines.push(`  holdout: ${s.holdout}`);
  // The shop-wide global holdout apart: it is no control of this campaign (see its report).
  if (s.globalHoldout > 0) lines.push(`  global holdout: ${s.globalHoldout}`);
  lines.push(`  no offer (policy): ${s.noOffer}`);
  if (s.notYetCustomers > 0)
    lines.push(`  not customers yet at ${day(s.at)} (left out): ${s.notYetCustomers}`);
  for (const [rule, n] of Object.entries(s.refused)) lines.push(`  refused (${rule}): ${n}`);
  // What the budget counts (docs/campaigns.md, "Budget"), not money spent: the report gives the realized cost.
  lines.push(`  cost, as the budget counts it: ${money(s.cost)} (the realized cost: campaign report)`);
  return `${lines.join('\n')}\n`;
}

export function renderOffer(campaignId: string, customerId: string, d: OfferDecision): string {
  if (d.status === 'refused')
    return `No offer for ${customerId} in ${campaignId}: ${d.reasons.map(describeRefusal).join('; ')}\n`;
  const a = d.assignment;
  const how = d.sticky ? `kept from ${day(a.assignedAt)}` : `decided at ${day(a.assignedAt)}`;
  if (a.holdout) return `${customerId} is in the holdout of ${campaignId} (${how}): no offer.\n`;
  if (a.arm === null) return `${customerId}: the policy chose no offer in ${campaignId} (${how}).\n`;
  const coupon = a.couponCode ? `, coupon ${a.couponCode}` : '';
  return `${customerId}: offer ${a.arm}${coupon} (${how}).\n`;
}

export function renderReport(r: CampaignMeasurement): string {
  const lines = [
    `Campaign ${r.campaign.id} (${r.campaign.name}), ${r.campaign.status}, policy ${r.campaign.policy}; conversions within ${r.attributionWindowDays} days${r.asOf ? ` before ${day(r.asOf)}` : ''}.`,
  ];
  const o = r.outcomes;
  lines.push(
    `  attribution windows closed: ${o.windowsClosed} of ${o.assignments}${o.knownUntil ? ` (outcomes known until ${day(o.knownUntil)})` : ' (no event is stored)'}`,
  );
  if (o.note) lines.push(`  NOTE: ${o.note}.`);
  lines.push(
    `  group          exposures  conversions    rate   revenue   rate difference (95% CI)      p-value`,
  );
  const row = (name: string, m: CampaignMeasurement['holdout'], lift: string) =>
    `  ${name.padEnd(14)} ${String(m.exposures).padStart(9)}  ${String(m.conversions).padStart(11)}  ${pct(m.conversionRate).padStart(6)}  ${money(m.revenue).padStart(8)}   ${lift}`;
  const lift = (l: CampaignMeasurement['overall']['lift']) => {
    // A difference of rates is in percentage points: 29.2% against 36.4% is -7.2 pp, not -7.2%.
    const ci = `${points(l.absolute)} pp (${points(l.absoluteInterval.lower)} to ${points(l.absoluteInterval.upper)})`;
    // Without a control (no holdout) there is no test to name.
    return Number.isNaN(l.pValue) ? `${ci.padEnd(29)} -` : `${ci.padEnd(29)} ${pValue(l.pValue)} ${l.test}`;
  };
  const ghost = r.arms.some((a) => a.controlKind === 'ghost');
  for (const a of r.arms) {
    lines.push(row(a.arm, a.metrics, lift(a.lift)));
    if (ghost) lines.push(row('  its holdout', a.control, '').trimEnd());
  }
  lines.push(row('all decided', r.overall.metrics, lift(r.overall.lift)));
  lines.push(row('holdout', r.holdout, '').trimEnd());
  if (r.globalHoldout !== null)
    lines.push(
      `${row('global holdout', r.globalHoldout, '').trimEnd()}  (shop-wide; compared with nothing: earlier campaigns never reached it)`,
    );
  if (r.noOffer.exposures > 0) lines.push(row('no offer', r.noOffer, '').trimEnd());
  lines.push(
    ghost
      ? '  Each arm against its holdout (the held-out customers the policy would have given that arm);'
      : "  Each arm against the whole holdout (recorded before the holdout's own decisions were kept);",
    "  'all decided' (offered or not) against the whole holdout.",
  );
  lines.push(
    `  cost: expected ${money(r.cost)}${r.budget === null ? '' : ` of a budget of ${money(r.budget)}`}; realized ${money(r.realizedCost)} (offers sent, plus the discounts of attributed conversions)`,
  );
  // A realized cost over the budget, no holdout: what the table does not say by itself.
  for (const n of r.notes) lines.push(`  NOTE: ${n}`);
  if (r.uplift) {
    const u = r.uplift;
    const lacking =
      u.missingScore > 0 ? `; ${count(u.missingScore, 'customer')} without a ${u.score} score` : '';
    lines.push(
      u.enough
        ? `Uplift by ${u.score}: Qini coefficient ${Number.isNaN(u.qiniCoefficient) ? u.note : u.qiniCoefficient.toFixed(3)} over ${count(u.customers, 'customer')}${lacking}`
        : u.customers === 0 && u.missingScore > 0
          ? `Uplift by ${u.score}: no offered or held-out customer has a stored ${u.score} score (${count(u.missingScore, 'customer')} lack it): check the score's name (storewise profile <customerId> lists a customer's scores)`
          : `Uplift by ${u.score}: not enough data for a Qini curve (${count(u.customers, 'customer')}${lacking}; each decile needs ${u.minPerCell} offered and ${u.minPerCell} held out)`,
    );
  }
  lines.push(
    `Fairness by ${r.fairness.by} (flag below ${r.fairness.threshold} of the best group; groups under ${count(r.fairness.minGroupSize, 'customer')} are not judged):`,
  );
  const width = Math.max(20, ...r.fairness.groups.map((g) => g.name.length));
  for (const g of r.fairness.groups) {
    const note = g.flags.length
      ? `  FLAG ${g.flags.join(', ')}`
      : g.name === SMALL_GROUPS
        ? '  (groups too small to name, together: not judged)'
        : g.small
          ? '  (too few to judge)'
          : '';
    lines.push(
      `  ${g.name.padEnd(width)} ${count(g.customers, 'customer', (n) => String(n).padStart(5)).padEnd(15)}  offer rate ${pct(g.offerRate).padStart(6)}  mean discount ${money(g.meanDiscount)}${note}`,
    );
  }
  const judged = r.fairness.groups.filter((g) => !g.small).length;
  const named = r.fairness.groups.filter((g) => g.name !== SMALL_GROUPS).length;
  if (judged < 2 && r.fairness.groups.length > 0)
    lines.push(
      `  offers not compared: ${count(judged, 'group')} of ${count(r.fairness.minGroupSize, 'customer')} or more; two are needed${named >= 2 ? `; to judge smaller groups, lower --fairness-min-group (${MIN_NAMED_GROUP_SIZE} at the least)` : ''}`,
    );
  for (const w of r.fairness.warnings) lines.push(`  warning: ${w}`);
  return `${lines.join('\n')}\n`;
}
