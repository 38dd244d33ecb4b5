/**
 * `@storewise/storage/adapter-kit`: the checks every adapter shares, for a contributor's adapter to refuse
 * bad input with the same messages as the built-in ones (docs/plugins.md). Each throws a
 * `StorageInputError` naming the record and field. Also the rules every adapter applies the same way: the
 * erasure list's key and batch filters (erasure.ts), the segments that consent to analytics guards
 * (consent.ts), and the refusals of writes naming what is not stored (storage-errors.ts).
 */
export { validateAssignments, validateCampaign, validateStatus } from './campaign-validate.js';
export { analyticSegmentIds, decliningAnalytics } from './consent.js';
export { columnsWithout, customersNamed, erasureHash, eventsWithout } from './erasure.js';
export { latestScores } from './score-batch.js';
export {
  apiKeyExists,
  couponTaken,
  unknownAssignmentCampaign,
  unknownCampaign,
  unknownCustomer,
  unknownModelVersion,
  unknownSegment,
} from './storage-errors.js';
export {
  checkKeep,
  checkKey,
  checkNul,
  normalizeCustomers,
  normalizeItems,
  refuseNul,
  StorageInputError,
  unstorableText,
  validateApiKey,
  validateModel,
  validateRefresh,
  validateRejects,
  validateScores,
  validateSegment,
} from './validate.js';
export { dedupeEvents, validateEventColumns, validateEvents } from './validate-events.js';
