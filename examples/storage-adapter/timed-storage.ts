/**
 * A complete storage adapter a contributor could write: it wraps any other Storage and records how many
 * calls each method got and how long they took (for example to find the slow part of an import).
 *
 * It shows the whole contract: every required method, the optional bulk fast paths and optional methods
 * (passed through only when the wrapped storage has them, so the fallbacks still apply otherwise), and
 * transactions that hand the callback a wrapped transaction handle. Its test checks that it keeps every
 * optional method of what it wraps (the testkit's `droppedOptionalMethods`): one it dropped made the engine
 * take the fallback, or refuse (`rejects --clear` without `deleteRejects`; two gateways on one database
 * both doing the first start's work without `exclusive`).
 */
import type { BulkReads, Storage } from '@storewise/storage';

export interface MethodStats {
  calls: number;
  milliseconds: number;
}

export type TimedStorage = Storage & { readonly stats: Map<string, MethodStats> };

export function timedStorage(inner: Storage, stats = new Map<string, MethodStats>()): TimedStorage {
  const record = (method: string, started: number) => {
    const s = stats.get(method) ?? { calls: 0, milliseconds: 0 };
    s.calls++;
    s.milliseconds += performance.now() - started;
    stats.set(method, s);
  };
  const timed =
    <A extends unknown[], R>(method: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      try {
        return await fn(...args);
      } finally {
        record(method, started);
      }
    };
  const timedScan = <A extends unknown[], R>(method: string, fn: (...args: A) => AsyncIterable<R>) =>
    async function* (...args: A): AsyncIterable<R> {
      const started = performance.now();
      try {
        yield* fn(...args);
      } finally {
        record(method, started);
      }
    };

  const bulk: BulkReads = {};
  if (inner.bulk.scanInteractions) {
    bulk.scanInteractions = timedScan('bulk.scanInteractions', inner.bulk.scanInteractions.bind(inner.bulk));
  }
  if (inner.bulk.scanOrderAggregates) {
    bulk.scanOrderAggregates = timedScan(
      'bulk.scanOrderAggregates',
      inner.bulk.scanOrderAggregates.bind(inner.bulk),
    );
  }

  if (inner.bulk.scanOrders) {
    bulk.scanOrders = timedScan('bulk.scanOrders', inner.bulk.scanOrders.bind(inner.bulk));
  }
  if (inner.bulk.selectCustomers) {
    bulk.selectCustomers = timed('bulk.selectCustomers', inner.bulk.selectCustomers.bind(inner.bulk));
  }
  if (inner.bulk.scanCampaignOutcomes) {
    bulk.scanCampaignOutcomes = timedScan(
      'bulk.scanCampaignOutcomes',
      inner.bulk.scanCampaignOutcomes.bind(inner.bulk),
    );
  }
  if (inner.bulk.customerScores) {
    bulk.customerScores = timed('bulk.customerScores', inner.bulk.customerScores.bind(inner.bulk));
  }
  if (inner.bulk.customersExistingAt) {
    bulk.customersExistingAt = timed(
      'bulk.customersExistingAt',
      inner.bulk.customersExistingAt.bind(inner.bulk),
    );
  }
  if (inner.bulk.scoreModels) {
    bulk.scoreModels = timed('bulk.scoreModels', inner.bulk.scoreModels.bind(inner.bulk));
  }
  if (inner.bulk.latestScoreAt) {
    bulk.latestScoreAt = timed('bulk.latestScoreAt', inner.bulk.latestScoreAt.bind(inner.bulk));
  }
  if (inner.bulk.segmentRevenue) {
    bulk.segmentRevenue = timed('bulk.segmentRevenue', inner.bulk.segmentRevenue.bind(inner.bulk));
  }
  if (inner.bulk.topItemsByNetUnits) {
    bulk.topItemsByNetUnits = timed(
      'bulk.topItemsByNetUnits',
      inner.bulk.topItemsByNetUnits.bind(inner.bulk),
    );
  }
  if (inner.bulk.scanItemDemand) {
    bulk.scanItemDemand = timedScan('bulk.scanItemDemand', inner.bulk.scanItemDemand.bind(inner.bulk));
  }
  if (inner.bulk.customerSnapshots) {
    bulk.customerSnapshots = timed('bulk.customerSnapshots', inner.bulk.customerSnapshots.bind(inner.bulk));
  }
  if (inner.bulk.customerAssignments) {
    bulk.customerAssignments = timed(
      'bulk.customerAssignments',
      inner.bulk.customerAssignments.bind(inner.bulk),
    );
  }
  if (inner.bulk.customerHoldings) {
    bulk.customerHoldings = timed('bulk.customerHoldings', inner.bulk.customerHoldings.bind(inner.bulk));
  }
  if (inner.bulk.inactiveCustomers) {
    bulk.inactiveCustomers = timed('bulk.inactiveCustomers', inner.bulk.inactiveCustomers.bind(inner.bulk));
  }
  if (inner.bulk.scanCustomerProfiles) {
    bulk.scanCustomerProfiles = timedScan(
      'bulk.scanCustomerProfiles',
      inner.bulk.scanCustomerProfiles.bind(inner.bulk),
    );
  }

  return {
    kind: `timed(${inner.kind})`,
    stats,
    bulk,
    upsertCustomers: timed('upsertCustomers', (c, options) => inner.upsertCustomers(c, options)),
    getCustomer: timed('getCustomer', (id) => inner.getCustomer(id)),
    getCustomers: timed('getCustomers', (ids) => inner.getCustomers(ids)),
    scanCustomers: timedScan('scanCustomers', (o) => inner.scanCustomers(o)),
    upsertItems: timed('upsertItems', (i, options) => inner.upsertItems(i, options)),
    getItem: timed('getItem', (sku) => inner.getItem(sku)),
    getItems: timed('getItems', (skus) => inner.getItems(skus)),
    scanItems: timedScan('scanItems', (o) => inner.scanItems(o)),
    appendEvents: timed('appendEvents', (e) => inner.appendEvents(e)),
    // Optional methods: passed through only when the wrapped storage has them (a campaign's lock, the
    // change watch and the catalog version matter to a server database; see docs/plugins.md).
    appendEventColumns:
      inner.appendEventColumns && timed('appendEventColumns', inner.appendEventColumns.bind(inner)),
    // A bulk load's set-aside repeats compared once its indexes are built (the conflicts of a first import).
    settleDuplicates: inner.settleDuplicates && timed('settleDuplicates', inner.settleDuplicates.bind(inner)),
    lockCampaign: inner.lockCampaign && timed('lockCampaign', inner.lockCampaign.bind(inner)),
    watchChanges: inner.watchChanges && timed('watchChanges', inner.watchChanges.bind(inner)),
    catalogVersion: inner.catalogVersion && timed('catalogVersion', inner.catalogVersion.bind(inner)),
    // The erasure list's reads for a data export and the privacy report (docs/privacy.md).
    isErased: inner.isErased && timed('isErased', inner.isErased.bind(inner)),
    lastErasureAt: inner.lastErasureAt && timed('lastErasureAt', inner.lastErasureAt.bind(inner)),
    listErasures: inner.listErasures && timed('listErasures', inner.listErasures.bind(inner)),
    addErasures: inner.addErasures && timed('addErasures', inner.addErasures.bind(inner)),
    // A model's scores dropped at once (propensity activation), the rejects log cleared (`rejects --clear`).
    deleteScores: inner.deleteScores && timed('deleteScores', inner.deleteScores.bind(inner)),
    deleteRejects: inner.deleteRejects && timed('deleteRejects', inner.deleteRejects.bind(inner)),
    // One process at a time in a named section, across processes on a server database (a first start).
    exclusive:
      inner.exclusive &&
      (<T>(name: string, fn: () => Promise<T>, onWait?: () => void) =>
        timed('exclusive', () => inner.exclusive!(name, fn, onWait))()),
    scanEvents: timedScan('scanEvents', (o) => inner.scanEvents(o)),
    upsertScores: timed('upsertScores', (s) => inner.upsertScores(s)),
    getScores: timed('getScores', (id) => inner.getScores(id)),
    deleteCustomer: timed('deleteCustomer', (id) => inner.deleteCustomer(id)),
    restoreCustomer: timed('restoreCustomer', (id) => inner.restoreCustomer(id)),
    upsertSegment: timed('upsertSegment', (s) => inner.upsertSegment(s)),
    getSegment: timed('getSegment', (id) => inner.getSegment(id)),
    listSegments: timed('listSegments', () => inner.listSegments()),
    deleteSegment: timed('deleteSegment', (id) => inner.deleteSegment(id)),
    refreshSegment: timed('refreshSegment', (id, ids, asOf) => inner.refreshSegment(id, ids, asOf)),
    scanSegmentMembers: timedScan('scanSegmentMembers', (id, o) => inner.scanSegmentMembers(id, o)),
    getSegmentSnapshot: timed('getSegmentSnapshot', (id, at) => inner.getSegmentSnapshot(id, at)),
    upsertCampaign: timed('upsertCampaign', (c) => inner.upsertCampaign(c)),
    getCampaign: timed('getCampaign', (id) => inner.getCampaign(id)),
    listCampaigns: timed('listCampaigns', () => inner.listCampaigns()),
    setCampaignStatus: timed('setCampaignStatus', (id, status, at) =>
      inner.setCampaignStatus(id, status, at),
    ),
    recordAssignments: timed('recordAssignments', (a) => inner.recordAssignments(a)),
    getAssignment: timed('getAssignment', (campaignId, customerId) =>
      inner.getAssignment(campaignId, customerId),
    ),
    offerTimes: timed('offerTimes', (ids, since) => inner.offerTimes(ids, since)),
    scanAssignments: timedScan('scanAssignments', (id, o) => inner.scanAssignments(id, o)),
    campaignCost: timed('campaignCost', (id) => inner.campaignCost(id)),
    getCustomerSegments: timed('getCustomerSegments', (ids) => inner.getCustomerSegments(ids)),
    saveModel: timed('saveModel', (a) => inner.saveModel(a)),
    loadModel: timed('loadModel', (name, version) => inner.loadModel(name, version)),
    listModels: timed('listModels', () => inner.listModels()),
    activateModel: timed('activateModel', (name, version) => inner.activateModel(name, version)),
    pruneModels: timed('pruneModels', (name, keep, options) => inner.pruneModels(name, keep, options)),
    recordRejects: timed('recordRejects', (r) => inner.recordRejects(r)),
    scanRejects: timedScan('scanRejects', (o) => inner.scanRejects(o)),
    counts: timed('counts', () => inner.counts()),
    createApiKey: timed('createApiKey', (k) => inner.createApiKey(k)),
    getApiKey: timed('getApiKey', (id) => inner.getApiKey(id)),
    listApiKeys: timed('listApiKeys', () => inner.listApiKeys()),
    revokeApiKey: timed('revokeApiKey', (id, at) => inner.revokeApiKey(id, at)),
    touchApiKey: timed('touchApiKey', (id, at) => inner.touchApiKey(id, at)),
    transaction: timed('transaction', (fn, options) =>
      inner.transaction((tx) => fn(timedStorage(tx, stats)), options),
    ),
    close: () => inner.close(),
  };
}
