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
  /** Per slot: offset of the entry in `bytes` plus 1, or EMPTY. */
  private slots = new Int32Array(1 << 10);
  private hashes = new Int32Array(1 << 10);
  private count = 0;
  /** Scratch for the bytes of the string being looked up. */
  private key = new Uint8Array(256);
  private keyLength = 0;

  get size(): number {
    return this.count;
  }

  has(id: string): boolean {
    this.encode(id);
    return this.slots[this.findKey()] !== EMPTY;
  }

  /** Adds `id`; returns false when it was there already. */
  add(id: string): boolean {
    this.encode(id);
    return this.addKey();
  }

  /** Adds the id whose UTF-8 bytes are `source[start, end)`; returns false when it was there already. */
  addBytes(source: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    if (this.key.length < n) this.key = new Uint8Array(n * 2);
    const key = this.key;
    for (let k = 0; k < n; k++) key[k] = source[start + k]!;
    this.keyLength = n;
    return this.addKey();
  }

  /** Adds the id in `key`; returns false when it was there already. */
  private addKey(): boolean {
    const slot = this.findKey();
    if (this.slots[slot] !== EMPTY) return false;
    const n = this.keyLength;
    if (this.used + 4 + n > this.bytes.length) this.growBytes(this.used + 4 + n);
    const at = this.used;
    const b = this.bytes;
    b[at] = n & 0xff;
    b[at + 1] = (n >>> 8) & 0xff;
    b[at + 2] = (n >>> 16) & 0xff;
    b[at + 3] = n >>> 24;
    const key = this.key;
    for (let i = 0; i < n; i++) b[at + 4 + i] = key[i]!;
    this.used = at + 4 + n;
    this.slots[slot] = at + 1;
    this.hashes[slot] = this.lastHash;
    this.count++;
    if (this.count * 4 > this.slots.length * 3) this.growSlots();
    return true;
  }

  private lastHash = 0;

  /** The slot holding the id in `key`, or the empty slot where it would go. */
  private findKey(): number {
    const h = hashOf(this.key, this.keyLength);
    this.lastHash = h;
    const mask = this.slots.length - 1;
    const n = this.keyLength;
    const key = this.key;
    const b = this.bytes;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === EMPTY) return slot;
      if (this.hashes[slot] !== h) continue;
      const at = entry - 1;
      if ((b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) !== n) continue;
      let i = 0;
      while (i < n && b[at + 4 + i] === key[i]) i++;
      if (i === n) return slot;
    }
  }

  /** Puts the UTF-8 bytes of `id` in `key`. */
  private encode(id: string): void {
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
    this.keyLength = n;
  }

  private growBytes(needed: number): void {
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const bytes = new Uint8Array(size);
    bytes.set(this.bytes.subarray(0, this.used));
    this.bytes = bytes;
  }

  private growSlots(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    const size = oldSlots.length * 2;
    const mask = size - 1;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    for (let s = 0; s < oldSlots.length; s++) {
      const entry = oldSlots[s]!;
      if (entry === EMPTY) continue;
      const h = oldHashes[s]!;
      let slot = h & mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.slots[slot] = entry;
      this.hashes[slot] = h;
    }
  }
}

/** The hash of `key[0, n)`: FNV-1a, then mixed. */
function hashOf(key: Uint8Array, n: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < n; k++) h = Math.imul(h ^ key[k]!, 16777619);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}
