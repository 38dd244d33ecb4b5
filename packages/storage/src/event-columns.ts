/**
 * A batch of events in columns: numbers in typed arrays, text as UTF-8 bytes, customers and items as
 * indexes into the batch's own lists of ids. The import builds its batches this way in its worker
 * thread (the typed arrays move to the main thread without a copy) and SQL storage writes them to
 * COPY's binary format byte for byte (`Storage.appendEventColumns`): no object and no string per event
 * on either thread. `eventsOfColumns` and `eventColumns` convert from and to `EventInput`s.
 */
import { EVENT_TYPES, type EventInput, type EventType } from './types.js';

/** The text fields of an event, in the order of `EventColumns.textLengths`. */
export const EVENT_TEXT_FIELDS = ['eventId', 'query', 'sessionId', 'orderId'] as const;
const TEXT_FIELDS = EVENT_TEXT_FIELDS.length;

export interface EventColumns {
  readonly length: number;
  /** The UTF-8 bytes of every event's text fields, event after event, in EVENT_TEXT_FIELDS order. */
  readonly text: Uint8Array;
  /** The byte length in `text` of each event's text fields (EVENT_TEXT_FIELDS.length per event); -1 for null. */
  readonly textLengths: Int32Array;
  /** Each event's type, as its index in EVENT_TYPES. */
  readonly type: Uint8Array;
  /** Each event's customer, as an index into `customerIds`; -1 for an anonymous event. */
  readonly customer: Int32Array;
  readonly customerIds: readonly string[];
  /** Each event's item, as an index into `skus`; -1 for none. */
  readonly item: Int32Array;
  readonly skus: readonly string[];
  /** Milliseconds since the Unix epoch. */
  readonly time: Float64Array;
  /** NaN for null. */
  readonly quantity: Float64Array;
  readonly unitPrice: Float64Array;
  readonly rating: Float64Array;
}

type Carried =
  | (typeof EVENT_TEXT_FIELDS)[number]
  | 'type'
  | 'customerId'
  | 'sku'
  | 'timestamp'
  | 'quantity'
  | 'unitPrice'
  | 'rating';
/** Fails to compile when EventInput gains a field the columns do not carry. */
const everyField: Record<Exclude<keyof EventInput, Carried>, never> = {};
void everyField;

const TYPE_CODES = new Map<string, number>(EVENT_TYPES.map((t, i) => [t, i]));

/** The code of an event type in `EventColumns.type`; -1 for a string that is not one. */
export function eventTypeCode(type: string): number {
  return TYPE_CODES.get(type) ?? -1;
}

/** Builds EventColumns one event at a time; `take` hands over what was added and starts over. */
export class EventColumnsBuilder {
  private count = 0;
  private text: Uint8Array;
  private textAt = 0;
  private textLengths: Int32Array;
  private type: Uint8Array;
  private customer: Int32Array;
  private item: Int32Array;
  private time: Float64Array;
  private quantity: Float64Array;
  private unitPrice: Float64Array;
  private rating: Float64Array;
  // Emptied by `take` (splice), not replaced: V8 holds a field that was stored once constant, and the
  // first take's new arrays threw away the code that read them (addWithText, itemOf).
  private readonly customerIds: string[] = [];
  private readonly skus: string[] = [];
  private readonly customerIndex = new Map<string, number>();
  private readonly itemIndex = new Map<string, number>();
  /** The last customer looked up and its index: events come in runs of one customer. */
  private lastCustomer: string | null = null;
  private lastCustomerIndex = -1;
  /** Text fields of the last event still to be written (addWithText). */
  private openFields = 0;
  /** Where the text field being written starts in `text`. */
  private fieldStart = 0;

  constructor(private readonly capacity = 1024) {
    this.text = new Uint8Array(capacity * 48);
    this.textLengths = new Int32Array(capacity * TEXT_FIELDS);
    this.type = new Uint8Array(capacity);
    this.customer = new Int32Array(capacity);
    this.item = new Int32Array(capacity);
    this.time = new Float64Array(capacity);
    this.quantity = new Float64Array(capacity);
    this.unitPrice = new Float64Array(capacity);
    this.rating = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  add(e: EventInput): void {
    this.addWithText(
      eventTypeCode(e.type),
      e.timestamp.getTime(),
      e.customerId,
      e.sku,
      e.quantity ?? Number.NaN,
      e.unitPrice ?? Number.NaN,
      e.rating ?? Number.NaN,
    );
    this.textField(e.eventId);
    this.textField(e.query);
    this.textField(e.sessionId);
    this.textField(e.orderId);
  }

  /**
   * Adds an event whose text the caller already holds as bytes (the import's Online Retail reader): its
   * four text fields follow, in EVENT_TEXT_FIELDS order, each written in pieces (`textBytes`,
   * `textAscii`) and closed by `endText()`, or written as `nullText()`. Numbers are NaN for null, the
   * type is an `eventTypeCode`.
   */
  addWithText(
    type: number,
    time: number,
    customerId: string | null,
    sku: string | null,
    quantity: number,
    unitPrice: number,
    rating: number,
  ): void {
    this.checkClosed();
    if (this.count === this.type.length) this.grow();
    const i = this.count++;
    this.type[i] = type;
    this.time[i] = time;
    this.customer[i] = customerId === null ? -1 : this.customerOf(customerId);
    this.item[i] = sku === null ? -1 : this.itemOf(sku);
    this.quantity[i] = quantity;
    this.unitPrice[i] = unitPrice;
    this.rating[i] = rating;
    this.openFields = TEXT_FIELDS;
    this.fieldStart = this.textAt;
  }

  /** Appends `source[start, end)` (UTF-8) to the text field being written. */
  textBytes(source: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    const bytes = this.text;
    let at = this.textAt;
    for (let k = start; k < end; k++) bytes[at++] = source[k]!;
    this.textAt = at;
  }

  /** Appends `value`, which must be ASCII, to the text field being written. */
  textAscii(value: string): void {
    this.reserve(value.length);
    const bytes = this.text;
    let at = this.textAt;
    for (let k = 0; k < value.length; k++) bytes[at++] = value.charCodeAt(k);
    this.textAt = at;
  }

  /**
   * Writes all four text fields of the event just added (addWithText) at once: `source` from `start` holds
   * them one after the other, `eventId`, `query`, `sessionId` and `orderId` bytes long (-1 for null).
   */
  textFields(
    source: Uint8Array,
    start: number,
    eventId: number,
    query: number,
    sessionId: number,
    orderId: number,
  ): void {
    if (this.openFields !== TEXT_FIELDS || this.textAt !== this.fieldStart)
      throw new Error('EventColumnsBuilder: textFields writes the four text fields of an event just added');
    const total = Math.max(eventId, 0) + Math.max(query, 0) + Math.max(sessionId, 0) + Math.max(orderId, 0);
    this.reserve(total);
    const bytes = this.text;
    let at = this.textAt;
    for (let k = start, end = start + total; k < end; k++) bytes[at++] = source[k]!;
    this.textAt = at;
    this.fieldStart = at;
    const l = (this.count - 1) * TEXT_FIELDS;
    const lengths = this.textLengths;
    lengths[l] = eventId;
    lengths[l + 1] = query;
    lengths[l + 2] = sessionId;
    lengths[l + 3] = orderId;
    this.openFields = 0;
  }

  /** Closes the text field being written. */
  endText(): void {
    this.closeField(this.textAt - this.fieldStart);
    this.fieldStart = this.textAt;
  }

  /** Writes the next text field as null. */
  nullText(): void {
    this.closeField(-1);
  }

  /** Writes the next text field whole: `value`'s UTF-8 bytes, or null. */
  private textField(value: string | null | undefined): void {
    if (value === null || value === undefined) this.nullText();
    else {
      this.appendText(value);
      this.endText();
    }
  }

  private closeField(length: number): void {
    if (this.openFields === 0) throw new Error('EventColumnsBuilder: no text field is open');
    this.textLengths[this.count * TEXT_FIELDS - this.openFields--] = length;
  }

  private checkClosed(): void {
    if (this.openFields !== 0)
      throw new Error(`EventColumnsBuilder: the last event has ${this.openFields} text fields not written`);
  }

  /** Appends the UTF-8 bytes of `value` to the text field being written. */
  private appendText(value: string): void {
    this.reserve(value.length * 3);
    const start = this.textAt;
    const bytes = this.text;
    let at = start;
    // Ids and codes are mostly ASCII: copied a code unit at a time, which beats an encoder call for short text.
    for (let k = 0; k < value.length; k++) {
      const c = value.charCodeAt(k);
      if (c >= 0x80) {
        at = start + encoder.encodeInto(value, bytes.subarray(start)).written;
        break;
      }
      bytes[at++] = c;
    }
    this.textAt = at;
  }

  /**
   * The events added since the last take, as columns that own their buffers; the builder starts over.
   * `spare`: the buffers of columns taken before (`EventColumnsBuilder.buffers`, in that order) that their
   * reader is done with: each column goes into its old buffer where it fits, instead of a new one.
   */
  take(spare?: readonly ArrayBuffer[]): EventColumns {
    this.checkClosed();
    const n = this.count;
    const columns: EventColumns = {
      length: n,
      text: into(this.text, this.textAt, spare?.[0]),
      textLengths: into(this.textLengths, n * TEXT_FIELDS, spare?.[1]),
      type: into(this.type, n, spare?.[2]),
      customer: into(this.customer, n, spare?.[3]),
      customerIds: this.customerIds.splice(0),
      item: into(this.item, n, spare?.[4]),
      skus: this.skus.splice(0),
      time: into(this.time, n, spare?.[5]),
      quantity: into(this.quantity, n, spare?.[6]),
      unitPrice: into(this.unitPrice, n, spare?.[7]),
      rating: into(this.rating, n, spare?.[8]),
    };
    this.count = 0;
    this.textAt = 0;
    this.customerIndex.clear();
    this.itemIndex.clear();
    this.lastCustomer = null;
    this.lastCustomerIndex = -1;
    return columns;
  }

  /** The typed arrays of `columns`, to transfer to another thread. */
  static buffers(columns: EventColumns): ArrayBuffer[] {
    const c = columns;
    return [c.text, c.textLengths, c.type, c.customer, c.item, c.time, c.quantity, c.unitPrice, c.rating].map(
      (a) => a.buffer as ArrayBuffer,
    );
  }

  private customerOf(id: string): number {
    if (id === this.lastCustomer) return this.lastCustomerIndex;
    let index = this.customerIndex.get(id);
    if (index === undefined) {
      index = this.customerIds.length;
      this.customerIds.push(id);
      this.customerIndex.set(id, index);
    }
    this.lastCustomer = id;
    this.lastCustomerIndex = index;
    return index;
  }

  private itemOf(sku: string): number {
    let index = this.itemIndex.get(sku);
    if (index === undefined) {
      index = this.skus.length;
      this.skus.push(sku);
      this.itemIndex.set(sku, index);
    }
    return index;
  }

  private reserve(n: number): void {
    if (this.textAt + n <= this.text.length) return;
    const grown = new Uint8Array(Math.max(this.text.length * 2, this.textAt + n));
    grown.set(this.text.subarray(0, this.textAt));
    this.text = grown;
  }

  private grow(): void {
    const size = Math.max(this.type.length * 2, this.capacity);
    const grow = <T extends Uint8Array | Int32Array | Float64Array>(a: T, per = 1): T => {
      const b = new (a.constructor as new (n: number) => T)(size * per);
      b.set(a);
      return b;
    };
    this.textLengths = grow(this.textLengths, TEXT_FIELDS);
    this.type = grow(this.type);
    this.customer = grow(this.customer);
    this.item = grow(this.item);
    this.time = grow(this.time);
    this.quantity = grow(this.quantity);
    this.unitPrice = grow(this.unitPrice);
    this.rating = grow(this.rating);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The first `n` elements of `a`, in `spare` where they fit (its start, its own type), else in a new buffer. */
function into<T extends Uint8Array | Int32Array | Float64Array>(a: T, n: number, spare?: ArrayBuffer): T {
  const type = a.constructor as {
    new (buffer: ArrayBuffer, offset: number, length: number): T;
    BYTES_PER_ELEMENT: number;
  };
  if (spare === undefined || spare.byteLength < n * type.BYTES_PER_ELEMENT) return a.slice(0, n) as T;
  const out = new type(spare, 0, n);
  out.set(a.subarray(0, n));
  return out;
}

/** `events` as columns. */
export function eventColumns(events: readonly EventInput[]): EventColumns {
  const builder = new EventColumnsBuilder(Math.max(events.length, 1));
  for (const e of events) builder.add(e);
  return builder.take();
}

/** The events of `columns`, with null for every absent optional field. */
export function eventsOfColumns(columns: EventColumns): EventInput[] {
  const { text, textLengths } = columns;
  const events: EventInput[] = new Array(columns.length);
  let at = 0;
  const next = (l: number): string | null => {
    const n = textLengths[l]!;
    if (n < 0) return null;
    const value = decoder.decode(text.subarray(at, at + n));
    at += n;
    return value;
  };
  for (let i = 0; i < columns.length; i++) {
    const l = i * TEXT_FIELDS;
    const customer = columns.customer[i]!;
    const item = columns.item[i]!;
    events[i] = {
      eventId: next(l)!,
      type: EVENT_TYPES[columns.type[i]!] as EventType,
      customerId: customer < 0 ? null : columns.customerIds[customer]!,
      sku: item < 0 ? null : columns.skus[item]!,
      timestamp: new Date(columns.time[i]!),
      quantity: numberOrNull(columns.quantity[i]!),
      unitPrice: numberOrNull(columns.unitPrice[i]!),
      rating: numberOrNull(columns.rating[i]!),
      query: next(l + 1),
      sessionId: next(l + 2),
      orderId: next(l + 3),
    };
  }
  return events;
}

/** A column's number, NaN read as null. */
export function numberOrNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}
