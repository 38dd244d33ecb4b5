import type { ImportFormat } from '../types.js';

/**
 * The dates each format's reader takes, in words for a hint when its rows are rejected as `unparseable
 * date` (field-parsers.ts); null for the formats without dates.
 */
/** The events and orders layouts' dates (parseIsoDateTime). */
const ISO_FORMS =
  'ISO 8601, e.g. 2024-01-05, 2024-01-05T10:00:00Z or 2024-01-05 10:00:00+01:00 (without a zone: UTC); day-first dates such as 05/01/2024 10:00 and epoch numbers (NDJSON too) are not read: convert the column first';

export const DATE_FORMS: Readonly<Record<ImportFormat, string | null>> = {
  events: ISO_FORMS,
  orders: ISO_FORMS,
  'shopify-orders':
    'ISO 8601 as Shopify writes it, e.g. 2024-03-01 10:00:00 +0100: re-export the orders from Shopify rather than saving them from a spreadsheet',
  'online-retail': 'YYYY-MM-DD HH:MM[:SS] or M/D/YYYY H:MM (month first, as UCI exports it), read as UTC',
  movielens: 'Unix epoch seconds (a whole number), as MovieLens writes them',
  'shopify-products': null,
  'shopify-customers': null,
  items: null,
  customers: null,
};
