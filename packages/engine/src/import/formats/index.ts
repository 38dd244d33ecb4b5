import type { BatchCollector } from '../batch-collector.js';
import type { FormatReader, ImportFormat } from '../types.js';
import { readCustomers, readItems } from './catalog.js';
import { readEvents } from './events.js';
import { readMovielens } from './movielens.js';
import { readOnlineRetail } from './online-retail.js';
import { feedOnlineRetail } from './online-retail-bytes.js';
import { readOrders } from './orders.js';
import { readShopifyCustomers } from './shopify-customers.js';
import { readShopifyOrders } from './shopify-orders.js';
import { readShopifyProducts } from './shopify-products.js';

/** The reader of each import format. */
export const FORMAT_READERS: Readonly<Record<ImportFormat, FormatReader>> = {
  'online-retail': readOnlineRetail,
  'shopify-orders': readShopifyOrders,
  'shopify-products': readShopifyProducts,
  'shopify-customers': readShopifyCustomers,
  events: readEvents,
  orders: readOrders,
  movielens: readMovielens,
  items: readItems,
  customers: readCustomers,
};

/**
 * Reads a file's decompressed bytes into a batch collector, pausing (yielding) each time the collector
 * holds `batchSize` rows, so that the caller can take the batch.
 */
export type RowFeed = (
  input: AsyncIterable<Buffer>,
  path: string,
  collector: BatchCollector,
  batchSize: number,
) => AsyncGenerator<void>;

/** A format reader's rows, one at a time, into the collector. */
function feedOf(reader: FormatReader): RowFeed {
  return async function* feed(input, path, collector, batchSize) {
    for await (const rows of reader(input, path, (columns) => collector.setColumns(columns))) {
      for (const row of rows) {
        collector.add(row);
        if (collector.size >= batchSize) yield;
      }
    }
  };
}

/**
 * How the import reads each format (in its worker thread): Online Retail from bytes
 * (online-retail-bytes.ts, the same rows as its reader), the others through their reader.
 */
export const FORMAT_FEEDS: Readonly<Record<ImportFormat, RowFeed>> = {
  'online-retail': feedOnlineRetail,
  'shopify-orders': feedOf(readShopifyOrders),
  'shopify-products': feedOf(readShopifyProducts),
  'shopify-customers': feedOf(readShopifyCustomers),
  events: feedOf(readEvents),
  orders: feedOf(readOrders),
  movielens: feedOf(readMovielens),
  items: feedOf(readItems),
  customers: feedOf(readCustomers),
};

export { DATE_FORMS } from './date-forms.js';
export { detectFormat, formatOfFirstLine } from './detect.js';
export { EVENT_COLUMNS_OPTIONAL, EVENT_COLUMNS_REQUIRED } from './events-fields.js';
export { MOVIELENS_GENRES } from './movielens-catalog.js';
