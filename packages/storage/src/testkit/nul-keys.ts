import { describe, expect, it } from 'vitest';
import { collect } from './collect.js';
import { at, shopEvents } from './fixtures.js';
import type { WithStorage } from './index.js';

/**
 * No adapter stores U+0000 (PostgreSQL cannot), so a key holding it names nothing: every read by such a key
 * answers as for an unknown key, on every adapter, and names nothing else either.
 */
export function nulKeyTests(withStorage: WithStorage): void {
  describe('keys holding a NUL character', () => {
    it(
      'name nothing: reads answer as for an unknown key',
      withStorage(async (s) => {
        const nul = 'alice\u0000';
        await s.appendEvents(shopEvents);
        await s.recordRejects([{ source: 'f.csv', line: 2, field: 'x', reason: 'r', raw: 'y' }]);
        await s.saveModel({ name: 'm', kind: 'k', params: {}, metrics: {}, bytes: new Uint8Array(4) });
        await s.createApiKey({ keyId: 'k1', secretHash: 'a'.repeat(64), scopes: ['read'] });
        await s.upsertSegment({ id: 'seg', name: 'Seg', kind: 'rule' });
        await s.upsertCustomers([{ externalId: 'alicf' }]);
        await s.refreshSegment('seg', ['alice', 'alicf', 'bob'], at(5));
        await s.upsertCampaign({ id: 'cmp', name: 'Sale', definition: {} });
        await s.recordAssignments([
          {
            campaignId: 'cmp',
            customerId: 'alice',
            arm: 'a',
            holdout: false,
            reason: {},
            assignedAt: at(2),
            cost: 1,
          },
        ]);

        expect(await s.getCustomer(nul)).toBeNull();
        expect((await s.getCustomers(['alice', nul])).map((c) => c?.externalId ?? null)).toEqual([
          'alice',
          null,
        ]);
        expect(await s.getItem('mug\u0000')).toBeNull();
        expect((await s.getItems(['mug\u0000', 'mug'])).map((i) => i?.sku ?? null)).toEqual([null, 'mug']);
        expect(await s.getScores(nul)).toEqual([]);
        expect((await collect(s.scanEvents({ customerId: nul }))).rows).toEqual([]);
        expect((await collect(s.scanRejects({ source: 'f.csv\u0000' }))).rows).toEqual([]);
        expect(await s.loadModel('m\u0000')).toBeNull();
        await expect(s.activateModel('m\u0000', 1)).rejects.toThrow('version 1 does not exist');
        expect(await s.getApiKey('k1\u0000')).toBeNull();
        expect(await s.revokeApiKey('k1\u0000')).toBe(false);
        await s.touchApiKey('k1\u0000', at(9));
        expect((await s.getApiKey('k1'))?.lastUsedAt ?? null).toBeNull();
        expect(await s.getSegment('seg\u0000')).toBeNull();
        expect(await s.getSegmentSnapshot('seg\u0000', at(9))).toBeNull();
        expect((await collect(s.scanSegmentMembers('seg\u0000'))).rows).toEqual([]);
        // The ids after "alice\0" are those after "alice": no stored id lies between the two.
        expect(
          (await collect(s.scanSegmentMembers('seg', { after: nul }))).rows.map((m) => m.customerId),
        ).toEqual(['alicf', 'bob']);
        expect(await s.getCustomerSegments([nul, 'alice'])).toEqual([
          [],
          [{ segmentId: 'seg', since: at(5) }],
        ]);
        await expect(s.refreshSegment('seg\u0000', [], at(6))).rejects.toThrow('names an unknown segment');
        expect(await s.deleteSegment('seg\u0000')).toBe(false);
        expect(await s.getCampaign('cmp\u0000')).toBeNull();
        await expect(s.setCampaignStatus('cmp\u0000', 'running', at(6))).rejects.toThrow(
          'names an unknown campaign',
        );
        expect(await s.getAssignment('cmp\u0000', 'alice')).toBeNull();
        expect(await s.getAssignment('cmp', nul)).toBeNull();
        expect((await collect(s.scanAssignments('cmp\u0000'))).rows).toEqual([]);
        expect(await s.campaignCost('cmp\u0000')).toBe(0);
        expect(await s.offerTimes([nul], at(0))).toEqual([[]]);
        if (s.bulk.customerScores) expect(await s.bulk.customerScores([nul], ['m'])).toEqual([[]]);
        // Writes refuse them, as any text holding U+0000.
        await expect(s.upsertScores([{ customerId: nul, model: 'm', score: 1 }])).rejects.toThrow(
          'scores[0]: customerId holds a NUL character',
        );
        await expect(s.refreshSegment('seg', ['bob', nul], at(6))).rejects.toThrow(
          'customerIds[1]: customerId holds a NUL character',
        );
        await s.transaction(async (tx) => tx.lockCampaign?.('cmp\u0000'));
        const counts = await s.counts();
        expect(await s.deleteCustomer(nul)).toEqual({
          customer: 0,
          events: 0,
          scores: 0,
          segmentMembers: 0,
          segmentSnapshots: 0,
          campaignAssignments: 0,
          importRejects: 0,
        });
        expect(await s.counts()).toEqual(counts);
        expect((await collect(s.scanRejects({ customerId: nul }))).rows).toEqual([]);
        expect((await s.getCampaign('cmp'))?.status).toBe('draft');
      }),
    );
  });
}
