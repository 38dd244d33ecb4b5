// AssemblyScript, not TypeScript (excluded from tsc by the tsconfigs): compiled by core's
// `node scripts/wasm/build.mjs` into ../bulk-rows-kernel.generated.ts (base64). Keep in step with its
// TypeScript oracle: IdFingerprints and fingerprint96 (../id-fingerprints.ts), freshEvents, writeRows and
// setIds (../bulk-append.ts), writeEventTail and textStarts (../event-copy-rows.ts), BinaryCopyWriter
// (../copy-binary.ts).
//
// A bulk load's per-batch work on the client, in one memory (laid out by ../bulk-rows.ts): the
// fingerprints of the event ids the load stored (an open-addressing table, three words a slot, a used
// slot's first word odd), `split`, which sorts a batch's events by whether their ids were seen, and
// `rows`, which writes the fresh ones as PostgreSQL binary COPY rows of `events`.

/** Where the fingerprint table is, its slots (a power of two) and how many are used. */
let table: usize = 0;
let slots: u32 = 0;
let used: u32 = 0;

/** The batch: its columns (see setBatch), where each event's text starts, and its length. */
let text: usize = 0;
let lengths: usize = 0;
let types: usize = 0;
let customers: usize = 0;
let items: usize = 0;
let times: usize = 0;
let quantities: usize = 0;
let prices: usize = 0;
let ratings: usize = 0;
let starts: usize = 0;
let count: i32 = 0;

/** The event type labels: per type code, where its UTF-8 bytes are and their length (two words). */
let labels: usize = 0;

/** From the Unix epoch to PostgreSQL's (2000-01-01 UTC), in milliseconds. */
const POSTGRES_EPOCH_MS: i64 = 946_684_800_000;

/** The last fingerprint computed. */
let p0: u32 = 0;
let p1: u32 = 0;
let p2: u32 = 0;

/** fingerprint96 of the bytes at [start, end). */
@inline
function fingerprint(start: usize, end: usize): void {
  let h1: u32 = 0xdeadbeef;
  let h2: u32 = 0x41c6ce57;
  let h3: u32 = 0x811c9dc5 ^ <u32>(end - start);
  for (let i = start; i < end; i++) {
    const c = <u32>load<u8>(i);
    h1 = (h1 ^ c) * 2654435761;
    h2 = (h2 ^ c) * 1597334677;
    h3 = (h3 ^ c) * 16777619;
  }
  h1 = ((h1 ^ (h1 >>> 16)) * 2246822507) ^ ((h2 ^ (h2 >>> 13)) * 3266489909);
  h2 = ((h2 ^ (h2 >>> 16)) * 2246822507) ^ ((h3 ^ (h3 >>> 13)) * 3266489909);
  h3 = ((h3 ^ (h3 >>> 16)) * 2246822507) ^ ((h1 ^ (h1 >>> 13)) * 3266489909);
  p0 = h1 | 1;
  p1 = h2;
  p2 = h3;
}

/** Adds the last fingerprint to the table (which has room); false when it was there. */
@inline
function addPrint(): bool {
  const mask = slots - 1;
  let slot = (p1 ^ p2) & mask;
  for (;;) {
    const at = table + <usize>slot * 12;
    const first = load<u32>(at);
    if (first == 0) {
      store<u32>(at, p0);
      store<u32>(at, p1, 4);
      store<u32>(at, p2, 8);
      used++;
      return true;
    }
    if (first == p0 && load<u32>(at, 4) == p1 && load<u32>(at, 8) == p2) return false;
    slot = (slot + 1) & mask;
  }
  return false; // not reached: the table always has an empty slot
}

/** Sets the (zeroed) table of `n` slots at `at`. */
export function setTable(at: usize, n: u32): void {
  table = at;
  slots = n;
  used = 0;
}

/**
 * Moves the table's fingerprints into a table of `n` slots at `to` (past the current one, not
 * overlapping it), then that table to where the current one starts.
 */
export function grow(to: usize, n: u32): void {
  memory.fill(to, 0, <usize>n * 12);
  const mask = n - 1;
  for (let at = table, end = table + <usize>slots * 12; at < end; at += 12) {
    const first = load<u32>(at);
    if (first == 0) continue;
    let slot = (load<u32>(at, 4) ^ load<u32>(at, 8)) & mask;
    while (load<u32>(to + <usize>slot * 12) != 0) slot = (slot + 1) & mask;
    memory.copy(to + <usize>slot * 12, at, 12);
  }
  memory.copy(table, to, <usize>n * 12);
  slots = n;
}

export function size(): u32 {
  return used;
}

/** Adds the fingerprint of the bytes at [start, end) (the table has room); 1 when it was not there. */
export function addId(start: usize, end: usize): i32 {
  fingerprint(start, end);
  return addPrint() ? 1 : 0;
}

/** Writes the fingerprint of the bytes at [start, end) at `out` (three words; for the tests). */
export function fingerprintAt(start: usize, end: usize, out: usize): void {
  fingerprint(start, end);
  store<u32>(out, p0);
  store<u32>(out, p1, 4);
  store<u32>(out, p2, 8);
}

/** Sets the event type labels (see `labels`). */
export function setLabels(at: usize): void {
  labels = at;
}

/** Sets the batch's columns, as EventColumns holds them (four text lengths an event), and room for its text starts. */
export function setBatch(
  n: i32,
  textAt: usize,
  lengthsAt: usize,
  typesAt: usize,
  customersAt: usize,
  itemsAt: usize,
  timesAt: usize,
  quantitiesAt: usize,
  pricesAt: usize,
  ratingsAt: usize,
  startsAt: usize,
): void {
  count = n;
  text = textAt;
  lengths = lengthsAt;
  types = typesAt;
  customers = customersAt;
  items = itemsAt;
  times = timesAt;
  quantities = quantitiesAt;
  prices = pricesAt;
  ratings = ratingsAt;
  starts = startsAt;
}

@inline
function atLeast0(n: i32): usize {
  return n < 0 ? 0 : <usize>n;
}

/**
 * freshEvents: adds each event's id to the table (which has room for all of them), writes the indexes
 * of the fresh ones (not seen before: the first of repeats within the batch too) at `fresh` and of the
 * others at `seen`, marks (1) the customers and items the fresh ones name at `namedCustomers` and
 * `namedItems` (one byte per index, zeroed), and each event's text start; returns how many are fresh.
 */
export function split(fresh: usize, seen: usize, namedCustomers: usize, namedItems: usize, prints: usize): i32 {
  // The fingerprints first, then the table: the probes, each a likely cache miss in a table of megabytes,
  // then overlap (a probe after each fingerprint waited for its miss before the next fingerprint).
  let at = text;
  for (let i = 0; i < count; i++) {
    const l = lengths + (<usize>i << 4);
    const idLength = load<i32>(l);
    store<i32>(starts + (<usize>i << 2), <i32>(at - text));
    fingerprint(at, at + atLeast0(idLength));
    const p = prints + <usize>i * 12;
    store<u32>(p, p0);
    store<u32>(p, p1, 4);
    store<u32>(p, p2, 8);
    at += atLeast0(idLength) + atLeast0(load<i32>(l, 4)) + atLeast0(load<i32>(l, 8)) + atLeast0(load<i32>(l, 12));
  }
  let f = 0;
  let s = 0;
  for (let i = 0; i < count; i++) {
    const p = prints + <usize>i * 12;
    p0 = load<u32>(p);
    p1 = load<u32>(p, 4);
    p2 = load<u32>(p, 8);
    if (addPrint()) {
      store<i32>(fresh + (<usize>f << 2), i);
      f++;
      const c = load<i32>(customers + (<usize>i << 2));
      if (c >= 0) store<u8>(namedCustomers + <usize>c, 1);
      const it = load<i32>(items + (<usize>i << 2));
      if (it >= 0) store<u8>(namedItems + <usize>it, 1);
    } else {
      store<i32>(seen + (<usize>s << 2), i);
      s++;
    }
  }
  return f;
}

@inline
function be16(at: usize, v: i32): usize {
  store<u16>(at, bswap<u16>(<u16>v));
  return at + 2;
}

@inline
function be32(at: usize, v: i32): usize {
  store<u32>(at, bswap<u32>(<u32>v));
  return at + 4;
}

@inline
function nullField(at: usize): usize {
  return be32(at, -1);
}

@inline
function int8(at: usize, v: i64): usize {
  be32(at, 8);
  store<u64>(at + 4, bswap<u64>(<u64>v));
  return at + 12;
}

/** A float8, null for NaN (numberOrNull). */
@inline
function float8(at: usize, v: f64): usize {
  if (isNaN(v)) return nullField(at);
  be32(at, 8);
  store<u64>(at + 4, bswap<u64>(reinterpret<u64>(v)));
  return at + 12;
}

/** A text field of `length` bytes from `from` (null when negative). */
@inline
function textField(at: usize, from: usize, length: i32): usize {
  if (length < 0) return nullField(at);
  be32(at, length);
  memory.copy(at + 4, from, <usize>length);
  return at + 4 + <usize>length;
}

/** An int4 from `ids` at index `k` of the batch's list, null for -1. */
@inline
function idField(at: usize, ids: usize, k: i32): usize {
  if (k < 0) return nullField(at);
  be32(at, 4);
  return be32(at + 4, load<i32>(ids + (<usize>k << 2)));
}

/**
 * writeRows and setIds: the binary COPY data (signature, header, rows, trailer) of the `n` fresh events
 * whose indexes are at `fresh`, numbered from `firstSeq`, their customers' and items' storage ids at
 * `customerIds` and `itemIds` (by their index in the batch's lists), written at `out`; returns where it ends.
 * Columns: seq, event_id, type, customer_id, item_id, ts, quantity, unit_price, rating, query,
 * session_id, order_id (EVENT_COLUMNS of bulk-append.ts).
 */
export function rows(fresh: usize, n: i32, firstSeq: f64, customerIds: usize, itemIds: usize, out: usize): usize {
  // PGCOPY\n\377\r\n\0, then flags and the header extension's length (0).
  let at = out;
  store<u8>(at, 0x50);
  store<u8>(at, 0x47, 1);
  store<u8>(at, 0x43, 2);
  store<u8>(at, 0x4f, 3);
  store<u8>(at, 0x50, 4);
  store<u8>(at, 0x59, 5);
  store<u8>(at, 0x0a, 6);
  store<u8>(at, 0xff, 7);
  store<u8>(at, 0x0d, 8);
  store<u8>(at, 0x0a, 9);
  store<u8>(at, 0x00, 10);
  memory.fill(at + 11, 0, 8);
  at += 19;
  const seq = <i64>firstSeq;
  for (let k = 0; k < n; k++) {
    const i = load<i32>(fresh + (<usize>k << 2));
    const l = lengths + (<usize>i << 4);
    let from = text + <usize>load<i32>(starts + (<usize>i << 2));
    at = be16(at, 12);
    at = int8(at, seq + <i64>k);
    const idLength = load<i32>(l);
    at = textField(at, from, idLength);
    from += atLeast0(idLength);
    const label = labels + (<usize>load<u8>(types + <usize>i) << 3);
    at = textField(at, <usize>load<i32>(label), load<i32>(label, 4));
    at = idField(at, customerIds, load<i32>(customers + (<usize>i << 2)));
    at = idField(at, itemIds, load<i32>(items + (<usize>i << 2)));
    at = int8(at, (<i64>load<f64>(times + (<usize>i << 3)) - POSTGRES_EPOCH_MS) * 1000);
    at = float8(at, load<f64>(quantities + (<usize>i << 3)));
    at = float8(at, load<f64>(prices + (<usize>i << 3)));
    at = float8(at, load<f64>(ratings + (<usize>i << 3)));
    const queryLength = load<i32>(l, 4);
    at = textField(at, from, queryLength);
    from += atLeast0(queryLength);
    const sessionLength = load<i32>(l, 8);
    at = textField(at, from, sessionLength);
    from += atLeast0(sessionLength);
    at = textField(at, from, load<i32>(l, 12));
  }
  return be16(at, -1);
}
