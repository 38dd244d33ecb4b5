export {
  DEFAULT_RFM_SEGMENTS,
  type RfmSegmentRule,
  validateRfmSegments as validateRfmSegmentMap,
} from '@storewise/core';
export {
  analyzeCustomerOrders,
  type CustomerAnalytics,
  type CustomerAnalyticsOptions,
  customerAnalytics,
  summarizeCustomerOrders,
} from './customer-analytics.js';
export {
  CLUSTER_FEATURES,
  type ClusterOptions,
  type ClusterProfile,
  type CustomerClusters,
  clusterCustomers,
} from './customer-clusters.js';
export {
  type CustomerGroups,
  checkGrouping,
  customerGroupName,
  customersOf,
  fairnessByProblem,
  GroupingError,
  GroupNumbering,
  groupCustomers,
  groupingAttribute,
  heldAttributeNames,
  MAX_GROUPS,
  type MergedGroups,
  MIN_NAMED_GROUP_SIZE,
  mergeSmallGroups,
  NO_GROUP,
  reportedGroups,
  SMALL_GROUPS,
  unheldAttributeWarning,
} from './customer-groups.js';
export {
  type CustomerOrders,
  type LoadOrdersOptions,
  loadCustomerOrders,
  MS_PER_DAY,
} from './customer-orders.js';
export { checkFilterReferences, type FilterReferenceCheck } from './filter-references.js';
export { MIN_BGNBD_REPEAT_BUYERS, MIN_GAMMA_GAMMA_CUSTOMERS } from './fit-checks.js';
export { HEAVY_RETURN_SHARE, type HeavyReturner, heavyReturners } from './heavy-returns.js';
export {
  fitLifetimeModels,
  type LifetimeFits,
  type LifetimeInput,
  type LifetimeOptions,
  type LifetimeResult,
  lifetimeValue,
  lifetimeWarnings,
} from './lifetime-value.js';
export { refreshRuleSegment, selectCustomers, selectCustomersInMemory } from './rule-segments.js';
export { type SegmentLifetimeValue, segmentLifetimeValue } from './segment-lifetime-value.js';
export {
  clusterSegmentId,
  historyOnlyNotice,
  reservedSegmentPrefix,
  rfmSegmentId,
  storeSegmentMemberships,
} from './segment-memberships.js';
export {
  NO_SEGMENT,
  rfmMigration,
  type SegmentMigration,
  SegmentSnapshotError,
  storedSegmentMigration,
} from './segment-migration.js';
export { segmentRevenueShares } from './segment-revenue.js';
export {
  laterAnalyticsAt,
  type StoredCustomerAnalytics,
  storeCustomerAnalytics,
} from './store-analytics.js';
export { scoreModelNames, storeCustomerScores, storedScoreModels } from './store-scores.js';
export { parseSummaryCsv, readSummaryCsv, type SummaryFile } from './summary-file.js';
export { unpricedPurchasesWarning } from './unpriced-purchases.js';
