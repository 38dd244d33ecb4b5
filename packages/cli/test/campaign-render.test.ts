import type { Campaign } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { renderCampaigns } from '../src/commands/campaign-render.js';

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
