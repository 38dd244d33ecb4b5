import { campaignReport, createCampaign, startCampaign } from '@storewise/engine';
import { type Campaign, openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { renderCampaigns, renderReport, renderSummary } from '../src/commands/campaign-render.js';

describe('campaign list', () => {
  it('lines up the ids, statuses and names of campaigns of any length', () => {
    const campaigns = [
      { id: 'a-much-longer-campaign-id', status: 'draft', name: 'Other', startedAt: null, stoppedAt: null },
      {
        id: 'uk-autumn',
        status: 'running',
        name: 'UK autumn offers',
        startedAt: new Date('2011-09-01T00:00:00Z'),
        stoppedAt: null,
      },
    ] as unknown as Campaign[];
    expect(renderCampaigns(campaigns)).toBe(
      'a-much-longer-campaign-id  draft    Other             (started -, stopped -)\n' +
        'uk-autumn                  running  UK autumn offers  (started 2011-09-01T00:00:00Z, stopped -)\n',
    );
  });
});

describe('campaign report', () => {
  it('names no test where there is no holdout to compare with', async () => {
    const storage = await openStorage('memory:');
    await storage.upsertCustomers([
      { externalId: 'a', country: 'DE' },
      { externalId: 'b', country: 'DE' },
    ]);
    await createCampaign(storage, {
      id: 'all-in',
      name: 'Everyone',
      audience: { filter: { field: 'country', eq: 'DE' } },
      arms: [{ id: 'mail', costPerOffer: 1 }],
      policy: { type: 'fixed-split' },
      holdout: { fraction: 0 },
      attributionWindowDays: 7,
    });
    await startCampaign(storage, 'all-in', new Date('2024-01-01T00:00:00Z'));
    const text = renderReport(await campaignReport(storage, 'all-in'));
    await storage.close();
    const mail = text.split('\n').find((line) => line.startsWith('  mail '))!;
    expect(mail).toMatch(/ -$/);
    expect(text).not.toMatch(/fisher-exact|z-pooled/);
    expect(text).toContain(
      '\n  NOTE: no lift is measured: lift needs a holdout to compare with, and this campaign has none (holdout.fraction 0)\n',
    );
  });
});

describe('campaign report: fairness', () => {
  it('shows a group of fewer than 5 customers only in the merged bucket, says "1 customer", and why nothing is compared', async () => {
    // 6 customers in DE, 5 in FR, 1 in IT: everyone offered the mail (cost 1, no discount), started now (after the
    // customers were stored).
    const storage = await openStorage('memory:');
    await storage.upsertCustomers([
      ...['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ externalId: id, country: 'DE' })),
      { externalId: 'g', country: 'IT' },
      ...['h', 'i', 'j', 'k', 'l'].map((id) => ({ externalId: id, country: 'FR' })),
    ]);
    await createCampaign(storage, {
      id: 'all-in',
      name: 'Everyone',
      audience: { filter: { field: 'country', in: ['DE', 'IT', 'FR'] } },
      arms: [{ id: 'mail', costPerOffer: 1 }],
      policy: { type: 'fixed-split' },
      holdout: { fraction: 0 },
      attributionWindowDays: 7,
    });
    await startCampaign(storage, 'all-in', new Date());
    const text = renderReport(await campaignReport(storage, 'all-in'));
    const one = renderReport(await campaignReport(storage, 'all-in', { fairnessMinGroupSize: 1 }));
    await storage.close();
    expect(text.slice(text.indexOf('Fairness by'))).toBe(
      [
        'Fairness by country (flag below 0.8 of the best group; groups under 30 customers are not judged):',
        '  DE                           6 customers  offer rate 100.0%  mean discount 0.00  (too few to judge)',
        '  FR                           5 customers  offer rate 100.0%  mean discount 0.00  (too few to judge)',
        '  (groups of fewer than 5)     1 customer   offer rate 100.0%  mean discount 0.00  (groups too small to name, together: not judged)',
        '  offers not compared: 0 groups of 30 customers or more; two are needed; to judge smaller groups, lower --fairness-min-group (5 at the least)',
        '',
      ].join('\n'),
    );
    // At 1, DE and FR are judged (the bucket never is), and the heading says "1 customer".
    expect(one).toContain('groups under 1 customer are not judged');
    expect(one).not.toContain('offers not compared');
  });
});

describe('campaign start summary', () => {
  it('shows the campaign holdout and the global holdout apart, and the customers left out of a replay', () => {
    const text = renderSummary('started', {
      campaignId: 'c',
      at: new Date('2011-09-01T00:00:00Z'),
      decided: 10,
      offered: { mail: 5 },
      holdout: 3,
      globalHoldout: 2,
      noOffer: 0,
      alreadyAssigned: 0,
      refused: {},
      refusedCustomers: 0,
      cost: 5,
      notYetCustomers: 7,
      warnings: [],
    });
    expect(text).toBe(
      'Campaign c started at 2011-09-01T00:00:00Z.\n' +
        '  decided: 10 (refused: 0; already assigned: 0)\n' +
        '  offer mail: 5\n' +
        '  holdout: 3\n' +
        '  global holdout: 2\n' +
        '  no offer (policy): 0\n' +
        '  not customers yet at 2011-09-01T00:00:00Z (left out): 7\n' +
        '  cost, as the budget counts it: 5.00 (the realized cost: campaign report)\n',
    );
  });
});

describe('campaign report before outcomes', () => {
  it('says that no window has closed and no purchase is stored, and explains an undefined Qini', async () => {
    const storage = await openStorage('memory:');
    await storage.upsertCustomers(
      Array.from({ length: 10 }, (_, i) => ({ externalId: `k${i}`, country: 'DE' })),
    );
    await storage.appendEvents(
      Array.from({ length: 10 }, (_, i) => ({
        eventId: `v${i}`,
        type: 'view' as const,
        customerId: `k${i}`,
        sku: 'mug',
        timestamp: new Date('2024-01-01T00:00:00Z'),
      })),
    );
    await storage.upsertScores(
      Array.from({ length: 10 }, (_, i) => ({ customerId: `k${i}`, model: 'p_purchase_7d', score: i / 10 })),
    );
    await createCampaign(storage, {
      id: 'fresh',
      name: 'Fresh',
      audience: { filter: { field: 'country', eq: 'DE' } },
      arms: [{ id: 'mail', costPerOffer: 1 }],
      policy: { type: 'fixed-split' },
      holdout: { fraction: 0.5 },
      attributionWindowDays: 7,
      report: { upliftScore: 'p_purchase_7d' },
    });
    await startCampaign(storage, 'fresh', new Date('2024-01-02T00:00:00Z'));
    const report = await campaignReport(storage, 'fresh', { bins: 1, minPerCell: 1 });
    await storage.close();
    const text = renderReport(report);
    expect(text).toContain(
      '  attribution windows closed: 0 of 10 (outcomes known until 2024-01-01T00:00:00Z)\n' +
        '  NOTE: no attribution window has closed (the outcomes are known until 2024-01-01T00:00:00.000Z; the first closes at 2024-01-09T00:00:00.000Z): the rates count the purchases so far, they are no result yet; no purchase by an assigned customer is stored after their assignment: every rate is 0 for want of data.\n',
    );
    expect(text).not.toContain('NaN');
    expect(report.uplift?.enough).toBe(true);
    expect(text).toContain(
      'Qini coefficient undefined: no ranked customer has converted (yet), so no ranking is better than another',
    );
  });
});
