import { campaignReport, createCampaign, startCampaign } from '@storewise/engine';
import { type Campaign, openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { renderCampaigns, renderReport } from '../src/commands/campaign-render.js';

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
  });
});
