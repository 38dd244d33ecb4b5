import { describe, expect, it } from 'vitest';
import { StorageClosedError } from '../closed-storage.js';
import { eventColumns } from '../event-columns.js';
import type { Storage } from '../types.js';
import { at, event, shopEvents } from './fixtures.js';
import type { WithStorage } from './index.js';

/**
 * Every call on a closed storage, with arguments that would succeed on an open one. Methods that return
 * an iterable are iterated; optional methods are called where the adapter has them.
 */
function callsAfterClose(s: Storage): [string, () => Promise<unknown>][] {
  const scan = (iterable: AsyncIterable<unknown>) => async () => {
    for await (const _ of iterable);
  };
  const calls: [string, () => Promise<unknown>][] = [
    ['upsertCustomers', () => s.upsertCustomers([{ externalId: 'late' }])],
    ['getCustomer', () => s.getCustomer('alice')],
    ['getCustomers', () => s.getCustomers(['alice'])],
    ['scanCustomers', () => scan(s.scanCustomers())()],
    ['upsertItems', () => s.upsertItems([{ sku: 'late' }])],
    ['getItem', () => s.getItem('mug')],
    ['getItems', () => s.getItems(['mug'])],
    ['scanItems', () => scan(s.scanItems())()],
    ['appendEvents', () => s.appendEvents([event('late')])],
    ['scanEvents', () => scan(s.scanEvents())()],
    ['upsertScores', () => s.upsertScores([{ customerId: 'alice', model: 'm', score: 1 }])],
    ['getScores', () => s.getScores('alice')],
    ['deleteCustomer', () => s.deleteCustomer('alice')],
    ['restoreCustomer', () => s.restoreCustomer('alice')],
    [
      'saveModel',
      () => s.saveModel({ name: 'm', kind: 'k', params: {}, metrics: {}, bytes: new Uint8Array(1) }),
    ],
    ['loadModel', () => s.loadModel('m')],
    ['listModels', () => s.listModels()],
    ['activateModel', () => s.activateModel('m', 1)],
    ['pruneModels', () => s.pruneModels('m', 1)],
    ['recordRejects', () => s.recordRejects([{ source: 'f', line: 1, field: 'x', reason: 'r', raw: '' }])],
    ['scanRejects', () => scan(s.scanRejects())()],
    ['counts', () => s.counts()],
    ['createApiKey', () => s.createApiKey({ keyId: 'k', secretHash: 'a'.repeat(64), scopes: ['read'] })],
    ['getApiKey', () => s.getApiKey('k')],
    ['listApiKeys', () => s.listApiKeys()],
    ['revokeApiKey', () => s.revokeApiKey('k')],
    ['touchApiKey', () => s.touchApiKey('k', at(1))],
    ['upsertSegment', () => s.upsertSegment({ id: 'seg', name: 'Seg', kind: 'rule' })],
    ['getSegment', () => s.getSegment('seg')],
    ['listSegments', () => s.listSegments()],
    ['deleteSegment', () => s.deleteSegment('seg')],
    ['refreshSegment', () => s.refreshSegment('seg', ['alice'], at(1))],
    ['scanSegmentMembers', () => scan(s.scanSegmentMembers('seg'))()],
    ['getCustomerSegments', () => s.getCustomerSegments(['alice'])],
    ['getSegmentSnapshot', () => s.getSegmentSnapshot('seg', at(1))],
    ['upsertCampaign', () => s.upsertCampaign({ id: 'cmp', name: 'Sale', definition: {} })],
    ['getCampaign', () => s.getCampaign('cmp')],
    ['listCampaigns', () => s.listCampaigns()],
    ['setCampaignStatus', () => s.setCampaignStatus('cmp', 'running', at(1))],
    [
      'recordAssignments',
      () =>
        s.recordAssignments([
          { campaignId: 'cmp', customerId: 'alice', arm: 'a', holdout: false, reason: {}, assignedAt: at(1) },
        ]),
    ],
    ['getAssignment', () => s.getAssignment('cmp', 'alice')],
    ['offerTimes', () => s.offerTimes(['alice'], at(0))],
    ['scanAssignments', () => scan(s.scanAssignments('cmp'))()],
    ['campaignCost', () => s.campaignCost('cmp')],
    ['transaction', () => s.transaction(async (tx) => tx.counts())],
  ];
  const optional: [string, (() => Promise<unknown>) | undefined][] = [
    [
      'appendEventColumns',
      s.appendEventColumns && (() => s.appendEventColumns!(eventColumns([event('late')]))),
    ],
    ['catalogVersion', s.catalogVersion && (() => s.catalogVersion!())],
    ['lockCampaign', s.lockCampaign && (() => s.lockCampaign!('cmp'))],
    ['watchChanges', s.watchChanges && (() => s.watchChanges!(() => {}))],
    [
      'bulk.scanInteractions',
      s.bulk.scanInteractions && scan(s.bulk.scanInteractions({ weights: { view: 1 } })),
    ],
    ['bulk.scanOrderAggregates', s.bulk.scanOrderAggregates && scan(s.bulk.scanOrderAggregates())],
    ['bulk.scanOrders', s.bulk.scanOrders && scan(s.bulk.scanOrders())],
    [
      'bulk.selectCustomers',
      s.bulk.selectCustomers && (() => s.bulk.selectCustomers!({ field: 'country', eq: 'UK' })),
    ],
    [
      'bulk.scanCampaignOutcomes',
      s.bulk.scanCampaignOutcomes && scan(s.bulk.scanCampaignOutcomes('cmp', { window: 1 })),
    ],
    ['bulk.customerScores', s.bulk.customerScores && (() => s.bulk.customerScores!(['alice'], ['m']))],
    ['bulk.segmentRevenue', s.bulk.segmentRevenue && (() => s.bulk.segmentRevenue!())],
    [
      'bulk.scanCustomerProfiles',
      s.bulk.scanCustomerProfiles && scan(s.bulk.scanCustomerProfiles({ asOf: at(50) })),
    ],
  ];
  for (const [name, call] of optional) if (call !== undefined) calls.push([name, call]);
  return calls;
}

export function closingTests(withStorage: WithStorage): void {
  describe('closing', () => {
    it(
      'answers close() again, and refuses every call after close with StorageClosedError',
      withStorage(async (s) => {
        await s.appendEvents(shopEvents);
        await s.close();
        // A second close (and two at once) does what the first did: nothing more, and no error.
        await expect(s.close()).resolves.toBeUndefined();
        await expect(Promise.all([s.close(), s.close()])).resolves.toEqual([undefined, undefined]);
        const calls = callsAfterClose(s);
        expect(calls.length).toBeGreaterThanOrEqual(43);
        for (const [name, call] of calls) {
          const error = await call().then(
            () => new Error(`${name} succeeded after close`),
            (e: unknown) => e,
          );
          expect(error, name).toBeInstanceOf(StorageClosedError);
          // The adapter's kind ends the message: a decorator (examples/storage-adapter) passes its inner one's.
          expect((error as Error).message, name).toMatch(
            new RegExp(
              `^the storage is closed: ${name.replace('.', '\\.')} was called after close\\(\\) \\(`,
            ),
          );
        }
      }),
    );
  });
}
