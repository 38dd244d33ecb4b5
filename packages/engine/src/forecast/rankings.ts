/** Orders of a demand forecast's items: by the demand forecast, and the items to act on first. */
import type { DemandForecast, ItemDemandForecast } from './demand-forecast.js';

/** Units forecast over the horizon. */
export const forecastTotal = (i: ItemDemandForecast): number => i.periods.reduce((s, p) => s + p.mean, 0);

const bySku = (a: ItemDemandForecast, b: ItemDemandForecast): number =>
  a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0;

/** The forecast's items, most units forecast over the horizon first (ties by SKU). */
export function itemsByDemand(forecast: DemandForecast): ItemDemandForecast[] {
  return [...forecast.items].sort((a, b) => forecastTotal(b) - forecastTotal(a) || bySku(a, b));
}

/**
 * Items whose stock is at or below the reorder point, or runs out within the forecast's horizon: soonest
 * out of stock first, then those with the stock furthest below their reorder point.
 */
export function itemsAtRisk(forecast: DemandForecast): ItemDemandForecast[] {
  const risky = forecast.items.filter(
    (i) => i.reorder !== null && (i.reorder.reorderNow || i.reorder.stockoutAt !== null),
  );
  const out = (i: ItemDemandForecast): number => i.reorder?.stockoutAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const short = (i: ItemDemandForecast): number => (i.reorder ? i.reorder.stock - i.reorder.reorderPoint : 0);
  return risky.sort((a, b) => out(a) - out(b) || short(a) - short(b) || bySku(a, b));
}
