export { ImportInputError } from './errors.js';
export { cyrb53 } from './event-id.js';
export { parseDecimal, parseIsoDateTime, parseLocalDateTime } from './field-parsers.js';
export type { AttributeColumn, HeaderColumns, IgnoredColumn } from './formats/columns.js';
export {
  DATE_FORMS,
  detectFormat,
  EVENT_COLUMNS_OPTIONAL,
  EVENT_COLUMNS_REQUIRED,
  FORMAT_READERS,
  MOVIELENS_GENRES,
} from './formats/index.js';
export { importFile } from './import-file.js';
export { quoteInput } from './quote-input.js';
export { rejectSource } from './reject-source.js';
export {
  type ColumnsListener,
  type FieldProblem,
  type FormatReader,
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
  type ParsedRow,
  RECORD_FORMATS,
} from './types.js';
export { INVALID_UTF8 } from './utf8-check.js';
