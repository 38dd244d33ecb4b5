/**
 * @storewise/storage: the Storage interface, input checks, bulk reads with fallbacks, and `openStorage`.
 * Adapters live in subpaths (`/memory`, `/pglite`, `/postgres`); the conformance suite in `/testkit`;
 * the drizzle schema in `/schema`.
 */

export {
  customersExistingAt,
  latestScoreAt,
  modelScores,
  scanCampaignOutcomes,
  scoreModels,
} from './campaign-reads.js';
export { closable, StorageClosedError } from './closed-storage.js';
export { declines } from './consent.js';
export { customerAssignments, customerSnapshots, isErased } from './customer-data-reads.js';
export { customerScores, segmentRevenue } from './customer-reads.js';
export { erasureHash } from './erasure.js';
export {
  EVENT_TEXT_FIELDS,
  type EventColumns,
  EventColumnsBuilder,
  eventColumns,
  eventsOfColumns,
  eventTypeCode,
} from './event-columns.js';
export {
  EVENT_NUMBER_LIMIT,
  EVENT_TIME_MAX,
  EVENT_TIME_MIN,
  inEventNumberRange,
  inEventTimeRange,
} from './event-limits.js';
export { addDemandPeriods, DEMAND_PERIODS, demandPeriodStart } from './item-demand.js';
export { MAX_KEY_LENGTH, STOCK_MAX, STOCK_MIN } from './key-limits.js';
export { roundToCents } from './money.js';
export { embeddedDirectory, openStorage, resolveDatabase } from './open.js';
export { customerHoldings, inactiveCustomers } from './privacy-reads.js';
export {
  scanCustomerProfiles,
  scanInteractions,
  scanItemDemand,
  scanOrderAggregates,
  scanOrders,
  topItemsByNetUnits,
} from './reads.js';
export { redactDatabase } from './redact.js';
export {
  type CustomerFacts,
  FILTER_OPS,
  type FieldCondition,
  type FilterOp,
  type FilterValue,
  filterReferences,
  matchesSegmentFilter,
  type SegmentFilter,
  SegmentFilterError,
  validateSegmentFilter,
} from './segment-filter.js';
export {
  BULK_MEMBERS,
  droppedOptionalMethods,
  missingStorageMethods,
  type Presence,
  STORAGE_MEMBERS,
} from './storage-members.js';
export * from './types.js';
export { StorageInputError, textProblem } from './validate.js';
export { FALSE_WORDS, isYesNoValue, TRUE_WORDS, YES_NO_WORDS } from './yes-no.js';
