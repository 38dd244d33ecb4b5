/**
 * The WebAssembly record scan of the Online Retail byte reader (assembly/retail-scan.ts, compiled into
 * retail-scan-kernel.generated.ts): the file's decompressed bytes live in the kernel's memory, and
 * `scan` describes a run of plain records at a time (field bounds, numbers, the event id's hash), which
 * online-retail-bytes.ts turns into events. Without WebAssembly (or should the module not load) the
 * reader scans in TypeScript, which is also the kernel's oracle in the tests.
 */
import { RETAIL_SCAN_WASM_BASE64 } from './retail-scan-kernel.generated.js';

/** The kernel's layout (assembly/retail-scan.ts). */
export const HEADER = 16;
export const DESCRIPTOR = 128;
/** Byte offsets in a descriptor: the quantity and unit price (f64), the hash's characters. */
export const QUANTITY_AT = 72;
export const PRICE_AT = 80;
export const HASH_AT = 88;
/** Where a descriptor's interned ids start (words): stock code, customer id, invoice date, description, country. */
export const IDS_WORD = 25;
/** Where a descriptor's text (from `textBase`) and its event id's length are (words). */
export const TEXT_WORD = 30;

const PAGE = 65_536;
/** Field bounds of one record: 8 bytes per column. A wider file is scanned in TypeScript. */
const MAX_COLUMNS = 4096;
/** The first page is the kernel's own (its static data: the byte classes, powers of ten). */
const SCRATCH = PAGE;
/** The most records one `scan` describes. */
export const MAX_RECORDS = 8192;
const OUT = SCRATCH + MAX_COLUMNS * 8;
/** The interner (assembly/retail-scan.ts): at most this many distinct keys; then both sides start over. */
const MAX_KEYS = 200_000;
/** The most slots the interner's table grows to (8 bytes each): twice MAX_KEYS, a power of two. */
const TABLE_SLOTS = 1 << 19;
const TABLE = OUT + HEADER + MAX_RECORDS * DESCRIPTOR;
const ENTRIES = TABLE + TABLE_SLOTS * 8;
const ARENA = ENTRIES + MAX_KEYS * 16;
const ARENA_BYTES = 8 << 20;
/** The text area of one scan's records (assembly/retail-scan.ts), about 40 bytes each in Online Retail. */
const TEXT = ARENA + ARENA_BYTES;
const TEXT_BYTES = 4 << 20;
const INPUT = TEXT + TEXT_BYTES;

interface Exports {
  setLayout(...args: number[]): void;
  scan(base: number, pos: number, n: number, limit: number, out: number): number;
  setInterner(table: number, slots: number, entries: number, max: number, arena: number, size: number): void;
  setText(at: number, size: number): void;
  resetInterner(): void;
  internerFull(): number;
}

interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The few members of the WebAssembly JS API used here (the engine's lib settings carry no DOM types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => Memory;
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;

function kernelModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasm === undefined ? null : new wasm.Module(Buffer.from(RETAIL_SCAN_WASM_BASE64, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** The columns of the layout the records are read with, by their index in the header. */
export interface ScanLayout {
  InvoiceNo: number;
  StockCode: number;
  Description: number;
  Quantity: number;
  InvoiceDate: number;
  UnitPrice: number;
  CustomerID: number;
  Country: number;
}

export class RetailScan {
  /** The kernel's memory as bytes, words and doubles: renewed when the memory grows. */
  u8!: Uint8Array;
  i32!: Int32Array;
  f64!: Float64Array;
  /** Where the descriptors of the last scan start (a byte offset into the views). */
  readonly out = OUT + HEADER;
  /** Where the text of the last scan's records starts (a byte offset into `u8`; see TEXT_WORD). */
  readonly textBase = TEXT;

  private constructor(
    private readonly memory: Memory,
    private readonly kernel: Exports,
  ) {
    this.views();
  }

  /**
   * A scanner with its own memory; null where WebAssembly is missing or the module does not load.
   * `maxKeys`: distinct keys interned before both sides start over (MAX_KEYS; fewer in tests).
   */
  static create(maxKeys = MAX_KEYS): RetailScan | null {
    const module = kernelModule();
    if (module === null || wasm === undefined) return null;
    const memory = new wasm.Memory({ initial: Math.ceil((INPUT + (1 << 20)) / PAGE) });
    const instance = new wasm.Instance(module, { env: { memory } });
    const kernel = instance.exports as Exports;
    kernel.setInterner(TABLE, TABLE_SLOTS, ENTRIES, Math.min(maxKeys, MAX_KEYS), ARENA, ARENA_BYTES);
    kernel.setText(TEXT, TEXT_BYTES);
    return new RetailScan(memory, kernel);
  }

  /** Sets the header's layout; false when the file has more columns than the scanner takes. */
  setLayout(col: ScanLayout, fieldCount: number): boolean {
    if (fieldCount > MAX_COLUMNS) return false;
    this.kernel.setLayout(
      col.InvoiceNo,
      col.StockCode,
      col.Description,
      col.Quantity,
      col.InvoiceDate,
      col.UnitPrice,
      col.CustomerID,
      col.Country,
      fieldCount,
      SCRATCH,
    );
    return true;
  }

  /**
   * The bytes still to be read of the last `bytes` (from `pos`), followed by `chunk`, in the kernel's
   * memory: the buffer `scan` reads.
   */
  fill(bytes: Buffer, pos: number, chunk: Uint8Array): Buffer {
    const rest = bytes.length - pos;
    const from = bytes.byteOffset + pos;
    const total = rest + chunk.length;
    // and a NUL after the input (see fieldsOf in the kernel)
    const need = INPUT + total + 1 - this.memory.buffer.byteLength;
    if (need > 0) {
      this.memory.grow(Math.ceil(need / PAGE));
      this.views();
    }
    if (rest > 0 && from !== INPUT) this.u8.copyWithin(INPUT, from, from + rest);
    this.u8.set(chunk, INPUT + rest);
    this.u8[INPUT + total] = 0;
    return Buffer.from(this.memory.buffer, INPUT, total);
  }

  /** An empty buffer in the kernel's memory, to start from. */
  empty(): Buffer {
    this.u8[INPUT] = 0;
    return Buffer.from(this.memory.buffer, INPUT, 0);
  }

  /**
   * Describes up to `limit` plain records of `bytes` (a `fill` buffer, or a part of one that runs to its
   * end) from `pos`: returns how many; their positions, `stop` and `trailingLines` (where the scan
   * stopped, and how many empty lines came before that) are relative to `bytes`.
   */
  scan(bytes: Buffer, pos: number, limit: number): number {
    // Where `bytes` is in the memory: a `fill` buffer, or the part of one still to be read (the file's
    // last bytes are read where they are).
    // ... that runs to its end, where fill wrote the NUL the kernel's fieldsOf relies on.
    if (
      bytes.buffer !== this.memory.buffer ||
      bytes.byteOffset < INPUT ||
      this.u8[bytes.byteOffset + bytes.length] !== 0
    )
      throw new Error('RetailScan.scan: the bytes must be a buffer fill() made, or the rest of one');
    return this.kernel.scan(bytes.byteOffset, pos, bytes.length, Math.min(limit, MAX_RECORDS), OUT);
  }

  /**
   * Whether the interner ran out of room since its last reset: the caller resets it (`resetKeys`) and
   * forgets the ids it was given, before the next scan.
   */
  get keysFull(): boolean {
    return this.kernel.internerFull() !== 0;
  }

  /** Forgets every interned key: ids start over. */
  resetKeys(): void {
    this.kernel.resetInterner();
  }

  get stop(): number {
    return this.i32[(OUT >> 2) + 1]!;
  }

  get trailingLines(): number {
    return this.i32[(OUT >> 2) + 2]!;
  }

  private views(): void {
    const buffer = this.memory.buffer;
    this.u8 = new Uint8Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.f64 = new Float64Array(buffer);
  }
}
