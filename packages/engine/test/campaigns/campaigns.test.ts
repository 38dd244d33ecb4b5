import {
  assignFixedSplit,
  assignIncrementalMargin,
  campaignReport as coreReport,
  holdoutMembership,
  ThompsonBandit,
  upliftByBin,
} from '@storewise/core';
import type { CampaignAssignment, Storage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import {
  CampaignDefinitionError,
  CampaignError,
  campaignReport,
  createCampaign,
  offerFor,
  runTriggers,
  startCampaign,
  stopCampaign,
  thompsonRng,
  validateCampaignDefinition,
} from '../../src/campaigns/index.js';
import { adapters } from '../customers/stores.js';
import { baseDefinition, days, hours, IDS, purchase, T0, withShopOn } from './shop.js';

const ARMS = ['ten-off', 'recs-email'];
const allCustomers = { filter: { field: 'country', in: ['DE', 'FR'] } };

async function assignments(s: Storage, id: string): Promise<CampaignAssignment[]> {
  const out: CampaignAssignment[] = [];
  for await (const batch of s.scanAssignments(id)) out.push(...batch);
  return out;
}

describe('validateCampaignDefinition', () => {
  it('fills defaults and names the bad field', () => {
    const def = validateCampaignDefinition(baseDefinition);
    expect(def.holdout).toEqual({ fraction: 0.3, global: false, globalFraction: 0.05 });
    expect(def.arms[1]).toEqual({
      id: 'recs-email',
      name: 'Recommendations email',
      coupon: false,
      costPerOffer: 0.5,
      costPerConversion: 0,
    });
    expect(def.report).toEqual({ fairnessBy: 'country' });
    const bad: [Record<string, unknown>, string][] = [
      [{ arms: [] }, 'arms: must be a non-empty list of offers'],
      [
        { arms: [{ id: 'a', costPerConversion: -2 }] },
        'arms[0].costPerConversion: must be a number >= 0, got -2',
      ],
      [{ arms: [{ id: 'a' }, { id: 'a' }] }, 'arms[1].id: "a" repeats an earlier arm'],
      [{ holdout: { fraction: 1 } }, 'holdout.fraction: must be a number in [0, 1), got 1'],
      [
        { policy: { type: 'greedy' } },
        'policy.type: must be "fixed-split", "thompson" or "incremental-margin", got "greedy"',
      ],
      [
        { policy: { type: 'fixed-split', weights: [1] } },
        'policy.weights: must be a list of 2 numbers, one per arm',
      ],
      [
        { policy: { type: 'incremental-margin', propensityModel: 'p_buy', marginPerConversion: 5 } },
        'arms[0].assumedUplift: is required',
      ],
      [
        { audience: { segment: 'a', filter: {} } },
        'audience: must have exactly one of segment (a segment id) or filter (a rule)',
      ],
      [{ audience: { filter: { field: 'score.clv', gte: 'x' } } }, 'audience.filter.gte: expected a number'],
      [
        { audience: { filter: { field: 'country', gte: 'x' } } },
        'audience.filter.gte: country is text: use eq, ne, in, notIn or exists',
      ],
      [{ attributionWindowDays: 0 }, 'attributionWindowDays: must be a number in (0, 3650], got 0'],
      // Text gets the same rule as 0 (it said ">= 0", then 0 was refused).
      [{ attributionWindowDays: '30' }, 'attributionWindowDays: must be a number in (0, 3650], got "30"'],
      // Past ten years the report's window end left JavaScript's dates (RangeError) and SQL's (Failed query).
      [
        { attributionWindowDays: 1e9 },
        'attributionWindowDays: must be a number in (0, 3650], got 1000000000',
      ],
      [
        { frequencyCap: { maxOffers: 1, windowDays: 3650.5 } },
        'frequencyCap.windowDays: must be a number in (0, 3650], got 3650.5',
      ],
      [{ attributionWindowDays: undefined }, 'attributionWindowDays: is required'],
      [
        { frequencyCap: { maxOffers: 1.5, windowDays: 7 } },
        'frequencyCap.maxOffers: must be an integer >= 1, got 1.5',
      ],
      [
        { trigger: { event: 'view', noPurchaseWithinMinutes: 60 } },
        'trigger.event: must be "add_to_cart", got "view"',
      ],
      [{ startsAt: 'soon' }, 'startsAt: must be an ISO date such as 2011-09-01T00:00:00Z, got "soon"'],
      // Days that do not exist are refused, not moved into the next month.
      [
        { startsAt: '2011-02-30' },
        'startsAt: must be an ISO date such as 2011-09-01T00:00:00Z, got "2011-02-30"',
      ],
      [
        { endsAt: '2011-09-31T10:00:00Z' },
        'endsAt: must be an ISO date such as 2011-09-01T00:00:00Z, got "2011-09-31T10:00:00Z"',
      ],
      [{ colour: 'red' }, 'definition.colour: unknown field'],
      [
        { report: { fairnessBy: 'segment' } },
        'report.fairnessBy: must be "country" or "attribute.<name>", got "segment"',
      ],
    ];
    for (const [patch, message] of bad) {
      const attempt = () => validateCampaignDefinition({ ...baseDefinition, ...patch });
      expect(attempt).toThrow(CampaignDefinitionError);
      expect(attempt).toThrow(message);
    }
    expect(() =>
      validateCampaignDefinition({
        ...baseDefinition,
        arms: [{ id: 'a', assumedUplift: 0.2 }],
        policy: { type: 'incremental-margin', propensityModel: 'p_buy', marginPerConversion: 5 },
      }),
    ).toThrow('policy.propensityModel: must be a score named p_purchase_<N>d, got "p_buy"');
  });

  it('names every problem at once, in the order of the fields, each arm on its own', () => {
    let error: unknown;
    try {
      validateCampaignDefinition({
        ...baseDefinition,
        id: 'bad id!',
        colour: 'red',
        arms: [{ id: 'a', costPerOffer: -1 }, { id: 'b' }, { id: 'c', coupon: 'yes' }],
        holdout: { fraction: 2 },
        startsAt: '2011-09-02',
        endsAt: '2011-09-01',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CampaignDefinitionError);
    const e = error as CampaignDefinitionError;
    expect(e.problems.map((p) => p.path)).toEqual([
      'definition.colour',
      'id',
      'arms[0].costPerOffer',
      'arms[2].coupon',
      'holdout.fraction',
      'endsAt',
    ]);
    expect([e.path, e.reason]).toEqual(['definition.colour', e.problems[0]!.reason]);
    expect(e.message).toMatch(
      /^6 problems: definition\.colour: unknown field .*; endsAt: must be after startsAt$/,
    );
    // One problem keeps the one-line message.
    expect(() => validateCampaignDefinition({ ...baseDefinition, budget: -1 })).toThrow(
      /^budget: must be a number >= 0, got -1$/,
    );
  });

  it("names every problem of a policy at once, as an arm's", () => {
    const problemsOf = (policy: Record<string, unknown>, arms: unknown[] = baseDefinition.arms) => {
      try {
        validateCampaignDefinition({ ...baseDefinition, arms, policy });
      } catch (e) {
        return (e as CampaignDefinitionError).problems.map((p) => `${p.path}: ${p.reason}`);
      }
      return [];
    };
    expect(
      problemsOf({ type: 'thompson', objective: 'clicks', priorAlpha: 0, priorBeta: 'x', colour: 'red' }),
    ).toEqual([
      'policy.colour: unknown field (expected type, objective, marginPerConversion, priorAlpha, priorBeta)',
      'policy.objective: must be "conversion" or "margin", got "clicks"',
      'policy.priorAlpha: must be a number > 0, got 0',
      'policy.priorBeta: must be a number > 0, got "x"',
    ]);
    expect(problemsOf({ type: 'thompson', objective: 'margin' })).toEqual([
      'policy.marginPerConversion: is required',
    ]);
    expect(
      problemsOf({ type: 'incremental-margin', propensityModel: 'p_buy', marginPerConversion: -5 }, [
        { id: 'a', assumedUplift: 0.2 },
      ]),
    ).toEqual([
      'policy.propensityModel: must be a score named p_purchase_<N>d, got "p_buy"',
      'policy.marginPerConversion: must be a number >= 0, got -5',
    ]);
    expect(problemsOf({ type: 'fixed-split', weights: [-1, 'half'], extra: 1 })).toEqual([
      'policy.extra: unknown field (expected type, weights)',
      'policy.weights[0]: must be a number >= 0, got -1',
      'policy.weights[1]: must be a number >= 0, got "half"',
    ]);
    expect(problemsOf({ type: 'fixed-split', weights: [0, 0] })).toEqual([
      'policy.weights: must have a positive sum',
    ]);
  });

  it('reads dates as the import does: a day alone is its UTC midnight, a zone is honoured', () => {
    const d = validateCampaignDefinition({
      ...baseDefinition,
      startsAt: '2011-09-01',
      endsAt: '2011-09-30T10:00:00+01:00',
    });
    expect(d.startsAt?.toISOString()).toBe('2011-09-01T00:00:00.000Z');
    expect(d.endsAt?.toISOString()).toBe('2011-09-30T09:00:00.000Z');
  });
});

for (const [name, open] of await adapters()) {
  const withShop = withShopOn(open);

  describe(`campaigns on ${name}`, () => {
    it(
      'starts a fixed split: consent first, then the holdout hash, then the split hash; sticky offers with unique coupons',
      withShop(async (s) => {
        await expect(createCampaign(s, { ...baseDefinition, audience: { segment: 'nope' } })).rejects.toThrow(
          'audience.segment: names an unknown segment "nope"',
        );
        const draft = await createCampaign(s, { ...baseDefinition, id: 'autumn', audience: allCustomers });
        expect([draft.id, draft.status]).toEqual(['autumn', 'draft']);
        const summary = await startCampaign(s, 'autumn', T0);
        // Oracle: core's hashes on the same ids; c03 opted out.
        const expected = new Map<string, string | null>();
        for (const id of IDS) {
          if (id === 'c03') continue;
          const held = holdoutMembership(id, { campaignId: 'autumn', holdoutFraction: 0.3 }).inHoldout;
          expected.set(id, held ? null : ARMS[assignFixedSplit(id, { campaignId: 'autumn', arms: 2 }).arm]!);
        }
        const stored = await assignments(s, 'autumn');
        expect(new Map(stored.map((a) => [a.customerId, a.arm]))).toEqual(expected);
        // Worked out by hand from the hashes above: holdout c01, c10, c11.
        expect(stored.filter((a) => a.holdout).map((a) => a.customerId)).toEqual(['c01', 'c10', 'c11']);
        // 11 decided (5 + 3 offered, 3 held out) and c03 refused (consent): the 12 customers.
        expect(summary).toMatchObject({
          decided: 11,
          refusedCustomers: 1,
          offered: { 'ten-off': 5, 'recs-email': 3 },
          holdout: 3,
          noOffer: 0,
          alreadyAssigned: 0,
          refused: { consent: 1 },
          cost: 5 * 2 + 3 * 0.5,
        });
        for (const a of stored) {
          expect(a.assignedAt).toEqual(T0);
          if (a.arm === 'ten-off') expect(a.couponCode).toMatch(/^AUTUMN-[0-9A-HJKMNP-TV-Z]{10}$/);
          else expect(a.couponCode).toBeNull();
          if (a.arm !== null)
            expect(a.reason).toEqual(
              JSON.parse(
                JSON.stringify(assignFixedSplit(a.customerId, { campaignId: 'autumn', arms: 2 }).reason),
              ),
            );
        }
        const codes = stored.flatMap((a) => (a.couponCode ? [a.couponCode] : []));
        expect(new Set(codes).size).toBe(5);

        await expect(startCampaign(s, 'autumn', T0)).rejects.toThrow(
          'campaign "autumn" is running: only a draft starts',
        );
        await expect(createCampaign(s, { ...baseDefinition, id: 'autumn' })).rejects.toThrow(
          'campaign "autumn" is running: only a draft can be redefined',
        );
        const c05 = stored.find((a) => a.customerId === 'c05')!;
        expect(await offerFor(s, 'autumn', 'c05', days(3))).toEqual({
          status: 'assigned',
          sticky: true,
          assignment: c05,
        });
        expect(await offerFor(s, 'autumn', 'c03', days(3))).toEqual({
          status: 'refused',
          reasons: [{ rule: 'consent' }],
        });
        expect(await offerFor(s, 'autumn', 'zed', days(3))).toEqual({
          status: 'refused',
          reasons: [{ rule: 'unknown-customer' }],
        });
        await stopCampaign(s, 'autumn', days(20));
        expect(await offerFor(s, 'autumn', 'c05', days(30))).toMatchObject({
          status: 'assigned',
          sticky: true,
        });
        await s.upsertCustomers([{ externalId: 'c13', country: 'DE' }]);
        expect(await offerFor(s, 'autumn', 'c13', days(30))).toEqual({
          status: 'refused',
          reasons: [{ rule: 'not-running', status: 'stopped' }],
        });
      }),
    );

    it(
      'keeps the global holdout out (scope global wins), and starts only within its dates',
      withShop(async (s) => {
        await createCampaign(s, {
          ...baseDefinition,
          audience: allCustomers,
          holdout: { fraction: 0.2, global: true, globalFraction: 0.3 },
          startsAt: '2024-03-01T00:00:00Z',
          endsAt: '2024-04-01T00:00:00Z',
        });
        await expect(startCampaign(s, 'spring', days(-1))).rejects.toThrow(
          'campaign "spring" cannot start at 2024-02-29T00:00:00.000Z: the campaign starts at 2024-03-01T00:00:00.000Z',
        );
        expect((await s.getCampaign('spring'))!.status).toBe('draft');
        await startCampaign(s, 'spring', T0);
        const config = { campaignId: 'spring', holdoutFraction: 0.2, globalHoldoutFraction: 0.3 };
        const held = (await assignments(s, 'spring')).filter((a) => a.holdout);
        const want = IDS.filter((id) => id !== 'c03' && holdoutMembership(id, config).inHoldout);
        expect(held.map((a) => a.customerId)).toEqual(want);
        for (const a of held) {
          const h = holdoutMembership(a.customerId, config);
          // With the arm the split would have given them (the policy decides for the holdout too) and its cost.
          const ghost = assignFixedSplit(a.customerId, { campaignId: 'spring', arms: 2 }).arm;
          expect(a.reason).toEqual({
            holdout: h.scope,
            campaignUnit: h.campaignUnit,
            globalUnit: h.globalUnit,
            ghostArm: ARMS[ghost],
            ghostCost: [2, 0.5][ghost],
          });
        }
        expect(held.some((a) => a.reason.holdout === 'global')).toBe(true);
        // The report compares with the campaign's own holdout only; the global one is reported apart
        // (earlier campaigns' caps and offers never reached it, so it is not like this campaign's customers).
        const report = await campaignReport(s, 'spring', { fairnessMinGroupSize: 1 });
        const scoped = (scope: string) => held.filter((a) => a.reason.holdout === scope).length;
        expect(report.holdout.exposures).toBe(scoped('campaign'));
        expect(report.globalHoldout?.exposures).toBe(scoped('global'));
        expect(scoped('campaign') + scoped('global')).toBe(held.length);
        expect(report.fairness.groups.reduce((n, g) => n + g.customers, 0)).toBe(
          (await assignments(s, 'spring')).length - held.length,
        );
        expect(await offerFor(s, 'spring', 'c13', days(31))).toEqual({
          status: 'refused',
          reasons: [{ rule: 'ended', endsAt: days(31) }],
        });
      }),
    );

    it(
      'reports exposures, conversions in the window, revenue, lift (core statistics) and fairness by country',
      withShop(async (s) => {
        await createCampaign(s, { ...baseDefinition, id: 'autumn', audience: allCustomers });
        await startCampaign(s, 'autumn', T0);
        // Arms from the test above: ten-off c04 c05 c06 c08 c09, recs-email c02 c07 c12, holdout c01 c10 c11.
        await s.appendEvents([
          purchase('p1', 'c01', hours(2), 20), // holdout, converts
          purchase('p2', 'c04', hours(5), 15), // ten-off, converts with 15 + 5
          purchase('p3', 'c04', hours(6), 5),
          purchase('p4', 'c07', days(8), 30), // recs-email, after the 7-day window
          purchase('p5', 'c08', days(1), 12), // ten-off
          purchase('p6', 'c10', T0, 9), // holdout, at the instant of assignment: not after it
          purchase('p7', 'c02', days(6), 40), // recs-email
        ]);
        // Groups of a handful of customers: judged all the same here (the default leaves out groups under 30).
        const report = await campaignReport(s, 'autumn', { fairnessMinGroupSize: 1 });
        // The split would have given c01 and c11 ten-off, c10 recs-email (their recorded ghostArm).
        const totals = {
          tenOff: { exposures: 5, conversions: 2, revenue: 32, revenueSumSquares: 20 * 20 + 12 * 12 },
          recs: { exposures: 3, conversions: 1, revenue: 40, revenueSumSquares: 40 * 40 },
          holdout: { exposures: 3, conversions: 1, revenue: 20, revenueSumSquares: 20 * 20 },
          tenOffHoldout: { exposures: 2, conversions: 1, revenue: 20, revenueSumSquares: 20 * 20 },
          recsHoldout: { exposures: 1, conversions: 0, revenue: 0, revenueSumSquares: 0 },
          decided: {
            exposures: 8,
            conversions: 3,
            revenue: 72,
            revenueSumSquares: 20 * 20 + 12 * 12 + 40 * 40,
          },
        };
        const tenOff = coreReport([totals.tenOff], totals.tenOffHoldout);
        const recs = coreReport([totals.recs], totals.recsHoldout);
        const overall = coreReport([totals.decided], totals.holdout);
        expect(report.arms.map((a) => a.arm)).toEqual(ARMS);
        expect(report.arms.map((a) => a.controlKind)).toEqual(['ghost', 'ghost']);
        expect(report.arms[0]!.metrics).toEqual(tenOff.arms[0]!.metrics);
        expect(report.arms[0]!.control).toEqual(tenOff.holdout);
        expect(report.arms[0]!.lift).toEqual(tenOff.arms[0]!.lift);
        expect(report.arms[1]!.metrics).toEqual(recs.arms[0]!.metrics);
        expect(report.arms[1]!.control).toEqual(recs.holdout);
        expect(report.arms[1]!.lift).toEqual(recs.arms[0]!.lift);
        expect(report.holdout).toEqual(overall.holdout);
        expect(report.overall).toEqual(overall.arms[0]);
        expect(report.arms[0]!.lift.absolute).toBeCloseTo(2 / 5 - 1 / 2, 12);
        expect(report.overall.lift.absolute).toBeCloseTo(3 / 8 - 1 / 3, 12);
        expect(report.arms.map((a) => a.cost)).toEqual([10, 1.5]);
        // Spent as measured: ten-off's discount (2) for its 2 conversions; recs-email 0.5 per email sent.
        expect(report.arms.map((a) => a.realizedCost)).toEqual([4, 1.5]);
        expect([
          report.cost,
          report.realizedCost,
          report.budget,
          report.uplift,
          report.noOffer.exposures,
        ]).toEqual([11.5, 5.5, null, null, 0]);
        // Fairness over the 8 customers the policy decided for: all offered; discount 2 for ten-off.
        expect(report.fairness.by).toBe('country');
        // DE's 3 customers (fewer than 5) are reported as "(groups of fewer than 5)", after FR's 5, and are
        // not judged: FR's mean discount 1.2 is the best judged one, though the bucket's is 4/3.
        const [fr, small] = report.fairness.groups;
        expect(report.fairness.groups.map((g) => g.name)).toEqual(['FR', '(groups of fewer than 5)']);
        expect(small).toMatchObject({ customers: 3, offered: 3, offerRate: 1, small: true, flags: [] });
        expect(small!.meanDiscount).toBeCloseTo(4 / 3, 12);
        expect(small!.discountRatio).toBeCloseTo(4 / 3 / 1.2, 12);
        expect(fr).toMatchObject({
          customers: 5,
          offered: 5,
          meanDiscount: 1.2,
          discountRatio: 1,
          small: false,
        });
        expect(report.fairness.flagged).toEqual([]);
        // As of a day after the start, only c01's and c04's purchases are seen.
        const early = await campaignReport(s, 'autumn', { asOf: days(1) });
        expect(early.arms.map((a) => a.metrics.conversions)).toEqual([1, 0]);
        expect(early.holdout.conversions).toBe(1);
        // As of the start itself nothing was assigned yet: no exposures (they were all counted before).
        const before = await campaignReport(s, 'autumn', { asOf: T0 });
        expect([...before.arms.map((a) => a.metrics.exposures), before.holdout.exposures]).toEqual([0, 0, 0]);
        expect(report.fairness.warnings).toEqual([]);
        // Grouped by e-mail, each of the 8 decided customers would be a group named by their address (the
        // shop gave its customers a tier too).
        await s.upsertCustomers(
          ['c02', 'c04', 'c05', 'c06', 'c07', 'c08', 'c09', 'c12'].map((id) => ({
            externalId: id,
            attributes: { email: `${id}@shop.example` },
          })),
        );
        const byEmail = campaignReport(s, 'autumn', { fairnessBy: 'attribute.email' });
        await expect(byEmail).rejects.toBeInstanceOf(CampaignError);
        await expect(byEmail).rejects.toThrow(
          'fairnessBy "email" looks like a direct identifier (e-mail address): 8 of the 8 rows holding it',
        );
        const typo = await campaignReport(s, 'autumn', { fairnessBy: 'attribute.Email' });
        expect(typo.fairness.warnings).toEqual([
          'no customer holds the attribute "Email": everyone is in the group "(none)"; the attributes they hold: email, tier',
        ]);
      }),
    );

    it(
      'keeps to the budget when offers are decided at the same time, as a storefront asks for them',
      withShop(async (s) => {
        await createCampaign(s, {
          ...baseDefinition,
          id: 'rush',
          audience: allCustomers,
          budget: 5,
          holdout: { fraction: 0 },
          // Offers only on request (offerFor), none when it starts.
          trigger: { event: 'add_to_cart', noPurchaseWithinMinutes: 60 },
        });
        await startCampaign(s, 'rush', T0);
        const decisions = await Promise.all(IDS.map((id) => offerFor(s, 'rush', id, hours(1))));
        const offered = (await assignments(s, 'rush')).filter((a) => a.arm !== null);
        const spent = offered.reduce((sum, a) => sum + a.cost, 0);
        expect(spent).toBeLessThanOrEqual(5);
        expect(await s.campaignCost('rush')).toBeCloseTo(spent, 9);
        // Every customer refused for the budget was refused rightly: their offer did not fit what was left.
        const budgetRefusals = decisions.flatMap((d) =>
          d.status === 'refused' ? d.reasons.filter((r) => r.rule === 'budget') : [],
        );
        expect(budgetRefusals.length).toBeGreaterThan(0);
        for (const r of budgetRefusals) expect(spent + r.cost).toBeGreaterThan(5);
        expect(offered.length + budgetRefusals.length).toBe(IDS.length - 1); // c03 opted out
      }),
    );

    it(
      'keeps to the budget (worst-case cost per offer) and to frequency caps across campaigns',
      withShop(async (s) => {
        await createCampaign(s, { ...baseDefinition, id: 'autumn', audience: allCustomers, budget: 5 });
        const autumn = await startCampaign(s, 'autumn', T0);
        // In the campaign's random order (customerUnit of "autumn", "order"), with H for the holdout and the
        // arm the split gives (ten-off costs 2, recs-email 0.5): c06 ten-off (spent 2), c12 recs (2.5),
        // c11 H ten-off (would be 4.5: kept, spends nothing), c10 H recs (3.0: kept), c04 ten-off (4.5),
        // c05 c08 c09 ten-off refused (6.5), c02 recs (5.0), c01 H ten-off refused (7: the holdout is
        // refused where an offer would be), c07 recs refused (5.5).
        expect(autumn).toMatchObject({
          offered: { 'ten-off': 2, 'recs-email': 2 },
          holdout: 2,
          refused: { consent: 1, budget: 5 },
          cost: 5,
        });
        const recorded = await assignments(s, 'autumn');
        expect(recorded.filter((a) => a.arm !== null).map((a) => a.customerId)).toEqual([
          'c02',
          'c04',
          'c06',
          'c12',
        ]);
        expect(recorded.filter((a) => a.holdout).map((a) => [a.customerId, a.reason.ghostArm])).toEqual([
          ['c10', 'recs-email'],
          ['c11', 'ten-off'],
        ]);
        await createCampaign(s, { ...baseDefinition, frequencyCap: { maxOffers: 1, windowDays: 30 } });
        const spring = await startCampaign(s, 'spring', days(1));
        // VIP c01..c06: c02 c04 c06 got autumn offers (capped), c03 opted out, c01 and c05 had none.
        // 6 VIPs: 2 decided, 4 refused (c03's consent, 3 over the frequency cap).
        expect(spring).toMatchObject({
          decided: 2,
          refusedCustomers: 4,
          refused: { consent: 1, 'frequency-cap': 3 },
        });
        expect((await assignments(s, 'spring')).map((a) => a.customerId)).toEqual(['c01', 'c05']);
        expect(await offerFor(s, 'spring', 'c02', days(10))).toEqual({
          status: 'refused',
          reasons: [
            { rule: 'frequency-cap', cap: 0, maxOffers: 1, window: 30 * 86_400_000, offersInWindow: 1 },
          ],
        });
        // 30 days after the autumn offer the cap allows another.
        expect(await offerFor(s, 'spring', 'c02', days(31))).toMatchObject({
          status: 'assigned',
          sticky: false,
        });
      }),
    );

    it(
      'offers on the cart trigger once the delay has passed without a purchase, once per customer',
      withShop(async (s) => {
        await createCampaign(s, {
          ...baseDefinition,
          id: 'cart',
          audience: allCustomers,
          trigger: { event: 'add_to_cart', noPurchaseWithinMinutes: 60 },
        });
        const cart = (id: string, customerId: string | null, at: Date) => ({
          eventId: id,
          type: 'add_to_cart' as const,
          customerId,
          sku: 'mug',
          timestamp: at,
        });
        await s.appendEvents([
          cart('k0', 'c06', hours(-5)), // before the start
          cart('k1', 'c02', hours(1)),
          cart('k2', 'c04', hours(1)),
          purchase('k3', 'c04', hours(1.5), 10),
          cart('k4', 'c05', hours(2.5)),
          cart('k5', 'c01', hours(1)),
          cart('k6', 'c03', hours(1)),
          cart('k7', null, hours(1)),
          // c07 buys exactly when the hour is up: within [t, t + delay], so no trigger for them.
          cart('k8', 'c07', hours(2)),
          purchase('k9', 'c07', hours(3), 10),
        ]);
        expect(await startCampaign(s, 'cart', T0)).toMatchObject({ decided: 0, offered: {} });
        // Hashes of "cart": c01 held out, c02 and c05 ten-off.
        const first = await runTriggers(s, 'cart', hours(3));
        expect(first).toMatchObject({
          triggered: 3,
          notInAudience: 0,
          offered: { 'ten-off': 1 },
          holdout: 1,
          refused: { consent: 1 },
          alreadyAssigned: 0,
        });
        const second = await runTriggers(s, 'cart', hours(4));
        expect(second).toMatchObject({ triggered: 4, offered: { 'ten-off': 1 }, alreadyAssigned: 2 });
        const stored = await assignments(s, 'cart');
        expect(stored.map((a) => [a.customerId, a.arm, a.assignedAt])).toEqual([
          ['c01', null, hours(3)],
          ['c02', 'ten-off', hours(3)],
          ['c05', 'ten-off', hours(4)],
        ]);
      }),
    );

    it(
      'Thompson: sticky draws seeded by (campaign, customer), later draws from the posterior of the stored outcomes',
      withShop(async (s) => {
        await createCampaign(s, {
          ...baseDefinition,
          id: 'bandit',
          holdout: { fraction: 0 },
          policy: { type: 'thompson', objective: 'conversion' },
        });
        await startCampaign(s, 'bandit', T0);
        const oracle = new ThompsonBandit({
          arms: 2,
          objective: 'conversion',
          margins: [-2, 0],
          costs: [0, 0.5],
        });
        const stored = await assignments(s, 'bandit');
        expect(stored.map((a) => a.customerId)).toEqual(['c01', 'c02', 'c04', 'c05', 'c06']);
        for (const a of stored) {
          const want = oracle.assign(a.customerId, thompsonRng('bandit', a.customerId));
          expect([a.arm, a.reason]).toEqual([ARMS[want.arm], want.reason]);
        }
        // c01 buys within the window; the others' windows close without a purchase by day 10.
        await s.appendEvents([purchase('b1', 'c01', days(1), 10)]);
        await s.refreshSegment('vip', ['c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07'], days(10));
        const decision = await offerFor(s, 'bandit', 'c07', days(10));
        const arms = stored.map((a) => ARMS.indexOf(a.arm!));
        const posterior = new ThompsonBandit({ arms: 2 });
        for (let a = 0; a < 2; a++) {
          const n = arms.filter((x) => x === a).length;
          posterior.updateCounts(a, a === arms[0] ? 1 : 0, n);
        }
        const want = posterior.choose(thompsonRng('bandit', 'c07'));
        expect(decision).toMatchObject({ status: 'assigned', sticky: false });
        if (decision.status !== 'assigned') throw new Error('unreachable');
        expect([decision.assignment.arm, decision.assignment.reason]).toEqual([ARMS[want.arm], want.reason]);
      }),
    );

    it(
      'incremental margin: a customer who declined analytics after being scored gets the base rate',
      withShop(async (s) => {
        await s.upsertScores([
          { customerId: 'c01', model: 'p_purchase_30d', score: 0.5 },
          { customerId: 'c04', model: 'p_purchase_30d', score: 0.2 },
        ]);
        await s.upsertCustomers([{ externalId: 'c04', consent: { analytics: false } }]);
        await createCampaign(s, {
          ...baseDefinition,
          id: 'margin-test',
          arms: [{ id: 'ten-off', coupon: true, costPerConversion: 2, assumedUplift: 0.5 }],
          policy: { type: 'incremental-margin', propensityModel: 'p_purchase_30d', marginPerConversion: 10 },
        });
        await startCampaign(s, 'margin-test', T0);
        // Treated as in the test below: c01, c04, c05 (c05 has no score).
        const stored = new Map((await assignments(s, 'margin-test')).map((a) => [a.customerId, a.reason]));
        expect(stored.get('c01')).toMatchObject({ pNoOffer: 0.5, pNoOfferSource: 'p_purchase_30d' });
        expect(stored.get('c05')).toMatchObject({ pNoOffer: 4 / 12, pNoOfferSource: 'base-rate' });
        expect(stored.get('c04')).toMatchObject({ pNoOffer: 4 / 12, pNoOfferSource: 'base-rate' });
        // Nor does the report rank c04 by the stored score for its uplift deciles: only c01 is ranked.
        const report = await campaignReport(s, 'margin-test', { bins: 1, minPerCell: 1 });
        expect(report.uplift).toMatchObject({ customers: 1, missingScore: stored.size - 1 });
        // A score asked for by name that none of them has is refused, naming the option; the
        // definition's own score stays a section with everyone missing.
        const wrong = campaignReport(s, 'margin-test', { upliftScore: 'p_purchase_03d' });
        await expect(wrong).rejects.toThrow(CampaignError);
        await expect(wrong).rejects.toMatchObject({
          option: 'upliftScore',
          message: expect.stringContaining(
            'no customer of this campaign has a stored score "p_purchase_03d"',
          ),
        });
        await s.upsertScores([{ customerId: 'c01', model: 'p_purchase_03d', score: 0.1 }]);
        expect(
          (await campaignReport(s, 'margin-test', { upliftScore: 'p_purchase_03d' })).uplift,
        ).toMatchObject({
          score: 'p_purchase_03d',
          customers: 1,
        });
      }),
    );

    it(
      'incremental margin: stored p_purchase_30d, else the 30-day base rate; core greedy on the same inputs',
      withShop(async (s) => {
        await s.upsertScores([
          { customerId: 'c01', model: 'p_purchase_30d', score: 0.5 },
          { customerId: 'c04', model: 'p_purchase_30d', score: 0.2 },
          { customerId: 'c02', model: 'p_purchase_30d', score: 0.4 },
        ]);
        const arms = [
          { id: 'ten-off', coupon: true, costPerConversion: 2, assumedUplift: 0.5 },
          { id: 'recs-email', costPerOffer: 0.5, assumedUplift: 0.1 },
        ];
        await createCampaign(s, {
          ...baseDefinition,
          id: 'margin-test',
          arms,
          policy: { type: 'incremental-margin', propensityModel: 'p_purchase_30d', marginPerConversion: 10 },
        });
        const summary = await startCampaign(s, 'margin-test', T0);
        // Holdout of "margin-test" among the VIPs: c02, c06; c03 opted out; treated c01 c04 c05.
        // c05 has no score: base rate = buyers in the 30 days before T0 (c01..c04) / 12 customers.
        const q = Float64Array.from([0.5, 0.2, 4 / 12]);
        const pOffer = new Float64Array(6);
        q.forEach((p, i) => {
          pOffer[2 * i] = Math.min(1, p * 1.5);
          pOffer[2 * i + 1] = Math.min(1, p * 1.1);
        });
        const want = assignIncrementalMargin({
          arms: 2,
          pOffer,
          pControl: q,
          margin: 10,
          costPerOffer: [0, 0.5],
          costPerConversion: [2, 0],
        });
        const stored = new Map((await assignments(s, 'margin-test')).map((a) => [a.customerId, a]));
        expect([...stored.keys()]).toEqual(['c01', 'c02', 'c04', 'c05', 'c06']);
        expect([stored.get('c02')!.holdout, stored.get('c06')!.holdout]).toEqual([true, true]);
        ['c01', 'c04', 'c05'].forEach((id, i) => {
          const a = stored.get(id)!;
          const arm = want.arm[i]!;
          expect(a.arm).toBe(arm < 0 ? null : ARMS[arm]);
          expect(a.cost).toBeCloseTo(want.spend[i]!, 12);
          expect(a.reason).toEqual({
            ...JSON.parse(JSON.stringify(want.reasons[i])),
            pNoOffer: q[i],
            pNoOfferSource: id === 'c05' ? 'base-rate' : 'p_purchase_30d',
          });
        });
        expect(summary.holdout).toBe(2);
        // The summary's cost is the expected costs summed, in cents (a money sum).
        const spent = want.spend.reduce((sum, v) => sum + v, 0);
        expect(summary.cost).toBe(Math.round(spent * 100) / 100);
        // The report ranks by the propensity for the uplift deciles; c05 (no score) and c06 are left out.
        // c04 buys on day 2. Ranked: c01 (0.5, offered), c02 (0.4, held out), c04 (0.2, offered, converts).
        await s.appendEvents([purchase('m1', 'c04', days(2), 10)]);
        const report = await campaignReport(s, 'margin-test', { bins: 1, minPerCell: 1 });
        const u = upliftByBin(
          Float64Array.from([0.5, 0.4, 0.2]),
          Uint8Array.from([1, 0, 1]),
          Float64Array.from([0, 0, 1]),
          {
            bins: 1,
            minPerCell: 1,
          },
        );
        expect(u.enough).toBe(true);
        expect(report.uplift).toEqual({
          score: 'p_purchase_30d',
          customers: 3,
          missingScore: 2,
          enough: true,
          minPerCell: 1,
          bins: u.bins,
          qini: { x: Array.from(u.qini.x), y: Array.from(u.qini.y) },
          qiniCoefficient: u.qiniCoefficient,
          note: null,
        });
      }),
    );
  });
}
