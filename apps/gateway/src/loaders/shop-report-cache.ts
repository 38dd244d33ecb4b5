import { buildShopReport, type ShopReport } from '@storewise/engine';
import type { Storage } from '@storewise/storage';

/**
 * How long a computed shop report is served to every request of this process. The report scans every
 * purchase and customer (about a second on the demo's 24k events, holding the event loop), so no key may
 * have it computed more often than this: events tracked meanwhile show once it has passed.
 */
export const SHOP_REPORT_MAX_AGE_MS = 30_000;

interface Entry {
  at: number;
  report: Promise<ShopReport>;
}

const cache = new WeakMap<Storage, Entry>();

/**
 * The engine's shop report, computed once and shared: by the aliases of one request, by concurrent
 * requests (they wait for the same computation), and by every request for `SHOP_REPORT_MAX_AGE_MS` after
 * it started. A failed computation is not kept.
 */
export function cachedShopReport(storage: Storage, now = Date.now()): Promise<ShopReport> {
  const hit = cache.get(storage);
  if (hit && now - hit.at < SHOP_REPORT_MAX_AGE_MS) return hit.report;
  const report = buildShopReport(storage);
  cache.set(storage, { at: now, report });
  report.catch(() => {
    if (cache.get(storage)?.report === report) cache.delete(storage);
  });
  return report;
}
