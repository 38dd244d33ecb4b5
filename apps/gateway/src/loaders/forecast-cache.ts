import { type DemandForecast, type DemandForecastOptions, forecastDemand } from '@storewise/engine';
import type { Storage } from '@storewise/storage';

/**
 * How long a catalog-wide demand forecast is served to every request of this process with the same
 * options. Forecasting every item fits a model per item (seconds of a core on thousands of items, in a
 * worker thread), so no key may have it computed more often than this: sales and stock changes meanwhile
 * show once it has passed. Forecasts of named items (`skus`) are not kept: they cost a model per item asked for.
 */
export const FORECAST_MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 8;

interface Entry {
  at: number;
  forecast: Promise<DemandForecast>;
}

const caches = new WeakMap<Storage, Map<string, Entry>>();
/** The last catalog-wide computation started on each store: the next waits for it (see oneAtATime). */
const running = new WeakMap<Storage, Promise<unknown>>();

/**
 * Runs `run` after the catalog-wide forecasts and backtests started before it on this store: each takes a
 * core for seconds, and several at once would take the process's (a health check waited 6 s behind 8
 * backtests). The waiting ones hold no thread.
 */
export function oneAtATime<T>(storage: Storage, run: () => Promise<T>): Promise<T> {
  const before = running.get(storage) ?? Promise.resolve();
  const result = before.then(run, run);
  running.set(
    storage,
    result.catch(() => {}),
  );
  return result;
}

/**
 * `forecastDemand` of every item with these options, shared as `cachedShopReport` shares the report. The
 * catalog's version is part of the key, so a change of stock or items (this process's upsertItems, or
 * another's) is seen at once, not after the minute. One catalog-wide forecast or backtest runs at a time
 * per store (oneAtATime).
 */
export async function cachedForecast(
  storage: Storage,
  options: Omit<DemandForecastOptions, 'skus'>,
  now = Date.now(),
): Promise<DemandForecast> {
  let cache = caches.get(storage);
  if (!cache) caches.set(storage, (cache = new Map()));
  const version = storage.catalogVersion ? await storage.catalogVersion() : '';
  const key = `${version} ${JSON.stringify(options, Object.keys(options).sort())}`;
  const hit = cache.get(key);
  if (hit && now - hit.at < FORECAST_MAX_AGE_MS) return hit.forecast;
  for (const [k, e] of cache) if (now - e.at >= FORECAST_MAX_AGE_MS) cache.delete(k);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  const forecast = oneAtATime(storage, () => forecastDemand(storage, options));
  cache.set(key, { at: now, forecast });
  forecast.catch(() => {
    if (cache.get(key)?.forecast === forecast) cache.delete(key);
  });
  return forecast;
}
