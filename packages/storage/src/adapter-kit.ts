/**
 * `@storewise/storage/adapter-kit`: the checks every adapter shares, for a contributor's adapter to refuse
 * bad input with the same messages as the built-in ones (docs/plugins.md). Each throws a
 * `StorageInputError` naming the record and field.
 */
export {
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
