export {
  type CustomerExportHead,
  customerExportHead,
  exportCustomerData,
  exportedEvents,
  exportedRows,
  writeCustomerData,
} from './customer-export.js';
export {
  ERASURE_LIST_HEADER,
  ErasureListError,
  type ErasureListImport,
  ErasureListUnsupportedError,
  exportErasureList,
  formatErasureList,
  importErasureList,
  parseErasureList,
} from './erasure-list.js';
export {
  CUSTOMER_EXPORT_FORMAT,
  CUSTOMER_EXPORT_VERSION,
  type CustomerDataExport,
  CustomerExportError,
  type CustomerExportOptions,
  type ExportedAssignment,
  type ExportedCustomer,
  type ExportedEvent,
  type ExportedMembership,
  type ExportedReject,
  type ExportedRows,
  type ExportedScore,
  type ExportedSnapshot,
  type ExportNotes,
} from './export-types.js';
export {
  heldSpelling,
  IMPORT_SPELLING,
  type ImportSpelling,
  importedCustomerId,
  importSpelling,
  importSpellingRefusal,
} from './held-spelling.js';
export { IDENTIFIER_WORDS, identifierKind } from './identifier-names.js';
export {
  type AttributeHeld,
  DEFAULT_MIN_GROUP_SIZE,
  DEFAULT_RETENTION_DAYS,
  MAX_RETENTION_DAYS,
  type ModelBeforeErasure,
  type PrivacyReport,
  PrivacyReportError,
  type PrivacyReportOptions,
  privacyReport,
} from './privacy-report.js';
