/**
 * The import's reader of the Online Retail layout: the rows of readOnlineRetail (online-retail.ts, its
 * reference), read from the file's bytes and written straight into the batch collector.
 *
 * A plain record (ASCII without NUL, no quote, a carriage return only before its line feed, as many
 * fields as the header) whose row is valid is read in place: fields are byte ranges, numbers and the
 * event id's hash are computed from the bytes, the event's text is copied byte for byte into its batch's
 * columns, and text becomes a string only where a key or a changed fact needs one (the SKU, a customer
 * id or date when it differs from the last row's, a title or country when it differs from the one
 * kept). Any other record (quoted, non-ASCII, a reject, the header) goes to the reference: its bytes are
 * decoded and parsed by the same CSV parser and row function (`retailRow`). When even that cannot place
 * a record on its own (a record longer than MAX_PENDING_BYTES), the rest of the file goes to the
 * reference reader. test/import/online-retail-bytes.test.ts checks that both readers give the same
 * batches.
 *
 * Runs of plain records are scanned by a WebAssembly kernel (retail-scan.ts): field bounds, trims,
 * numbers, the event id's hash, the event text and ids of the record's keys (stock code, customer, date,
 * description, country; `ScanKeys` makes one string per distinct key) come from it as a descriptor per
 * record, and `writePlain` turns each into the row's event and facts. Where it stops (a record it does not
 * take) this reader goes on in TypeScript, record by record; without WebAssembly it reads every record so
 * (`plainRecord`, `plainRow`), which is the kernel's oracle in the tests. The kernel also takes quoted
 * fields without a quote or line ending inside, which the TypeScript scan leaves to the reference.
 *
 * On the full Online Retail file, with the batch collector: 0.61-0.65 s against 1.01-1.07 s for the
 * TypeScript scan of session 26 (docs/benchmarks/import.md, session 27).
 */
import { eventTypeCode, inEventNumberRange, inEventTimeRange, MAX_KEY_LENGTH } from '@storewise/storage';
import { type BatchCollector, FILL_ONLY_TIME, factsNewer } from '../batch-collector.js';
import { CsvChunkParser, type CsvRow, markInvalidUtf8, readCsvRows } from '../csv-rows.js';
import { ImportInputError } from '../errors.js';
import { base36Into, cyrb53Bytes } from '../event-id.js';
import type { ParsedRow } from '../types.js';
import { Utf8Check } from '../utf8-check.js';
import { COMMA, CR, LF, parseDecimalBytes, QUOTE, recordEnd, withoutFloatSuffix } from './csv-bytes.js';
import { headerOf, recordRow } from './header.js';
import {
  type RetailColumns,
  retailEventIdLength,
  retailHeader,
  retailNoHeader,
  retailRow,
} from './online-retail.js';
import { RetailKeys } from './retail-keys.js';
import { DESCRIPTOR, HASH_AT, PRICE_AT, QUANTITY_AT, RetailScan, TEXT_WORD } from './retail-scan.js';
import { newRowKeys, type RowKeys, ScanKeys } from './scan-keys.js';

const UNIT_SEPARATOR = 31;
/** An incomplete record longer than this sends the rest of the file to the reference reader. */
const MAX_PENDING_BYTES = 1 << 16;
const PURCHASE = eventTypeCode('purchase');

const RETURN = eventTypeCode('return');

/** What a byte means to the record scan: 0 text, 1 comma, 2 line feed, 3 carriage return, 4 anything the reference reads (a quote, NUL, a byte of a non-ASCII character). */
const BYTE_CLASS = new Uint8Array(256);
BYTE_CLASS[COMMA] = 1;
BYTE_CLASS[LF] = 2;
BYTE_CLASS[CR] = 3;
BYTE_CLASS[QUOTE] = 4;
BYTE_CLASS[0] = 4; // a NUL character: the reference refuses the row
BYTE_CLASS.fill(4, 0x80);
/** The ASCII characters String.prototype.trim removes (tab, line feed, vertical tab, form feed, carriage return, space). */
const SPACE = new Uint8Array(256);
for (const c of [9, 10, 11, 12, 13, 32]) SPACE[c] = 1;
/** plainRecord: the record is not complete in the bytes given. */
const INCOMPLETE = -1;
/** plainRecord: the record is not plain, or its row not valid: the reference reads it. */
const REFERENCE = -2;

/**
 * Reads the Online Retail file `input` (its decompressed bytes) into `collector`, pausing (yielding)
 * each time the collector holds `batchSize` rows, so that the caller can take the batch. `wasm: false`
 * reads without the WebAssembly scan (the tests compare both); `maxKeys`, the scan's interner's room
 * (fewer in tests, to start it over often).
 */
export async function* feedOnlineRetail(
  input: AsyncIterable<Buffer>,
  path: string,
  collector: BatchCollector,
  batchSize: number,
  options: { wasm?: boolean; maxKeys?: number } = {},
): AsyncGenerator<void> {
  const scanner = options.wasm === false ? null : RetailScan.create(options.maxKeys);
  const reader = new RetailBytes(path, collector, batchSize, scanner);
  const chunks = input[Symbol.asyncIterator]();
  let bytes: Buffer = scanner?.empty() ?? Buffer.alloc(0);
  let pos = 0;
  for (;;) {
    const next = await chunks.next();
    const final = next.done === true;
    if (final) bytes = bytes.subarray(pos);
    else if (scanner !== null) bytes = scanner.fill(bytes, pos, next.value);
    else {
      const rest = bytes.subarray(pos);
      bytes = rest.length === 0 ? next.value : Buffer.concat([rest, next.value]);
    }
    pos = 0;
    for (;;) {
      pos = reader.read(bytes, pos, final);
      if (reader.gaveUp || !reader.full) break;
      yield;
    }
    if (reader.gaveUp || bytes.length - pos > MAX_PENDING_BYTES) {
      // A copy: the scanner's memory is not the reference's to keep.
      yield* reader.rest(Buffer.from(bytes.subarray(pos)), chunks);
      return;
    }
    if (final) break;
  }
  reader.finish();
}

class RetailBytes {
  /** Lines read so far. */
  private line = 0;
  private col: RetailColumns | null = null;
  private fieldCount = 0;
  /** Where each field of the record being read starts and ends. */
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);
  /** Rows of a record the reference read, not yet given to the collector (it filled up). */
  private pending: ParsedRow[] = [];
  private pendingAt = 0;
  /** Nothing has been read yet: a byte order mark here is dropped, as the reference's decoder does. */
  private atStart = true;
  /** The reference reader has to read the rest of the file (see `rest`). */
  gaveUp = false;
  /** A record's descriptor as `plainRow` writes it, in the scanner's layout (retail-scan.ts), and its views. */
  private readonly descriptor = new ArrayBuffer(DESCRIPTOR);
  private readonly words = new Int32Array(this.descriptor);
  private readonly numbers = new Float64Array(this.descriptor);
  /** Where plainRow writes the event id's hash in base 36. */
  private readonly hash = new Uint8Array(this.descriptor, HASH_AT, 16);
  /** Where plainRow writes a row's event text (as the scanner writes it in its text area). */
  private eventText = new Uint8Array(256);
  private readonly keys = new RetailKeys();
  private readonly rowKeys = newRowKeys();
  /** What the scanner's interned ids stand for. */
  private readonly scanKeys = new ScanKeys();
  private readonly startDecoder = new TextDecoder('utf-8');
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private readonly utf8 = new Utf8Check();

  constructor(
    private readonly path: string,
    private readonly collector: BatchCollector,
    private readonly batchSize: number,
    /** The WebAssembly scan, whose memory holds the bytes `read` is given; null: TypeScript reads all. */
    private scanner: RetailScan | null,
  ) {}

  get full(): boolean {
    return this.collector.size >= this.batchSize;
  }

  /**
   * Reads the records of `bytes` from `pos` until the collector is full, the rest is an incomplete record
   * (`final`: the end of the file ends it), or the reference has to take over (`gaveUp`); returns where
   * it stopped.
   */
  read(bytes: Buffer, pos: number, final: boolean): number {
    const n = bytes.length;
    for (;;) {
      while (this.pendingAt < this.pending.length) {
        this.collector.add(this.pending[this.pendingAt++]!);
        if (this.full) return pos;
      }
      if (pos >= n) return pos;
      const first = bytes[pos]!;
      if (first === LF || first === CR) {
        // An empty line (the reference skips it); a carriage return alone starts a record.
        if (first === LF || (pos + 1 < n && bytes[pos + 1] === LF)) {
          this.line++;
          this.atStart = false;
          pos += first === LF ? 1 : 2;
          continue;
        }
        if (pos + 1 >= n && !final) return pos;
      }
      if (this.scanner !== null && this.col !== null) {
        const scanned = this.scanRun(bytes, pos);
        if (scanned !== pos) {
          pos = scanned;
          if (this.full) return pos;
          continue;
        }
      }
      let next = this.col === null ? REFERENCE : this.plainRecord(bytes, pos, n);
      if (next === INCOMPLETE) {
        if (!final) return pos;
        next = REFERENCE;
      }
      if (next >= 0) {
        this.line++;
        pos = next;
        if (this.full) return pos;
        continue;
      }
      const end = recordEnd(bytes, pos, n);
      if (end < 0 && !final) return pos;
      if (!this.byReference(bytes, pos, end < 0 ? n : end, end < 0)) return pos;
      pos = end < 0 ? n : end;
    }
  }

  /** After the last bytes: fails when the file held no header. */
  finish(): void {
    if (this.col === null) throw new ImportInputError(retailNoHeader(this.path));
  }

  /** The reference reader on `leftover` and the rest of `chunks`, from the first record not yet read. */
  async *rest(leftover: Buffer, chunks: AsyncIterator<Buffer>): AsyncGenerator<void> {
    async function* input(): AsyncIterable<Buffer> {
      if (leftover.length > 0) yield leftover;
      for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) yield next.value;
    }
    let col = this.col;
    let fieldCount = this.fieldCount;
    const resume = this.atStart ? null : { lines: this.line };
    for await (const rows of readCsvRows(input(), ',', resume)) {
      for (const row of rows) {
        if (col === null) {
          col = headerOf(row, this.path, (fields) => retailHeader(fields, this.path));
          fieldCount = row.fields!.length;
          continue;
        }
        this.collector.add(recordRow(row, retailRow, col, fieldCount));
        if (this.full) yield;
      }
    }
    if (col === null) throw new ImportInputError(retailNoHeader(this.path));
  }

  /**
   * The reference on the record `bytes[start, end)` (recordEnd's), which ends after a line feed (or,
   * with `final`, where the file ends): its row waits in `pending`. Should the reference read it
   * differently from recordEnd, and not end where recordEnd said, this returns false and `gaveUp` is set.
   */
  private byReference(bytes: Buffer, start: number, end: number, final: boolean): boolean {
    const record = bytes.subarray(start, end);
    const text = (this.atStart ? this.startDecoder : this.decoder).decode(record);
    this.utf8.see(record, text);
    const parser = new CsvChunkParser(COMMA, this.line);
    const records: CsvRow[] = [];
    if (parser.parse(text, final, records) !== text.length) {
      this.gaveUp = true;
      return false;
    }
    markInvalidUtf8(records, this.utf8);
    this.atStart = false;
    this.line = parser.line;
    this.pending = [];
    this.pendingAt = 0;
    for (const record of records) {
      if (this.col === null) this.setHeader(record);
      else this.pending.push(recordRow(record, retailRow, this.col, this.fieldCount));
    }
    return true;
  }

  private setHeader(record: CsvRow): void {
    const col = headerOf(record, this.path, (fields) => retailHeader(fields, this.path));
    this.col = col;
    this.fieldCount = record.fields!.length;
    this.starts = new Int32Array(this.fieldCount);
    this.ends = new Int32Array(this.fieldCount);
    if (this.scanner !== null && !this.scanner.setLayout(col, this.fieldCount)) this.scanner = null;
  }

  /**
   * The WebAssembly scan from `pos` (the collector's room at most): writes the plain records it
   * describes and returns where the first record it did not take starts (`pos` when none), for the
   * record-by-record reading to go on from there.
   */
  private scanRun(bytes: Buffer, pos: number): number {
    const scanner = this.scanner!;
    if (scanner.keysFull) {
      scanner.resetKeys();
      this.scanKeys.clear();
    }
    const count = scanner.scan(bytes, pos, this.batchSize - this.collector.size);
    const { i32, f64, u8 } = scanner;
    // Every described record's new keys first (in the order of their ids), also those of records not
    // written below: the scanner has given their ids.
    const scanKeys = this.scanKeys;
    for (let r = 0, at = scanner.out; r < count; r++, at += DESCRIPTOR) scanKeys.learn(bytes, i32, at >> 2);
    const keys = this.rowKeys;
    for (let r = 0, at = scanner.out; r < count; r++, at += DESCRIPTOR) {
      const word = at >> 2;
      scanKeys.read(i32, word, keys);
      this.line += i32[word + 3]!; // the empty lines before it
      if (!this.writePlain(i32, f64, at, keys, u8, scanner.textBase + i32[word + TEXT_WORD]!))
        return i32[word]!;
      this.line++;
    }
    this.line += scanner.trailingLines;
    return scanner.stop;
  }

  /**
   * Reads the record at `start` when it is plain and its row valid: returns where the next record
   * starts, INCOMPLETE when the record does not end within `bytes[, n)`, REFERENCE otherwise (nothing
   * is written then).
   */
  private plainRecord(bytes: Buffer, start: number, n: number): number {
    const starts = this.starts;
    const ends = this.ends;
    const last = this.fieldCount - 1;
    let field = 0;
    starts[0] = start;
    let i = start;
    for (;;) {
      if (i >= n) return INCOMPLETE;
      const kind = BYTE_CLASS[bytes[i]!]!;
      if (kind !== 0) {
        if (kind === 1) {
          if (field === last) return REFERENCE;
          ends[field++] = i;
          starts[field] = i + 1;
        } else if (kind === 2) break;
        else if (kind === 3) {
          if (i + 1 >= n) return INCOMPLETE;
          if (bytes[i + 1] !== LF) return REFERENCE;
          break;
        } else return REFERENCE;
      }
      i++;
    }
    if (field !== last) return REFERENCE;
    ends[last] = i;
    if (!this.plainRow(bytes, start, i)) return REFERENCE;
    return bytes[i] === CR ? i + 2 : i + 1;
  }

  /**
   * retailRow for the plain record `bytes[start, stop)` whose fields are in `starts`/`ends`: writes its
   * event and facts and returns true, or returns false (writing nothing) when the row is not valid or
   * one of its values needs the reference's reading. What bytes decide here, the scanner decides in
   * WebAssembly (assembly/retail-scan.ts); both hand a descriptor to `writePlain`.
   */
  private plainRow(bytes: Buffer, start: number, stop: number): boolean {
    const col = this.col!;
    const { starts, ends } = this;
    const is = trimStart(bytes, starts[col.InvoiceNo]!, ends[col.InvoiceNo]!);
    const ie = trimEnd(bytes, is, ends[col.InvoiceNo]!);
    const ss = trimStart(bytes, starts[col.StockCode]!, ends[col.StockCode]!);
    const se = trimEnd(bytes, ss, ends[col.StockCode]!);
    if (is === ie || ss === se) return false;
    // Too long for an id storage keeps (or for the event id they make): the reference rejects the row.
    if (retailEventIdLength(ie - is, se - ss) > MAX_KEY_LENGTH) return false;
    const isReturn = bytes[is] === 67 || bytes[is] === 99; // C, c
    const quantity = parseDecimalBytes(bytes, starts[col.Quantity]!, ends[col.Quantity]!);
    if (Number.isNaN(quantity) || quantity === 0 || (quantity < 0 && !isReturn)) return false;
    const price = parseDecimalBytes(bytes, starts[col.UnitPrice]!, ends[col.UnitPrice]!);
    if (Number.isNaN(price) || price < 0) return false;
    const cs = trimStart(bytes, starts[col.CustomerID]!, ends[col.CustomerID]!);
    const customerEnd = trimEnd(bytes, cs, ends[col.CustomerID]!);
    // Some exports write ids as floats ("17850.0"): /\.0+$/ is dropped.
    const ce = withoutFloatSuffix(bytes, cs, customerEnd);
    if (ce === cs && customerEnd > cs) return false; // ".0": an empty id, left to the reference
    if (ce - cs > MAX_KEY_LENGTH) return false;
    const ds = trimStart(bytes, starts[col.Description]!, ends[col.Description]!);
    const ns = trimStart(bytes, starts[col.Country]!, ends[col.Country]!);
    const w = this.words;
    w[0] = start;
    w[1] = stop;
    w[4] = is;
    w[5] = ie;
    w[6] = ss;
    w[7] = se;
    w[8] = ds;
    w[9] = trimEnd(bytes, ds, ends[col.Description]!);
    w[10] = cs;
    w[11] = ce;
    w[12] = ns;
    w[13] = trimEnd(bytes, ns, ends[col.Country]!);
    w[14] = starts[col.InvoiceDate]!;
    w[15] = ends[col.InvoiceDate]!;
    w[16] = isReturn ? 1 : 0;
    w[17] = base36Into(cyrb53Bytes(bytes, start, stop, COMMA, UNIT_SEPARATOR), this.hash);
    w[TEXT_WORD + 1] = this.writeEventText(bytes, is, ie, ss, se, w[17]!);
    this.numbers[QUANTITY_AT >> 3] = quantity;
    this.numbers[PRICE_AT >> 3] = price;
    const keys = this.rowKeys;
    keys.sku = this.keys.sku(bytes, ss, se);
    keys.customerId = cs === ce ? null : this.keys.customerId(bytes, cs, ce);
    keys.time = this.keys.time(bytes, w[14], w[15]);
    keys.title = w[8] === w[9] ? null : bytes.toString('latin1', w[8], w[9]);
    keys.country = w[12] === w[13] ? null : bytes.toString('latin1', w[12], w[13]);
    return this.writePlain(w, this.numbers, 0, keys, this.eventText, 0);
  }

  /**
   * The event text of a plain row in `eventText`, as the scanner writes it: the event id
   * (`or-<invoice>-<stock code>-<hash>`, the hash's `hashLength` digits in `hash`), then the order id (the
   * invoice). Returns the event id's length.
   */
  private writeEventText(
    bytes: Buffer,
    is: number,
    ie: number,
    ss: number,
    se: number,
    hashLength: number,
  ): number {
    const idLength = 3 + (ie - is) + 1 + (se - ss) + 1 + hashLength;
    if (this.eventText.length < idLength + (ie - is))
      this.eventText = new Uint8Array(2 * (idLength + (ie - is)));
    const out = this.eventText;
    out[0] = 111; // o
    out[1] = 114; // r
    out[2] = 45; // -
    let at = copyInto(out, 3, bytes, is, ie);
    out[at++] = 45;
    at = copyInto(out, at, bytes, ss, se);
    out[at++] = 45;
    at = copyInto(out, at, this.hash, 0, hashLength);
    copyInto(out, at, bytes, is, ie);
    return idLength;
  }

  /**
   * The rest of retailRow for a plain record described at byte `at` of `words`/`numbers` (one memory,
   * the scanner's layout), with its `keys`, and its event text at `textAt` of `text`: checks its date and
   * what storage keeps, then writes its event and facts and returns true, or returns false (writing nothing).
   */
  private writePlain(
    words: Int32Array,
    numbers: Float64Array,
    at: number,
    keys: RowKeys,
    text: Uint8Array,
    textAt: number,
  ): boolean {
    const k = at >> 2;
    const quantity = numbers[(at + QUANTITY_AT) >> 3]!;
    const price = numbers[(at + PRICE_AT) >> 3]!;
    const time = keys.time;
    if (Number.isNaN(time)) return false;
    // Out of the range storage keeps: the reference reader rejects the row with its reason.
    if (!inEventNumberRange(quantity) || !inEventNumberRange(price) || !inEventTimeRange(time)) return false;
    const is = words[k + 4]!;
    const ie = words[k + 5]!;
    const isReturn = words[k + 16] === 1;
    const { sku, nonProduct } = keys.sku;
    const customerId = keys.customerId;
    // A plain record is one line, the one after those read (the line count moves past it once it is read).
    const events = this.collector.validRow(this.line + 1);
    events.addWithText(
      isReturn ? RETURN : PURCHASE,
      time,
      customerId,
      sku,
      Math.abs(quantity),
      price,
      Number.NaN,
    );
    // The event id, no query or session, the order id (the invoice).
    events.textFields(text, textAt, words[k + TEXT_WORD + 1]!, -1, -1, ie - is);

    const title = keys.title;
    const purchasePrice = isReturn ? 0 : price;
    // The facts of retailItem merged as mergeItem would, field by field in the same order: replacing the
    // kept ones when the row's time is not earlier than theirs, else filling what they lack; those of a
    // row that is not a sale at a price hold as of FILL_ONLY_TIME, as retailItem's do.
    if (title !== null || purchasePrice > 0 || nonProduct) {
      const item = this.collector.itemFacts(sku);
      const newer = factsNewer(item, purchasePrice > 0 ? time : FILL_ONLY_TIME);
      if (item.sku !== sku) item.sku = sku;
      if (newer) {
        if (title !== null && item.title !== title) item.title = title;
        if (purchasePrice > 0) item.price = purchasePrice;
        if (item.currency !== 'GBP') item.currency = 'GBP';
      } else {
        if (title !== null && item.title == null) item.title = title;
        if (purchasePrice > 0 && item.price == null) item.price = purchasePrice;
        if (item.currency == null) item.currency = 'GBP';
      }
      if (nonProduct && item.attributes?.recommendable !== false)
        item.attributes = { ...item.attributes, recommendable: false };
    }
    if (customerId !== null) {
      const country = keys.country;
      const customer = this.collector.customerFacts(customerId);
      const newer = factsNewer(customer, time);
      if (customer.externalId !== customerId) customer.externalId = customerId;
      if (country !== null && (newer ? customer.country !== country : customer.country == null))
        customer.country = country;
    }
    return true;
  }
}

/** Copies `source[s, e)` into `out` at `at`; returns where it ends. */
function copyInto(out: Uint8Array, at: number, source: Uint8Array, s: number, e: number): number {
  for (let k = s; k < e; k++) out[at++] = source[k]!;
  return at;
}

// Here rather than in csv-bytes.ts: imported from there, the worker took 0.95-1.03 s against 0.92-0.97 s
// (pnpm bench import-worker, three alternating pairs).
/** Where `bytes[s, e)` starts once trimmed. */
function trimStart(bytes: Uint8Array, s: number, e: number): number {
  while (s < e && SPACE[bytes[s]!] === 1) s++;
  return s;
}

/** Where `bytes[s, e)` ends once trimmed. */
function trimEnd(bytes: Uint8Array, s: number, e: number): number {
  while (e > s && SPACE[bytes[e - 1]!] === 1) e--;
  return e;
}
