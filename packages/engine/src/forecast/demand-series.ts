/**
 * Items' demand as dense series of whole periods, read from the store's per-period sums
 * (`scanItemDemand`) and handed on one item at a time, so that a large catalog is never in memory at once.
 */
import {
  addDemandPeriods,
  type DemandPeriod,
  type ItemDemandBatch,
  type Storage,
  scanItemDemand,
} from '@storewise/storage';
import { periodsBetween } from './periods.js';

export interface DemandSeries {
  itemIndex: number;
  /** Start of the series' first period (ms): the item's first period with a purchase, or the window's start if later. */
  start: number;
  /**
   * Units per period up to the window's end: purchased minus returned in the period, at least 0 (a return
   * in a later period than its purchase takes from that period's demand, and a period of more returns than
   * sales counts 0, not negative demand).
   */
  units: Float64Array;
  /** Units purchased and returned within the series' periods. */
  purchased: number;
  returned: number;
}

export interface DemandWindow {
  period: DemandPeriod;
  /** Start of the window's first period (ms). */
  start: number;
  /** Start of the period after the window's last (ms): history ends here. */
  end: number;
  skus: readonly string[] | null;
}

/**
 * Each item's series within the window, in item index order. Items whose purchases all lie before the window
 * have a series of zeros over the whole window; items with no purchase before `end` are not listed.
 */
export async function* demandSeries(storage: Storage, window: DemandWindow): AsyncIterable<DemandSeries> {
  const { period, start, end } = window;
  const scan = scanItemDemand(storage, {
    period,
    until: new Date(end),
    ...(window.skus !== null ? { skus: window.skus } : {}),
  });
  for await (const batch of scan) {
    let row = 0;
    while (row < batch.length) {
      const item = batch.itemIndex[row]!;
      let last = row;
      while (last + 1 < batch.length && batch.itemIndex[last + 1] === item) last++;
      // The item's first period with a purchase: returns before it (of a sale before the store's history)
      // do not start its demand, and an item only ever returned has none.
      let first = row;
      while (first <= last && !(batch.purchased[first]! > 0)) first++;
      if (first <= last)
        yield seriesOf(batch, item, first, last, Math.max(batch.periodStart[first]!, start), window);
      row = last + 1;
    }
  }
}

function seriesOf(
  batch: ItemDemandBatch,
  itemIndex: number,
  first: number,
  last: number,
  from: number,
  { period, end }: DemandWindow,
): DemandSeries {
  const units = new Float64Array(periodsBetween(from, end, period));
  let purchased = 0;
  let returned = 0;
  for (let r = first; r <= last; r++) {
    const t = batch.periodStart[r]!;
    if (t < from) continue;
    const bought = batch.purchased[r]!;
    const back = batch.returned[r]!;
    purchased += bought;
    returned += back;
    units[periodsBetween(from, t, period)] = Math.max(0, bought - back);
  }
  return { itemIndex, start: from, units, purchased, returned };
}

/** The window of `historyPeriods` whole periods before the one starting at `end`. */
export function historyWindow(
  period: DemandPeriod,
  end: number,
  historyPeriods: number,
  skus: readonly string[] | null,
): DemandWindow {
  return { period, start: addDemandPeriods(end, period, -historyPeriods), end, skus };
}
