// One look lists all of a definition's problems: every field of an arm and of the frequency cap, and
// what it names in the store (an unknown segment, a propensity score no customer has) with the others.
import { describe, expect, it } from 'vitest';
import { CampaignDefinitionError, createCampaign, startCampaign } from '../../src/campaigns/index.js';
import { adapters } from '../customers/stores.js';
import { baseDefinition, T0, withShopOn } from './shop.js';

async function problemsOf(call: Promise<unknown>): Promise<string[]> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CampaignDefinitionError);
  return (error as CampaignDefinitionError).problems.map((p) => `${p.path}: ${p.reason}`);
}

const margin = {
  ...baseDefinition,
  id: 'margin',
  audience: { filter: { field: 'country', eq: 'DE' } },
  arms: [{ id: 'mail', costPerOffer: 0.5, assumedUplift: 0.2 }],
  policy: { type: 'incremental-margin', propensityModel: 'p_purchase_60d', marginPerConversion: 10 },
};

for (const [name, open] of await adapters()) {
  const withShop = withShopOn(open);

  describe(`definition problems on ${name}`, () => {
    it(
      'lists every arm field, every frequency-cap field and the unknown segment at once',
      withShop(async (s) => {
        const problems = await problemsOf(
          createCampaign(s, {
            ...baseDefinition,
            audience: { segment: 'nope' },
            arms: [
              { id: 'a', costPerOffer: 1 },
              { id: 'b', costPerOffer: -1, costPerConversion: '3', colour: 'red' },
            ],
            frequencyCap: { maxOffers: 0 },
          }),
        );
        expect(problems).toEqual([
          'arms[1].colour: unknown field (expected id, name, coupon, costPerOffer, costPerConversion, assumedUplift)',
          'arms[1].costPerOffer: must be a number >= 0, got -1',
          'arms[1].costPerConversion: must be a number >= 0, got "3"',
          'frequencyCap.maxOffers: must be an integer >= 1, got 0',
          'frequencyCap.windowDays: is required',
          'audience.segment: names an unknown segment "nope"',
        ]);
        expect(await s.getCampaign('spring')).toBeNull();
      }),
    );

    it(
      "refuses an audience filter naming a score or segment nothing has or computes (a typo of the shop's vip), as a rule segment's",
      withShop(async (s) => {
        await s.upsertScores([{ customerId: 'c01', model: 'clv', score: 50 }]);
        const audience = {
          filter: {
            and: [
              { field: 'score.cvl', gt: 100 },
              { field: 'segment', in: ['vips', 'rfm:champions'] },
              { field: 'score.p_purchase_90d', gt: 0.5 },
            ],
          },
        };
        expect(await problemsOf(createCampaign(s, { ...baseDefinition, audience }))).toEqual([
          'audience.filter.and[0].field: no score "cvl" is stored, nor is it one Storewise computes (stored: clv)',
          'audience.filter.and[1].in[0]: no segment "vips" is stored, nor is it one customer analytics computes (segments: vip)',
        ]);
        // Names analytics or propensity will compute (rfm:champions, p_purchase_90d) are not problems.
        const computed = { filter: { and: [audience.filter.and[1]!, audience.filter.and[2]!] } };
        computed.filter.and[0] = { field: 'segment', in: ['rfm:champions'] };
        expect((await createCampaign(s, { ...baseDefinition, audience: computed })).status).toBe('draft');
      }),
    );

    it(
      'refuses a propensity score no customer has at create and at start, naming the scores that exist',
      withShop(async (s) => {
        await s.upsertScores([
          { customerId: 'c01', model: 'p_purchase_30d', score: 0.2 },
          { customerId: 'c02', model: 'clv', score: 50 },
        ]);
        const reason =
          'no customer has a stored score "p_purchase_60d" (stored scores: clv, p_purchase_30d); storewise train propensity --horizon 60 stores it';
        expect(await problemsOf(createCampaign(s, margin))).toEqual([`policy.propensityModel: ${reason}`]);
        // A draft stored without the check (as before it was made) does not start either.
        await s.upsertCampaign({
          id: 'margin',
          name: 'Margin',
          definition: { ...margin, id: undefined, name: undefined },
        });
        await expect(startCampaign(s, 'margin', T0)).rejects.toThrow(
          `campaign "margin" cannot start: policy.propensityModel: ${reason}`,
        );
        expect((await s.getCampaign('margin'))!.status).toBe('draft');
        await s.upsertScores([{ customerId: 'c01', model: 'p_purchase_60d', score: 0.3 }]);
        expect((await createCampaign(s, margin)).status).toBe('draft');
      }),
    );
  });
}
