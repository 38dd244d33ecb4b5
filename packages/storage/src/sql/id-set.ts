/**
 * A set of strings kept compactly: each string's UTF-8 bytes in one growing byte array, found through
 * an open-addressing table of offsets and hashes. A bulk load keeps every event id it stored
 * (bulk-append.ts); as a `Set<string>` the 535,000 ids of Online Retail held about 73 MB of the
 * JavaScript heap (a string object each, often two bytes a character, plus the set's table), here
 * about 25 MB outside it, which the garbage collector never has to walk. Strings are compared by their
 * UTF-8 bytes, as the database stores them (a lone surrogate becomes U+FFFD both here and there).
 */
const EMPTY = 0;
const encoder = new TextEncoder();

export class IdSet {
  /** Entries back to back: 4 bytes of length (little-endian), then the UTF-8 bytes. */
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  /**
   * Two words per slot, side by side so that a probe touches one cache line: the offset of the entry in
   * `bytes` plus 1 (or EMPTY), and the entry's hash.
   */
  private table = new Int32Array(2 << 10);
  private count = 0;
  /** Scratch for the bytes of a string being looked up. */
  private key = new Uint8Array(256);

  get size(): number {
    return this.count;
  }

  has(id: string): boolean {
    const n = this.encode(id);
    return this.table[this.find(this.key, 0, n, hashOf(this.key, 0, n))] !== EMPTY;
  }

  /** Adds `id`; returns false when it was there already. */
  add(id: string): boolean {
    const n = this.encode(id); // first: it may replace `key` with a larger one
    return this.addBytes(this.key, 0, n);
  }

  /** Adds the id whose UTF-8 bytes are `source[start, end)`; returns false when it was there already. */
  addBytes(source: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    const h = hashOf(source, start, end);
    const slot = this.find(source, start, n, h);
    if (this.table[slot] !== EMPTY) return false;
    if (this.used + 4 + n > this.bytes.length) this.growBytes(this.used + 4 + n);
    const at = this.used;
    const b = this.bytes;
    b[at] = n & 0xff;
    b[at + 1] = (n >>> 8) & 0xff;
    b[at + 2] = (n >>> 16) & 0xff;
    b[at + 3] = n >>> 24;
    for (let i = 0; i < n; i++) b[at + 4 + i] = source[start + i]!;
    this.used = at + 4 + n;
    this.table[slot] = at + 1;
    this.table[slot + 1] = h;
    this.count++;
    if (this.count * 8 > this.table.length * 3) this.grow();
    return true;
  }

  /** The index in `table` of the slot holding `source[start, start + n)` (hash `h`), or of the empty slot where it would go. */
  private find(source: Uint8Array, start: number, n: number, h: number): number {
    const table = this.table;
    const mask = table.length - 2;
    const b = this.bytes;
    for (let slot = (h << 1) & mask; ; slot = (slot + 2) & mask) {
      const entry = table[slot]!;
      if (entry === EMPTY) return slot;
      if (table[slot + 1] !== h) continue;
      const at = entry - 1;
      if ((b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) !== n) continue;
      let i = 0;
      while (i < n && b[at + 4 + i] === source[start + i]) i++;
      if (i === n) return slot;
    }
  }

  /** Puts the UTF-8 bytes of `id` in `key`; returns their length. */
  private encode(id: string): number {
    const length = id.length;
    if (this.key.length < length * 3) this.key = new Uint8Array(length * 3);
    const key = this.key;
    let n = 0;
    let i = 0;
    for (; i < length; i++) {
      const c = id.charCodeAt(i);
      if (c >= 0x80) break;
      key[n++] = c;
    }
    if (i < length) n = encoder.encodeInto(id, key).written;
    return n;
  }

  private growBytes(needed: number): void {
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const bytes = new Uint8Array(size);
    bytes.set(this.bytes.subarray(0, this.used));
    this.bytes = bytes;
  }

  private grow(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = table.length - 2;
    for (let s = 0; s < old.length; s += 2) {
      const entry = old[s]!;
      if (entry === EMPTY) continue;
      const h = old[s + 1]!;
      let slot = (h << 1) & mask;
      while (table[slot] !== EMPTY) slot = (slot + 2) & mask;
      table[slot] = entry;
      table[slot + 1] = h;
    }
    this.table = table;
  }
}

/** The hash of `key[start, end)`: FNV-1a, then mixed. */
function hashOf(key: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let k = start; k < end; k++) h = Math.imul(h ^ key[k]!, 16777619);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}
