/**
 * The Storage contract as values: every member of `Storage` and of `BulkReads`, required or optional.
 * TypeScript refuses these objects when the interfaces gain, lose or change one, so the lists cannot
 * drift. A wrapper (an adapter around another: timing, logging, caching) loops over them rather than list
 * every member by hand, and `droppedOptionalMethods` tells it an optional method of the storage it wraps
 * that it drops: a timing wrapper without `exclusive` let two gateways both do the first start's work,
 * without `deleteRejects` `rejects --clear` refused. The conformance suite (`testStorage`) starts by
 * listing the required methods an adapter lacks (missingStorageMethods).
 */
import type { BulkReads } from './bulk-types.js';
import type { Storage } from './types.js';

/** Per member of `T`: 'required', or 'optional' (absent on some adapters). */
export type Presence<T> = { readonly [K in keyof T]-?: undefined extends T[K] ? 'optional' : 'required' };

export const STORAGE_MEMBERS: Presence<Storage> = {
  kind: 'required',
  bulk: 'required',
  upsertCustomers: 'required',
  getCustomer: 'required',
  getCustomers: 'required',
  scanCustomers: 'required',
  upsertItems: 'required',
  getItem: 'required',
  getItems: 'required',
  scanItems: 'required',
  appendEvents: 'required',
  appendEventColumns: 'optional',
  settleDuplicates: 'optional',
  scanEvents: 'required',
  upsertScores: 'required',
  deleteScores: 'optional',
  getScores: 'required',
  deleteCustomer: 'required',
  restoreCustomer: 'required',
  isErased: 'optional',
  lastErasureAt: 'optional',
  listErasures: 'optional',
  addErasures: 'optional',
  saveModel: 'required',
  loadModel: 'required',
  listModels: 'required',
  activateModel: 'required',
  pruneModels: 'required',
  recordRejects: 'required',
  scanRejects: 'required',
  deleteRejects: 'optional',
  counts: 'required',
  createApiKey: 'required',
  getApiKey: 'required',
  listApiKeys: 'required',
  revokeApiKey: 'required',
  touchApiKey: 'required',
  upsertSegment: 'required',
  getSegment: 'required',
  listSegments: 'required',
  deleteSegment: 'required',
  refreshSegment: 'required',
  scanSegmentMembers: 'required',
  getCustomerSegments: 'required',
  getSegmentSnapshot: 'required',
  transaction: 'required',
  watchChanges: 'optional',
  exclusive: 'optional',
  catalogVersion: 'optional',
  close: 'required',
  upsertCampaign: 'required',
  getCampaign: 'required',
  listCampaigns: 'required',
  setCampaignStatus: 'required',
  recordAssignments: 'required',
  getAssignment: 'required',
  offerTimes: 'required',
  scanAssignments: 'required',
  campaignCost: 'required',
  lockCampaign: 'optional',
};

export const BULK_MEMBERS: Presence<BulkReads> = {
  scanInteractions: 'optional',
  scanOrderAggregates: 'optional',
  scanOrders: 'optional',
  topItemsByNetUnits: 'optional',
  scanItemDemand: 'optional',
  selectCustomers: 'optional',
  customerScores: 'optional',
  segmentRevenue: 'optional',
  scanCustomerProfiles: 'optional',
  customerSnapshots: 'optional',
  customerHoldings: 'optional',
  inactiveCustomers: 'optional',
  scanCampaignOutcomes: 'optional',
  customersExistingAt: 'optional',
  scoreModels: 'optional',
  latestScoreAt: 'optional',
  customerAssignments: 'optional',
};

/** The required members of Storage that `storage` lacks (`bulk` is an object, `kind` a string, the rest methods). */
export function missingStorageMethods(storage: Storage): string[] {
  const s = storage as unknown as Record<string, unknown>;
  return Object.entries(STORAGE_MEMBERS)
    .filter(([, presence]) => presence === 'required')
    .filter(([name]) =>
      name === 'kind'
        ? typeof s[name] !== 'string'
        : name === 'bulk'
          ? typeof s[name] !== 'object' || s[name] === null
          : typeof s[name] !== 'function',
    )
    .map(([name]) => name);
}

/**
 * The optional methods `inner` has and `wrapper`, an adapter around it, lacks (bulk fast paths as
 * `bulk.<name>`): each one the wrapper should pass through.
 */
export function droppedOptionalMethods(wrapper: Storage, inner: Storage): string[] {
  const dropped = (members: object, outer: object, wrapped: object, prefix: string) =>
    Object.entries(members)
      .filter(([, presence]) => presence === 'optional')
      .filter(
        ([name]) =>
          typeof (wrapped as Record<string, unknown>)[name] === 'function' &&
          typeof (outer as Record<string, unknown>)[name] !== 'function',
      )
      .map(([name]) => `${prefix}${name}`);
  return [
    ...dropped(STORAGE_MEMBERS, wrapper, inner, ''),
    ...dropped(BULK_MEMBERS, wrapper.bulk ?? {}, inner.bulk, 'bulk.'),
  ];
}
