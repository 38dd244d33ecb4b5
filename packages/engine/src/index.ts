export { demoShopFormat, demoShopPath } from './demo/index.js';
export {
  cyrb53,
  EVENT_COLUMNS_OPTIONAL,
  EVENT_COLUMNS_REQUIRED,
  type FieldProblem,
  FORMAT_READERS,
  type FormatReader,
  IMPORT_FORMATS,
  type ImportFormat,
  ImportInputError,
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
  importFile,
  MOVIELENS_GENRES,
  type ParsedRow,
  parseDecimal,
  parseIsoDateTime,
  parseLocalDateTime,
} from './import/index.js';
export { buildShopReport, type ShopReport, type TopCountry, type TopItem } from './report/index.js';
