/** The items a demand forecast says to act on: those to reorder now or running out within the horizon. */
import type { DemandForecast, ItemDemandForecast } from './demand-forecast.js';

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
  return risky.sort(
    (a, b) => out(a) - out(b) || short(a) - short(b) || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0),
  );
}
