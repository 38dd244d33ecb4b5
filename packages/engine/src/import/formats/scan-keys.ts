/**
 * The keys of a plain Online Retail row as the byte reader hands them to `writePlain`
 * (online-retail-bytes.ts), and what the WebAssembly scan's interned ids stand for (retail-scan.ts): one
 * string (or date) per distinct stock code, customer id, invoice date, description and country, made from
 * the bytes the first time the scan gives its id.
 */
import { parseLocalDateTime } from '../field-parsers.js';
import { type Sku, skuOf } from './retail-keys.js';
import { IDS_WORD } from './retail-scan.js';

/** A plain row's keys and texts (one object, filled for each row). */
export interface RowKeys {
  sku: Sku;
  customerId: string | null;
  /** The invoice date in ms, NaN when it does not parse. */
  time: number;
  /** The description, trimmed; null when empty. */
  title: string | null;
  /** The country, trimmed; null when empty. */
  country: string | null;
}

export function newRowKeys(): RowKeys {
  return { sku: skuOf(''), customerId: null, time: Number.NaN, title: null, country: null };
}

/** The values of the scan's ids, by kind, in the order the scan gave them (its ids count from 0 per kind). */
export class ScanKeys {
  private readonly skus: Sku[] = [];
  private readonly customers: string[] = [];
  private readonly times: number[] = [];
  private readonly titles: string[] = [];
  private readonly countries: string[] = [];

  /** Forgets every id (the scan's interner started over). */
  clear(): void {
    this.skus.length = 0;
    this.customers.length = 0;
    this.times.length = 0;
    this.titles.length = 0;
    this.countries.length = 0;
  }

  /**
   * Learns the ids the descriptor at word `w` of `words` gives for the first time, from their bytes in
   * `bytes` (the descriptor's ranges): call for every descriptor of a scan, in order.
   */
  learn(bytes: Buffer, words: Int32Array, w: number): void {
    const ids = w + IDS_WORD;
    if (words[ids] === this.skus.length)
      this.skus.push(skuOf(bytes.toString('latin1', words[w + 6], words[w + 7])));
    if (words[ids + 1] === this.customers.length)
      this.customers.push(bytes.toString('latin1', words[w + 10], words[w + 11]));
    if (words[ids + 2] === this.times.length) {
      const date = parseLocalDateTime(bytes.toString('latin1', words[w + 14], words[w + 15]));
      this.times.push(date === undefined ? Number.NaN : date.getTime());
    }
    if (words[ids + 3] === this.titles.length)
      this.titles.push(bytes.toString('latin1', words[w + 8], words[w + 9]));
    if (words[ids + 4] === this.countries.length)
      this.countries.push(bytes.toString('latin1', words[w + 12], words[w + 13]));
  }

  /** The keys of the descriptor at word `w` of `words` (learned) into `keys`. */
  read(words: Int32Array, w: number, keys: RowKeys): void {
    const ids = w + IDS_WORD;
    const customer = words[ids + 1]!;
    const title = words[ids + 3]!;
    const country = words[ids + 4]!;
    keys.sku = this.skus[words[ids]!]!;
    keys.customerId = customer < 0 ? null : this.customers[customer]!;
    keys.time = this.times[words[ids + 2]!]!;
    keys.title = title < 0 ? null : this.titles[title]!;
    keys.country = country < 0 ? null : this.countries[country]!;
  }
}
