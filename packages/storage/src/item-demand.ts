/**
 * Item demand per period (see `ItemDemandBatch`): the option checks and period arithmetic every adapter
 * shares, and the computation from the event scan that adapters without a fast path fall back to. The SQL
 * adapters group in the database (sql/sql-item-demand.ts), with the same results.
 */
import type { DemandPeriod, ItemDemandBatch, ItemDemandOptions } from './bulk-types.js';
import type { Storage } from './types.js';
import { batchSizeOf, StorageInputError } from './validate.js';

export const DEMAND_PERIODS: readonly DemandPeriod[] = ['day', 'week', 'month'];

const MS_PER_DAY = 86_400_000;
const MS_PER_WEEK = 7 * MS_PER_DAY;
/** 1970-01-01 was a Thursday: the Monday of its ISO week lies 3 days before the epoch. */
const EPOCH_WEEK_OFFSET = 3 * MS_PER_DAY;

/** The start (ms since the epoch, UTC) of the period holding the instant `ms`. */
export function demandPeriodStart(ms: number, period: DemandPeriod): number {
  switch (period) {
    case 'day':
      return Math.floor(ms / MS_PER_DAY) * MS_PER_DAY;
    case 'week':
      return Math.floor((ms + EPOCH_WEEK_OFFSET) / MS_PER_WEEK) * MS_PER_WEEK - EPOCH_WEEK_OFFSET;
    case 'month': {
      const d = new Date(ms);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    }
  }
}

/** The start of the period `n` periods after the one starting at `start` (n may be negative; months have 28 to 31 days). */
export function addDemandPeriods(start: number, period: DemandPeriod, n: number): number {
  if (period === 'day') return start + n * MS_PER_DAY;
  if (period === 'week') return start + n * MS_PER_WEEK;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1);
}

const isDate = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());

/** Checks the options (naming the field at fault); returns the batch size in items. */
export function checkItemDemandOptions(options: ItemDemandOptions): number {
  const where = 'item demand options';
  const period: unknown = options?.period;
  if (!DEMAND_PERIODS.includes(period as DemandPeriod))
    throw new StorageInputError(
      where,
      'period',
      `must be one of ${DEMAND_PERIODS.join(', ')}, got ${JSON.stringify(period) ?? 'undefined'}`,
    );
  for (const field of ['since', 'until'] as const)
    if (options[field] !== undefined && !isDate(options[field]))
      throw new StorageInputError(where, field, 'must be a valid Date');
  if (options.since && options.until && options.since.getTime() >= options.until.getTime())
    throw new StorageInputError(
      where,
      'until',
      `must be after since (${options.since.toISOString()}), got ${options.until.toISOString()}`,
    );
  if (options.skus !== undefined) {
    if (!Array.isArray(options.skus)) throw new StorageInputError(where, 'skus', 'must be a list of SKUs');
    options.skus.forEach((sku, i) => {
      if (typeof sku !== 'string') throw new StorageInputError(where, `skus[${i}]`, 'must be a string');
    });
  }
  return batchSizeOf(options);
}

/** One item's tallies in one period. */
interface DemandRow {
  item: number;
  start: number;
  purchased: number;
  returned: number;
  lines: number;
}

/** Rows (ordered by item, then period) as one batch. */
function toDemandBatch(rows: readonly DemandRow[]): ItemDemandBatch {
  return {
    length: rows.length,
    itemIndex: Int32Array.from(rows, (r) => r.item),
    periodStart: Float64Array.from(rows, (r) => r.start),
    purchased: Float64Array.from(rows, (r) => r.purchased),
    returned: Float64Array.from(rows, (r) => r.returned),
    purchaseLines: Int32Array.from(rows, (r) => r.lines),
  };
}

/** Item demand computed from `storage.scanEvents`: the fallback of `scanItemDemand`. */
export async function* itemDemandFromEvents(
  storage: Storage,
  options: ItemDemandOptions,
): AsyncIterable<ItemDemandBatch> {
  const size = checkItemDemandOptions(options);
  const { period } = options;
  const only = options.skus ? new Set(options.skus) : null;
  if (only?.size === 0) return;
  const byItem = new Map<number, Map<number, DemandRow>>();
  const scan = storage.scanEvents({
    types: ['purchase', 'return'],
    ...(options.since ? { since: options.since } : {}),
    ...(options.until ? { until: options.until } : {}),
  });
  for await (const events of scan) {
    for (const e of events) {
      if (e.itemIndex === null || e.sku === null || (only !== null && !only.has(e.sku))) continue;
      const start = demandPeriodStart(e.timestamp.getTime(), period);
      let periods = byItem.get(e.itemIndex);
      if (!periods) byItem.set(e.itemIndex, (periods = new Map()));
      let row = periods.get(start);
      if (!row) periods.set(start, (row = { item: e.itemIndex, start, purchased: 0, returned: 0, lines: 0 }));
      const units = e.quantity ?? 1;
      if (e.type === 'purchase') {
        row.purchased += units;
        row.lines++;
      } else {
        row.returned += Math.abs(units);
      }
    }
  }
  const items = [...byItem.keys()].sort((a, b) => a - b);
  for (let i = 0; i < items.length; i += size) {
    const rows = items
      .slice(i, i + size)
      .flatMap((item) => [...byItem.get(item)!.values()].sort((a, b) => a.start - b.start));
    yield toDemandBatch(rows);
  }
}
