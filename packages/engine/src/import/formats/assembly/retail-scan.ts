// AssemblyScript, not TypeScript (excluded from tsc by the tsconfigs): compiled by core's
// `node scripts/wasm/build.mjs` into ../retail-scan-kernel.generated.ts (base64). Keep in step with its
// TypeScript oracle, RetailBytes.plainRecord and plainRow in ../online-retail-bytes.ts: the record scan,
// the trims, the decimals and the event id's hash of a plain Online Retail record, for a run of records.
// One difference: this scan also reads quoted fields without `""` or a line ending inside (about 1% of
// Online Retail's records, a comma in their description), which the TypeScript scan leaves to the
// reference reader; the tests compare both with that reference.
//
// `scan` reads the records of the bytes at [base + pos, base + n) (the JavaScript side copies the file's
// decompressed chunks there, and a NUL after them) for as long as each is plain and its row valid as far as bytes tell (the
// JavaScript side still parses its date and checks ranges), writing one descriptor per record (layout
// below). It stops before the first record that is not (incomplete in the bytes given, not plain, or a
// row the TypeScript reader must look at), after `limit` records, or at the end; the JavaScript side
// goes on from there. Every position written is relative to `base`.

const LF: u8 = 10;
const CR: u8 = 13;
const UNIT_SEPARATOR: u32 = 31;
const QUOTE: u32 = 34;
const DOT: u8 = 46;
const MINUS: u8 = 45;
const ZERO: u8 = 48;
/** MAX_KEY_LENGTH of @storewise/storage: a longer id (or event id) goes to the TypeScript reader. */
const MAX_KEY_LENGTH: i32 = 800;

// The result header at `out`: [0] records described, [1] where the scan stopped, [2] empty lines read
// after the last record described. Then one descriptor of DESCRIPTOR bytes per record, at out + HEADER.
export const HEADER: i32 = 16;
export const DESCRIPTOR: i32 = 128;
// A descriptor: i32 words, then two f64 (quantity, unit price), then the event id's hash in base 36.
// 0 start, 1 stop (where its line ending starts), 2 next (where the next record starts), 3 empty lines
// before it, 4-5 invoice (trimmed), 6-7 stock code (trimmed), 8-9 description (trimmed), 10-11 customer
// id (trimmed, without a float suffix), 12-13 country (trimmed), 14-15 invoice date (as it is),
// 16 a return (1) or not (0), 17 the hash's length; then at byte 100 the interned ids (see `intern`) of
// its stock code, customer id (-1 for none), invoice date (as it is), description (-1 for none) and country
// (-1 for none); at byte 120 where its text starts in the text area (from `setText`'s start) and the
// event id's length: the event id (`or-<invoice>-<stock code>-<hash>`), then the order id (the invoice).
const QUANTITY_AT: usize = 72;
const PRICE_AT: usize = 80;
const HASH_AT: usize = 88;
const IDS_AT: usize = 100;
const TEXT_AT: usize = 120;
/** The most text one record writes: its event id and order id, each id at most MAX_KEY_LENGTH. */
const MAX_RECORD_TEXT: usize = 2 * (3 + 800 + 1 + 800 + 1 + 11);

/** The text area: where the records of one `scan` call write their event text. */
let textStart: usize = 0;
let textEnd: usize = 0;
let textAt: usize = 0;

/** Sets the text area (at least MAX_RECORD_TEXT bytes). */
export function setText(at: usize, size: i32): void {
  textStart = at;
  textEnd = at + <usize>size;
}

/** Appends `[s, e)` to the text area. */
@inline
function text(s: usize, e: usize): void {
  memory.copy(textAt, s, e - s);
  textAt += e - s;
}

/** Appends one byte to the text area. */
@inline
function textByte(c: u8): void {
  store<u8>(textAt++, c);
}
/** The kinds of key `intern` keeps apart, in the order a record's are interned. */
const SKU: i32 = 0;
const CUSTOMER: i32 = 1;
const DATE: i32 = 2;
const TITLE: i32 = 3;
const COUNTRY: i32 = 4;

/** The columns of the header, the column count and the scratch for field bounds (2 i32 per field). */
let cInvoice: i32 = 0;
let cStock: i32 = 0;
let cDescription: i32 = 0;
let cQuantity: i32 = 0;
let cDate: i32 = 0;
let cPrice: i32 = 0;
let cCustomer: i32 = 0;
let cCountry: i32 = 0;
let fieldCount: i32 = 0;
let fields: usize = 0;

/** Sets the layout the records are read with: `scratch` holds 8 bytes per column. */
export function setLayout(
  invoice: i32,
  stock: i32,
  description: i32,
  quantity: i32,
  date: i32,
  price: i32,
  customer: i32,
  country: i32,
  count: i32,
  scratch: usize,
): void {
  cInvoice = invoice;
  cStock = stock;
  cDescription = description;
  cQuantity = quantity;
  cDate = date;
  cPrice = price;
  cCustomer = customer;
  cCountry = country;
  fieldCount = count;
  fields = scratch;
}

// The interner: each distinct (kind, bytes) gets the next id of its kind, so that the JavaScript side
// makes one string (or date) per distinct key and reads the others from arrays by id. An open-addressing
// table at `table` of slots of 8 bytes (the key's hash, its entry's number + 1; 0 is empty), from
// MIN_SLOTS, doubled when half full (a small table stays in the cache); entries of 16 bytes at `entries`
// (arena offset, length, kind, id), the keys' bytes in the arena. When an entry or the arena would not fit, `full` is set
// and the record is left to the TypeScript reader; the JavaScript side then resets both sides.
const MIN_SLOTS: u32 = 4096;
let table: usize = 0;
let tableMask: u32 = 0;
let maxSlots: u32 = 0;
let entries: usize = 0;
let maxEntries: i32 = 0;
let entryCount: i32 = 0;
let arena: usize = 0;
let arenaEnd: usize = 0;
let arenaAt: usize = 0;
let full: bool = false;
const kindCounts = new StaticArray<i32>(5);
/**
 * Each kind's last key in this `scan` call (where its bytes start, their length, its id): an invoice's
 * lines share customer, date and country, and comparing with the line before is cheaper than a lookup.
 */
const lastStart = new StaticArray<usize>(5);
const lastLength = new StaticArray<i32>(5);
const lastId = new StaticArray<i32>(5);

/** Whether `[a, a + n)` and `[b, b + n)` hold the same bytes. */
function sameBytes(a: usize, b: usize, n: usize): bool {
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) if (load<u64>(a + i) !== load<u64>(b + i)) return false;
  for (; i < n; i++) if (load<u8>(a + i) !== load<u8>(b + i)) return false;
  return true;
}

/** Sets where the interner lives (room for `slots` slots, a power of two at least 2 `max`) and empties it. */
export function setInterner(at: usize, slots: i32, entriesAt: usize, max: i32, arenaAt_: usize, arenaSize: i32): void {
  table = at;
  maxSlots = <u32>slots;
  entries = entriesAt;
  maxEntries = max;
  arena = arenaAt_;
  arenaEnd = arenaAt_ + <usize>arenaSize;
  resetInterner();
}

/** Forgets every key (the JavaScript side forgets its strings too). */
export function resetInterner(): void {
  tableMask = MIN_SLOTS - 1;
  memory.fill(table, 0, (<usize>MIN_SLOTS) << 3);
  entryCount = 0;
  arenaAt = arena;
  full = false;
  for (let k = 0; k < 5; k++) {
    unchecked((kindCounts[k] = 0));
    unchecked((lastLength[k] = -1));
  }
}

/** Whether a key did not fit since the last reset. */
export function internerFull(): bool {
  return full;
}

/** The id of the key `[s, e)` of `kind`, a new one for a key not seen; -1 when it does not fit (`full`). */
function intern(kind: i32, s: usize, e: usize): i32 {
  const length = <i32>(e - s);
  if (unchecked(lastLength[kind]) === length && sameBytes(unchecked(lastStart[kind]), s, <usize>length))
    return unchecked(lastId[kind]);
  const id = lookUp(kind, s, length);
  if (id >= 0) {
    unchecked((lastStart[kind] = s));
    unchecked((lastLength[kind] = length));
    unchecked((lastId[kind] = id));
  }
  return id;
}

/** A key's hash (FNV-1a over its kind and bytes, mixed). */
function hashKey(kind: i32, s: usize, length: i32): u32 {
  const e = s + <usize>length;
  let h: u32 = 2166136261 ^ <u32>kind;
  for (let i = s; i < e; i++) h = (h ^ <u32>load<u8>(i)) * 16777619;
  return h ^ (h >>> 15);
}

/** The table at twice its size, every entry placed again. */
function grow(): void {
  const slots = (tableMask + 1) << 1;
  tableMask = slots - 1;
  memory.fill(table, 0, (<usize>slots) << 3);
  for (let n = 0; n < entryCount; n++) {
    const entry = entries + ((<usize>n) << 4);
    const h = hashKey(load<i32>(entry + 8), arena + <usize>load<i32>(entry), load<i32>(entry + 4));
    let slot = h & tableMask;
    while (load<i32>(table + ((<usize>slot) << 3) + 4) !== 0) slot = (slot + 1) & tableMask;
    store<u32>(table + ((<usize>slot) << 3), h);
    store<i32>(table + ((<usize>slot) << 3) + 4, n + 1);
  }
}

/** intern's look-up in the table (and entry of a new key). */
function lookUp(kind: i32, s: usize, length: i32): i32 {
  const h = hashKey(kind, s, length);
  let slot = h & tableMask;
  for (;;) {
    const at = table + ((<usize>slot) << 3);
    const number = load<i32>(at + 4);
    if (number === 0) break;
    if (load<u32>(at) === h) {
      const entry = entries + ((<usize>(number - 1)) << 4);
      if (
        load<i32>(entry + 8) === kind &&
        load<i32>(entry + 4) === length &&
        sameBytes(arena + <usize>load<i32>(entry), s, <usize>length)
      )
        return load<i32>(entry + 12);
    }
    slot = (slot + 1) & tableMask;
  }
  if (entryCount >= maxEntries || arenaAt + <usize>length > arenaEnd) {
    full = true;
    return -1;
  }
  if (<u32>(entryCount + 1) * 2 > tableMask + 1 && tableMask + 1 < maxSlots) {
    grow();
    slot = h & tableMask;
    while (load<i32>(table + ((<usize>slot) << 3) + 4) !== 0) slot = (slot + 1) & tableMask;
  }
  memory.copy(arenaAt, s, <usize>length);
  const id = unchecked(kindCounts[kind]);
  unchecked((kindCounts[kind] = id + 1));
  const entry = entries + ((<usize>entryCount) << 4);
  store<i32>(entry, <i32>(arenaAt - arena));
  store<i32>(entry + 4, length);
  store<i32>(entry + 8, kind);
  store<i32>(entry + 12, id);
  arenaAt += <usize>length;
  entryCount++;
  store<u32>(table + ((<usize>slot) << 3), h);
  store<i32>(table + ((<usize>slot) << 3) + 4, entryCount);
  return id;
}

/** A key that may be empty: -1 for none, else its id (-2 when it does not fit). */
function internOptional(kind: i32, s: usize, e: usize): i32 {
  if (s === e) return -1;
  const id = intern(kind, s, e);
  return id < 0 ? -2 : id;
}

@inline
function isSpace(c: u32): bool {
  return c === 32 || (c >= 9 && c <= 13);
}

@inline
function fieldStart(k: i32): usize {
  return <usize>load<i32>(fields + ((<usize>k) << 3));
}

@inline
function fieldEnd(k: i32): usize {
  return <usize>load<i32>(fields + ((<usize>k) << 3) + 4);
}

function trimStart(s: usize, e: usize): usize {
  while (s < e && isSpace(load<u8>(s))) s++;
  return s;
}

function trimEnd(s: usize, e: usize): usize {
  while (e > s && isSpace(load<u8>(e - 1))) e--;
  return e;
}

const POWERS_OF_TEN: StaticArray<f64> = [
  1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/**
 * parseDecimalBytes's own reading of `[s, e)` (csv-bytes.ts): `-?digits(.digits*)?`, at most 15 digits;
 * NaN for anything else, which the TypeScript reader then reads (its parseDecimal takes more forms).
 */
function decimal(s: usize, e: usize): f64 {
  let i = s;
  const negative = i < e && load<u8>(i) === MINUS;
  if (negative) i++;
  let digits = 0;
  let decimals = 0;
  let dot = false;
  let value: f64 = 0;
  for (; i < e; i++) {
    const c = load<u8>(i);
    if (c === DOT && !dot && digits > 0) {
      dot = true;
      continue;
    }
    const d = <i32>c - <i32>ZERO;
    if (d < 0 || d > 9) break;
    value = value * 10 + <f64>d;
    if (dot) decimals++;
    else digits++;
  }
  if (i !== e || digits === 0 || digits + decimals > 15) return NaN;
  const v = decimals === 0 ? value : value / unchecked(POWERS_OF_TEN[decimals]);
  return negative ? -v : v;
}

/**
 * The running state of cyrb53Bytes (event-id.ts) over the record `fieldsOf` last split, its commas read
 * as U+001F: hashed in the same pass.
 */
let h1: u32 = 0;
let h2: u32 = 0;

/** cyrb53's final mix of h1 and h2: its 53 bits as an integer. */
function cyrb53Finish(): u64 {
  let a = h1;
  let b = h2;
  a = (a ^ (a >>> 16)) * 2246822507;
  a ^= (b ^ (b >>> 13)) * 3266489909;
  b = (b ^ (b >>> 16)) * 2246822507;
  b ^= (a ^ (a >>> 13)) * 3266489909;
  return ((<u64>(b & 2097151)) << 32) | <u64>a;
}

/** The base-36 digits of `value` (below 2 ** 32) at `out`, `width` of them at least (zeros before); returns the end. */
function digits36(value: u32, width: i32, out: usize): usize {
  let n = 0;
  let rest = value;
  do {
    rest /= 36;
    n++;
  } while (rest > 0);
  if (n < width) n = width;
  const end = out + <usize>n;
  let at = end;
  rest = value;
  for (let k = 0; k < n; k++) {
    const next = rest / 36;
    const digit = rest - next * 36;
    store<u8>(--at, digit < 10 ? 48 + digit : 87 + digit);
    rest = next;
  }
  return end;
}

/** 36 ** 5: a 53-bit number divided by it is below 2 ** 32. */
const LOW_RANGE: u64 = 60466176;

/**
 * `value` in base 36 (digits 0-9a-z) at `out`, as base36Into writes it; returns its length (at most 11).
 * In two halves of 32-bit divisions, which engines turn into multiplications.
 */
function base36(value: u64, out: usize): i32 {
  const high = <u32>(value / LOW_RANGE);
  const low = <u32>(value - <u64>high * LOW_RANGE);
  if (high === 0) return <i32>(digits36(low, 1, out) - out);
  return <i32>(digits36(low, 5, digits36(high, 1, out)) - out);
}

/** What `fieldsOf` found: a record that ends at the returned position (its line ending), or not. */
const INCOMPLETE: isize = -1;
const NOT_PLAIN: isize = -2;

/**
 * What a byte means to the record scan (BYTE_CLASS of online-retail-bytes.ts): 0 text, 1 comma, 2 line
 * feed, 3 carriage return, 4 anything the TypeScript reader reads (a quote, NUL, a byte of a non-ASCII
 * character).
 */
const BYTE_CLASS = memory.data<u8>([
  4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
  4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
]);

/**
 * Splits the record at `start` into fields (as many as the header) and hashes it (h1, h2) as the
 * reference hashes its fields (contentHash: the values joined by a unit separator). A field is ASCII
 * without NUL or quote, or quoted: a quote where the field starts, ASCII without NUL, quote or line
 * ending, and a quote that a comma or the line's end follows (no `""` inside), whose value is what the
 * quotes enclose, as the reference's CSV parser reads it. The byte at `end` is a NUL the JavaScript side
 * wrote after the input, so that only class 4 has to ask whether the input ended.
 */
function fieldsOf(start: usize, end: usize): isize {
  const last = fieldCount - 1;
  let field = 0;
  let fieldAt = start;
  // Where the field's value ends when it was quoted (its closing quote), else 0.
  let closed: usize = 0;
  store<i32>(fields, <i32>start);
  let a: u32 = 0xdeadbeef;
  let b: u32 = 0x41c6ce57;
  let i = start;
  for (;;) {
    const c = <u32>load<u8>(i);
    const kind = load<u8>(BYTE_CLASS + <usize>c);
    let ch = c;
    if (kind !== 0) {
      if (kind === 1) {
        if (field === last) return NOT_PLAIN;
        store<i32>(fields + ((<usize>field) << 3) + 4, <i32>(closed !== 0 ? closed : i));
        field++;
        fieldAt = i + 1;
        closed = 0;
        store<i32>(fields + ((<usize>field) << 3), <i32>fieldAt);
        ch = UNIT_SEPARATOR;
      } else if (kind === 2) break;
      else if (kind === 3) {
        if (i + 1 >= end) return INCOMPLETE;
        if (load<u8>(i + 1) !== LF) return NOT_PLAIN;
        break;
      } else {
        if (i >= end) return INCOMPLETE;
        if (c !== QUOTE || i !== fieldAt) return NOT_PLAIN;
        // A quoted field: its value is hashed as it is (a comma in it too), without the quotes.
        let q = i + 1;
        for (;;) {
          const v = <u32>load<u8>(q);
          const inner = load<u8>(BYTE_CLASS + <usize>v);
          if (inner === 1 || inner === 0) {
            a = (a ^ v) * 2654435761;
            b = (b ^ v) * 1597334677;
            q++;
          } else if (v === QUOTE) break;
          else if (inner === 4 && q >= end) return INCOMPLETE;
          else return NOT_PLAIN; // a line ending in the value (the reference counts its lines), NUL, non-ASCII
        }
        // A comma or the line's end after the closing quote, else not plain (`""` inside, text after it).
        const after = load<u8>(BYTE_CLASS + <usize>load<u8>(q + 1));
        if (after === 0 || after === 4) return q + 1 >= end ? INCOMPLETE : NOT_PLAIN;
        store<i32>(fields + ((<usize>field) << 3), <i32>(i + 1));
        closed = q;
        i = q + 1;
        continue;
      }
    }
    a = (a ^ ch) * 2654435761;
    b = (b ^ ch) * 1597334677;
    i++;
  }
  if (field !== last) return NOT_PLAIN;
  store<i32>(fields + ((<usize>last) << 3) + 4, <i32>(closed !== 0 ? closed : i));
  h1 = a;
  h2 = b;
  return <isize>i;
}

/**
 * Describes the plain records at [base + pos, base + n) at `out`, at most `limit` of them (see the top
 * of this file). Returns how many it described. A record that does not end within the bytes, a lone
 * carriage return, or the end of the file after an incomplete record: the scan stops, and the
 * TypeScript reader decides.
 */
export function scan(base: usize, pos: i32, n: i32, limit: i32, out: usize): i32 {
  // The bytes of the last keys may have moved since the last call.
  for (let k = 0; k < 5; k++) unchecked((lastLength[k] = -1));
  textAt = textStart;
  let at = base + <usize>pos;
  const end = base + <usize>n;
  let count = 0;
  let skipped = 0;
  while (count < limit && at < end && textEnd - textAt >= MAX_RECORD_TEXT) {
    const first = load<u8>(at);
    if (first === LF) {
      skipped++;
      at++;
      continue;
    }
    if (first === CR) {
      if (at + 1 >= end) break; // a carriage return alone, or before a line feed still to come
      if (load<u8>(at + 1) !== LF) break;
      skipped++;
      at += 2;
      continue;
    }
    const stopAt = fieldsOf(at, end);
    if (stopAt < 0) break;
    const stop = <usize>stopAt;
    const d = out + <usize>HEADER + <usize>count * <usize>DESCRIPTOR;
    if (!row(d)) break;
    const next = load<u8>(stop) === CR ? stop + 2 : stop + 1;
    store<i32>(d, <i32>(at - base));
    store<i32>(d + 4, <i32>(stop - base));
    store<i32>(d + 8, <i32>(next - base));
    store<i32>(d + 12, skipped);
    for (let w: usize = 16; w < 64; w += 4) store<i32>(d + w, load<i32>(d + w) - <i32>base);
    skipped = 0;
    count++;
    at = next;
  }
  store<i32>(out, count);
  store<i32>(out + 4, <i32>(at - base));
  store<i32>(out + 8, skipped);
  return count;
}

/**
 * plainRow's checks of the record `fieldsOf` last split that bytes decide (the date and the ranges are left to
 * the JavaScript side): writes the descriptor's words 4-17 (absolute positions), its numbers and its
 * hash at `d`, or returns false.
 */
function row(d: usize): bool {
  const is = trimStart(fieldStart(cInvoice), fieldEnd(cInvoice));
  const ie = trimEnd(is, fieldEnd(cInvoice));
  const ss = trimStart(fieldStart(cStock), fieldEnd(cStock));
  const se = trimEnd(ss, fieldEnd(cStock));
  if (is === ie || ss === se) return false;
  // retailEventIdLength (online-retail.ts)
  if (3 + <i32>(ie - is) + 1 + <i32>(se - ss) + 1 + 11 > MAX_KEY_LENGTH) return false;
  const first = load<u8>(is);
  const isReturn = first === 67 || first === 99; // C, c
  const quantity = decimal(fieldStart(cQuantity), fieldEnd(cQuantity));
  if (isNaN(quantity) || quantity === 0 || (quantity < 0 && !isReturn)) return false;
  const price = decimal(fieldStart(cPrice), fieldEnd(cPrice));
  if (isNaN(price) || price < 0) return false;
  const cs = trimStart(fieldStart(cCustomer), fieldEnd(cCustomer));
  const customerEnd = trimEnd(cs, fieldEnd(cCustomer));
  // withoutFloatSuffix (csv-bytes.ts): /\.0+$/ dropped
  let k = customerEnd;
  while (k > cs && load<u8>(k - 1) === ZERO) k--;
  const ce = k < customerEnd && k > cs && load<u8>(k - 1) === DOT ? k - 1 : customerEnd;
  if (ce === cs && customerEnd > cs) return false;
  if (<i32>(ce - cs) > MAX_KEY_LENGTH) return false;
  const ds = trimStart(fieldStart(cDescription), fieldEnd(cDescription));
  const de = trimEnd(ds, fieldEnd(cDescription));
  const ns = trimStart(fieldStart(cCountry), fieldEnd(cCountry));
  const ne = trimEnd(ns, fieldEnd(cCountry));
  store<i32>(d + 16, <i32>is);
  store<i32>(d + 20, <i32>ie);
  store<i32>(d + 24, <i32>ss);
  store<i32>(d + 28, <i32>se);
  store<i32>(d + 32, <i32>ds);
  store<i32>(d + 36, <i32>de);
  store<i32>(d + 40, <i32>cs);
  store<i32>(d + 44, <i32>ce);
  store<i32>(d + 48, <i32>ns);
  store<i32>(d + 52, <i32>ne);
  store<i32>(d + 56, <i32>fieldStart(cDate));
  store<i32>(d + 60, <i32>fieldEnd(cDate));
  store<i32>(d + 64, isReturn ? 1 : 0);
  store<f64>(d + QUANTITY_AT, quantity);
  store<f64>(d + PRICE_AT, price);
  store<i32>(d + 68, base36(cyrb53Finish(), d + HASH_AT));
  // Last, once the row is known to be taken: an id given here is one the JavaScript side will see.
  const sku = intern(SKU, ss, se);
  const customer = internOptional(CUSTOMER, cs, ce);
  const date = intern(DATE, fieldStart(cDate), fieldEnd(cDate));
  const title = internOptional(TITLE, ds, de);
  const country = internOptional(COUNTRY, ns, ne);
  if (full) return false;
  store<i32>(d + IDS_AT, sku);
  store<i32>(d + IDS_AT + 4, customer);
  store<i32>(d + IDS_AT + 8, date);
  store<i32>(d + IDS_AT + 12, title);
  store<i32>(d + IDS_AT + 16, country);
  // The event's text, as the TypeScript reader writes it.
  store<i32>(d + TEXT_AT, <i32>(textAt - textStart));
  textByte(111); // o
  textByte(114); // r
  textByte(45); // -
  text(is, ie);
  textByte(45);
  text(ss, se);
  textByte(45);
  text(d + HASH_AT, d + HASH_AT + <usize>load<i32>(d + 68));
  store<i32>(d + TEXT_AT + 4, <i32>(textAt - textStart) - load<i32>(d + TEXT_AT));
  text(is, ie);
  return true;
}
