// The WebAssembly kernel of a bulk load (src/sql/bulk-rows.ts) against its TypeScript oracle: the same
// fingerprints (fingerprint96), the same answers to "seen before?", and byte for byte the same binary
// COPY rows as writeRows and setIds write (src/sql/bulk-append.ts).
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, type EventColumns, EventColumnsBuilder, type EventInput } from '../src/index.js';
import { setIds, splitBatch, writeRows } from '../src/sql/bulk-append.js';
import { BulkRows } from '../src/sql/bulk-rows.js';
import { BinaryCopyWriter } from '../src/sql/copy-binary.js';
import { fingerprint96, IdFingerprints } from '../src/sql/id-fingerprints.js';

/** A deterministic generator of numbers in [0, n). */
function random(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
}

const ALPHABET = ['a', 'Z', '7', '-', ' ', 'é', 'ß', 'ж', '中', '😀'];

/** `count` events, their ids drawn from `distinct` (so that some repeat), every field sometimes absent. */
function events(count: number, distinct: number, seed: number): EventInput[] {
  const r = random(seed);
  const text = (length: number) => Array.from({ length }, () => ALPHABET[r(ALPHABET.length)]).join('');
  const number = () => (r(5) === 0 ? null : (r(2000) - 1000) / 7);
  return Array.from({ length: count }, () => {
    const k = r(distinct);
    return {
      eventId: k % 50 === 0 ? `or-${k}-${text(1 + r(120))}` : `or-536365-${k}`,
      type: EVENT_TYPES[r(EVENT_TYPES.length)]!,
      customerId: r(4) === 0 ? null : `c${r(300)}`,
      sku: r(6) === 0 ? null : `s${r(900)}`,
      timestamp: new Date(Date.UTC(1990 + r(40), r(12), 1 + r(28), r(24), r(60), r(60), r(1000))),
      quantity: number(),
      unitPrice: number(),
      rating: r(3) === 0 ? r(5) + 1 : null,
      query: r(7) === 0 ? text(r(30)) : null,
      sessionId: r(5) === 0 ? `s-${text(r(12))}` : null,
      orderId: r(2) === 0 ? `${500000 + r(1000)}` : null,
    };
  });
}

function columns(list: readonly EventInput[]): EventColumns {
  const builder = new EventColumnsBuilder();
  for (const e of list) builder.add(e);
  return builder.take();
}

/** The TypeScript rows of `batch`'s `fresh` events, ids set (what bulkAppend sends without the kernel). */
function oracleRows(
  batch: EventColumns,
  fresh: Int32Array,
  textStart: Int32Array,
  firstSeq: number,
  customers: Int32Array,
  items: Int32Array,
): Uint8Array {
  const out = new BinaryCopyWriter();
  const customerAt = new Int32Array(fresh.length);
  const itemAt = new Int32Array(fresh.length);
  writeRows(out, batch, fresh, textStart, firstSeq, customerAt, itemAt);
  const rows = out.finish();
  setIds(rows, batch, fresh, customerAt, itemAt, customers, items);
  return rows;
}

describe('BulkRows (the WebAssembly kernel of a bulk load)', () => {
  const kernel = BulkRows.create();

  it('loads here (Node has WebAssembly)', () => {
    expect(kernel).not.toBeNull();
  });

  it('fingerprints bytes as fingerprint96 does', () => {
    const k = BulkRows.create()!;
    const r = random(7);
    const bytes = new TextEncoder().encode(events(1, 1, 1)[0]!.eventId + ALPHABET.join(''));
    for (let n = 0; n < 400; n++) {
      const start = r(bytes.length);
      const end = start + r(bytes.length - start + 1);
      const expected = new Int32Array(3);
      fingerprint96(bytes, start, end, expected);
      expected[0]! |= 1;
      expect(Array.from(k.fingerprint(bytes.subarray(start, end)))).toEqual(Array.from(expected));
    }
  });

  it('sorts batches into fresh and seen events, and writes their COPY rows, as the TypeScript path does', () => {
    const k = BulkRows.create()!;
    const stored = new IdFingerprints();
    // Batches of different sizes, ids repeating within and across them; the table grows from 1,024
    // slots past 65,536.
    let seq = 1;
    for (const [n, seed] of [
      [1, 1],
      [700, 2],
      [5000, 3],
      [20_000, 4],
      [3, 5],
      [30_000, 6],
    ] as const) {
      const batch = columns(events(n, 40_000, seed));
      const ours = k.split(batch);
      const theirs = splitBatch(batch, stored);
      expect(Array.from(ours.fresh)).toEqual(Array.from(theirs.fresh));
      expect(Array.from(ours.seen)).toEqual(Array.from(theirs.seen));
      expect(Array.from(ours.textStart)).toEqual(Array.from(theirs.textStart));
      expect(Array.from(ours.namedCustomers)).toEqual(Array.from(theirs.namedCustomers));
      expect(Array.from(ours.namedItems)).toEqual(Array.from(theirs.namedItems));
      expect(k.size).toBe(stored.size);
      const customers = Int32Array.from(batch.customerIds, (_, i) => 1000 + i * 7);
      const items = Int32Array.from(batch.skus, (_, i) => (i % 2 === 0 ? 3 * i + 1 : -(2 ** 31) + i));
      const fresh = Int32Array.from(ours.fresh);
      const textStart = Int32Array.from(ours.textStart);
      const rows = k.rows(seq, customers, items);
      expect(Buffer.from(rows).equals(oracleRows(batch, fresh, textStart, seq, customers, items))).toBe(true);
      seq += fresh.length + 2 ** 33; // numbers past 32 bits too
    }
  });

  it('adds ids given as strings (read back from the table) as their UTF-8 bytes, then sees them in a batch', () => {
    const k = BulkRows.create()!;
    const list = events(3000, 2000, 9);
    const stored = new IdFingerprints();
    for (const e of list.slice(0, 1500)) expect(k.add(e.eventId)).toBe(stored.add(e.eventId));
    const batch = columns(list.slice(1500));
    expect(Array.from(k.split(batch).fresh)).toEqual(Array.from(splitBatch(batch, stored).fresh));
  });
});
