/**
 * The keys of Online Retail rows as the byte reader (online-retail-bytes.ts) reads them: a SKU, a customer
 * id and an invoice date from their bytes, each made a string (or parsed) only when it differs from what
 * is kept. An order's lines share customer and date, and a few thousand SKUs recur: most rows make none.
 */
import { parseLocalDateTime } from '../field-parsers.js';
import { LastText } from './csv-bytes.js';
import { isNonProductCode } from './online-retail.js';

/** Distinct SKUs kept as strings; beyond this many the keeper starts over (memory stays bounded). */
const MAX_KEPT_SKUS = 200_000;

export interface Sku {
  sku: string;
  nonProduct: boolean;
}

export function skuOf(sku: string): Sku {
  return { sku, nonProduct: isNonProductCode(sku) };
}

export class RetailKeys {
  private readonly skus = new Map<number, Sku>();
  private readonly lastCustomer = new LastText();
  private lastCustomerId = '';
  private readonly lastDate = new LastText();
  private lastDateMs = 0;

  /**
   * The SKU in `bytes[s, e)`, one string per distinct SKU of up to 6 bytes (nearly all of Online
   * Retail's): the same string object each time makes the collector's lookups by it cheaper, and no
   * string is made per row.
   */
  sku(bytes: Buffer, s: number, e: number): Sku {
    if (e - s > 6) return skuOf(bytes.toString('latin1', s, e));
    let key = 0;
    for (let k = s; k < e; k++) key = key * 257 + bytes[k]! + 1; // distinct for every 1-6 bytes, below 2 ** 53
    let sku = this.skus.get(key);
    if (sku === undefined) {
      sku = skuOf(bytes.toString('latin1', s, e));
      if (this.skus.size >= MAX_KEPT_SKUS) this.skus.clear();
      this.skus.set(key, sku);
    }
    return sku;
  }

  /** The customer id in `bytes[s, e)`; an order's lines share it, so the last one is kept. */
  customerId(bytes: Buffer, s: number, e: number): string {
    if (!this.lastCustomer.is(bytes, s, e)) {
      this.lastCustomerId = bytes.toString('latin1', s, e);
      this.lastCustomer.set(bytes, s, e);
    }
    return this.lastCustomerId;
  }

  /** parseLocalDateTime of `bytes[s, e)` in milliseconds, NaN when it does not parse; the last one is kept. */
  time(bytes: Buffer, s: number, e: number): number {
    if (this.lastDate.is(bytes, s, e)) return this.lastDateMs;
    const date = parseLocalDateTime(bytes.toString('latin1', s, e));
    if (date === undefined) return Number.NaN;
    this.lastDate.set(bytes, s, e);
    this.lastDateMs = date.getTime();
    return this.lastDateMs;
  }
}
