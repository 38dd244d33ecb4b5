/**
 * A bulk load's per-batch work on the client in WebAssembly (assembly/bulk-rows.ts, compiled into
 * bulk-rows-kernel.generated.ts): the fingerprints of the event ids the load stored, the sorting of a
 * batch's events into fresh and seen ones, and the binary COPY rows of the fresh ones, with their
 * customers' and items' storage ids. Where WebAssembly is missing (or the module does not load) the load
 * does the same in TypeScript (IdFingerprints and bulk-append.ts), which is also the kernel's oracle in
 * the tests.
 */
import { EVENT_TEXT_FIELDS, type EventColumns } from '../event-columns.js';
import { BULK_ROWS_WASM_BASE64 } from './bulk-rows-kernel.generated.js';
import { EVENT_TYPE_LABELS } from './event-copy-rows.js';

interface Exports {
  setTable(at: number, slots: number): void;
  grow(to: number, slots: number): void;
  size(): number;
  addId(start: number, end: number): number;
  fingerprintAt(start: number, end: number, out: number): void;
  setLabels(at: number): void;
  setBatch(...at: number[]): void;
  split(fresh: number, seen: number, namedCustomers: number, namedItems: number, prints: number): number;
  rows(fresh: number, n: number, firstSeq: number, customerIds: number, itemIds: number, out: number): number;
}

interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The few members of the WebAssembly JS API used here (the package's lib settings carry no DOM types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => Memory;
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

const PAGE = 65_536;
/** The first page is the kernel's own; the labels follow it, then the fingerprint table. */
const LABELS = PAGE;
const TABLE = PAGE + 4096;
const FIRST_SLOTS = 1024;
const TEXT_FIELDS = EVENT_TEXT_FIELDS.length;
/** A row's fixed bytes (bulk-append.ts's FIXED_ROW_BYTES) and the longest type label, with room to spare. */
const MAX_ROW_BYTES = 128;

let compiled: object | null | undefined;

function kernelModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasm === undefined ? null : new wasm.Module(Buffer.from(BULK_ROWS_WASM_BASE64, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** A batch as `split` left it in the kernel's memory (views into it: valid until the next call). */
export interface SplitBatch {
  /** Indexes of the fresh events, and of the others (seen before). */
  fresh: Int32Array;
  seen: Int32Array;
  /** Where each event's text starts in `batch.text` (textStarts). */
  textStart: Int32Array;
  /** 1 for each customer and item (by index in the batch's lists) that a fresh event names. */
  namedCustomers: Uint8Array;
  namedItems: Uint8Array;
}

/** Where a batch's parts are in the memory (byte offsets). */
interface Layout {
  text: number;
  lengths: number;
  types: number;
  customers: number;
  items: number;
  times: number;
  quantities: number;
  prices: number;
  ratings: number;
  starts: number;
  fresh: number;
  seen: number;
  namedCustomers: number;
  namedItems: number;
  customerIds: number;
  itemIds: number;
  out: number;
  end: number;
}

export class BulkRows {
  private slots = FIRST_SLOTS;
  private layout: Layout | null = null;
  private freshCount = 0;

  private constructor(
    private readonly memory: Memory,
    private readonly kernel: Exports,
  ) {
    let at = LABELS;
    const bytes = new Uint8Array(memory.buffer);
    const words = new Int32Array(memory.buffer);
    // Per type code, where its label is and its length; the labels after the table of them.
    let labelAt = LABELS + EVENT_TYPE_LABELS.length * 8;
    for (const label of EVENT_TYPE_LABELS) {
      bytes.set(label, labelAt);
      words[at >> 2] = labelAt;
      words[(at >> 2) + 1] = label.length;
      labelAt += label.length;
      at += 8;
    }
    kernel.setLabels(LABELS);
    kernel.setTable(TABLE, FIRST_SLOTS);
  }

  /** A kernel with its own memory; null where WebAssembly is missing or the module does not load. */
  static create(): BulkRows | null {
    const module = kernelModule();
    if (module === null || wasm === undefined) return null;
    const memory = new wasm.Memory({ initial: Math.ceil((TABLE + FIRST_SLOTS * 12) / PAGE) + 1 });
    const instance = new wasm.Instance(module, { env: { memory } });
    return new BulkRows(memory, instance.exports as Exports);
  }

  /** How many fingerprints the table holds. */
  get size(): number {
    return this.kernel.size();
  }

  /** Adds the fingerprint of `id`'s UTF-8 bytes; false when it was there already (IdFingerprints.add). */
  add(id: string): boolean {
    const bytes = Buffer.from(id, 'utf8');
    this.room(1);
    const at = this.scratch;
    this.reserve(at + bytes.length);
    new Uint8Array(this.memory.buffer).set(bytes, at);
    return this.kernel.addId(at, at + bytes.length) === 1;
  }

  /** The fingerprint of `bytes` (fingerprint96's, its first word odd), for the tests. */
  fingerprint(bytes: Uint8Array): Int32Array {
    this.reserve(this.scratch + bytes.length + 16);
    const at = this.scratch;
    new Uint8Array(this.memory.buffer).set(bytes, at);
    const out = (at + bytes.length + 3) & ~3;
    this.kernel.fingerprintAt(at, at + bytes.length, out);
    return new Int32Array(this.memory.buffer, out, 3).slice();
  }

  /**
   * Adds the ids of `batch`'s events and sorts its events by whether their ids had been seen (freshEvents):
   * see SplitBatch. The batch stays in the kernel's memory for `rows`.
   */
  split(batch: EventColumns): SplitBatch {
    const n = batch.length;
    this.room(n);
    const layout = this.place(batch);
    const buffer = this.memory.buffer;
    new Uint8Array(buffer).set(batch.text, layout.text);
    new Int32Array(buffer, layout.lengths, n * TEXT_FIELDS).set(batch.textLengths);
    new Uint8Array(buffer).set(batch.type, layout.types);
    new Int32Array(buffer, layout.customers, n).set(batch.customer);
    new Int32Array(buffer, layout.items, n).set(batch.item);
    new Float64Array(buffer, layout.times, n).set(batch.time);
    new Float64Array(buffer, layout.quantities, n).set(batch.quantity);
    new Float64Array(buffer, layout.prices, n).set(batch.unitPrice);
    new Float64Array(buffer, layout.ratings, n).set(batch.rating);
    new Uint8Array(
      buffer,
      layout.namedCustomers,
      layout.namedItems + batch.skus.length - layout.namedCustomers,
    ).fill(0);
    this.kernel.setBatch(
      n,
      layout.text,
      layout.lengths,
      layout.types,
      layout.customers,
      layout.items,
      layout.times,
      layout.quantities,
      layout.prices,
      layout.ratings,
      layout.starts,
    );
    // The fingerprints go where the rows will (12 bytes an event, fewer than a row's).
    const fresh = this.kernel.split(
      layout.fresh,
      layout.seen,
      layout.namedCustomers,
      layout.namedItems,
      layout.out,
    );
    this.layout = layout;
    this.freshCount = fresh;
    return {
      fresh: new Int32Array(buffer, layout.fresh, fresh),
      seen: new Int32Array(buffer, layout.seen, n - fresh),
      textStart: new Int32Array(buffer, layout.starts, n),
      namedCustomers: new Uint8Array(buffer, layout.namedCustomers, batch.customerIds.length),
      namedItems: new Uint8Array(buffer, layout.namedItems, batch.skus.length),
    };
  }

  /**
   * The binary COPY data of the last `split` batch's fresh events (writeRows and setIds), numbered from
   * `firstSeq`, with the storage ids of the batch's customers and items (by their index in its lists).
   * A view into the kernel's memory: valid until the next call.
   */
  rows(firstSeq: number, customers: Int32Array, items: Int32Array): Uint8Array {
    const layout = this.layout!;
    const buffer = this.memory.buffer;
    new Int32Array(buffer, layout.customerIds, customers.length).set(customers);
    new Int32Array(buffer, layout.itemIds, items.length).set(items);
    const end = this.kernel.rows(
      layout.fresh,
      this.freshCount,
      firstSeq,
      layout.customerIds,
      layout.itemIds,
      layout.out,
    );
    return new Uint8Array(buffer, layout.out, end - layout.out);
  }

  /** Where the table ends: the rest of the memory is the batch's. */
  private get scratch(): number {
    return TABLE + this.slots * 12;
  }

  /** Grows the table (doubling it) until it has room for `more` fingerprints, at most three quarters full. */
  private room(more: number): void {
    const needed = this.kernel.size() + more;
    if (needed * 4 <= this.slots * 3) return;
    let slots = this.slots;
    while (needed * 4 > slots * 3) slots *= 2;
    // The new table goes after the current one, then moves to where it starts.
    this.reserve(this.scratch + slots * 12);
    this.kernel.grow(this.scratch, slots);
    this.slots = slots;
  }

  /** The batch's parts after the table, and memory for them. */
  private place(batch: EventColumns): Layout {
    const n = batch.length;
    const align8 = (at: number) => (at + 7) & ~7;
    const text = this.scratch;
    const lengths = align8(text + batch.text.length);
    const times = lengths + n * TEXT_FIELDS * 4;
    const quantities = times + n * 8;
    const prices = quantities + n * 8;
    const ratings = prices + n * 8;
    const customers = ratings + n * 8;
    const items = customers + n * 4;
    const starts = items + n * 4;
    const fresh = starts + n * 4;
    const seen = fresh + n * 4;
    const customerIds = seen + n * 4;
    const itemIds = customerIds + batch.customerIds.length * 4;
    const types = itemIds + batch.skus.length * 4;
    const namedCustomers = types + n;
    const namedItems = namedCustomers + batch.customerIds.length;
    const out = align8(namedItems + batch.skus.length);
    const end = out + 21 + n * MAX_ROW_BYTES + batch.text.length;
    this.reserve(end);
    return {
      text,
      lengths,
      types,
      customers,
      items,
      times,
      quantities,
      prices,
      ratings,
      starts,
      fresh,
      seen,
      namedCustomers,
      namedItems,
      customerIds,
      itemIds,
      out,
      end,
    };
  }

  /** Grows the memory to at least `end` bytes. */
  private reserve(end: number): void {
    const need = end - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / PAGE));
  }
}
