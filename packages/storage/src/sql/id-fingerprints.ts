/**
 * What a bulk load remembers of each event id it stored (bulk-append.ts): a 96-bit fingerprint of the
 * id's UTF-8 bytes, not the id. 12 bytes a slot in an open-addressing table at most three quarters full:
 * 12 MB for Online Retail's 535,000 ids, 48 MB for three million. Keeping the ids themselves took about
 * 25 MB and 130-165 MB (their bytes in a doubling array, docs/benchmarks/import.md).
 *
 * A fingerprint seen before means the id was stored before, or, with a chance of about n^2 / 2^96 for n
 * ids (1 in 10^16 for three million; one bit of the 96 marks a used slot), that another id shares its
 * fingerprint. The load does not drop
 * such a row: it keeps it aside and inserts it with ON CONFLICT once the primary key is built
 * (bulk-load.ts), so nothing is lost even then; only the import's count of duplicates would be one too
 * high.
 */

/** Writes the fingerprint of `source[start, end)` into `out[0..2]`; `out[0]` must come out odd (0 marks an empty slot). */
export type FingerprintFunction = (source: Uint8Array, start: number, end: number, out: Int32Array) => void;

const encoder = new TextEncoder();

export class IdFingerprints {
  /** Three words a slot; a used slot's first word is odd. */
  private table = new Int32Array(3 * 1024);
  private slots = 1024;
  private count = 0;
  private readonly print = new Int32Array(3);
  /** Scratch for the bytes of a string being added. */
  private key = new Uint8Array(256);

  constructor(private readonly fingerprint: FingerprintFunction = fingerprint96) {}

  get size(): number {
    return this.count;
  }

  /** Adds the fingerprint of `id`; false when it was there already. */
  add(id: string): boolean {
    if (this.key.length < id.length * 3) this.key = new Uint8Array(id.length * 3);
    const n = encoder.encodeInto(id, this.key).written;
    return this.addBytes(this.key, 0, n);
  }

  /** Adds the fingerprint of the id whose UTF-8 bytes are `source[start, end)`; false when it was there already. */
  addBytes(source: Uint8Array, start: number, end: number): boolean {
    const p = this.print;
    this.fingerprint(source, start, end, p);
    const a = p[0]! | 1;
    const b = p[1]!;
    const c = p[2]!;
    const table = this.table;
    const mask = this.slots - 1;
    for (let slot = (b ^ c) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * 3;
      const first = table[at]!;
      if (first === 0) {
        table[at] = a;
        table[at + 1] = b;
        table[at + 2] = c;
        if (++this.count * 4 > this.slots * 3) this.grow();
        return true;
      }
      if (first === a && table[at + 1] === b && table[at + 2] === c) return false;
    }
  }

  private grow(): void {
    const old = this.table;
    this.slots *= 2;
    const table = new Int32Array(this.slots * 3);
    const mask = this.slots - 1;
    for (let at = 0; at < old.length; at += 3) {
      if (old[at] === 0) continue;
      let slot = (old[at + 1]! ^ old[at + 2]!) & mask;
      while (table[slot * 3] !== 0) slot = (slot + 1) & mask;
      table[slot * 3] = old[at]!;
      table[slot * 3 + 1] = old[at + 1]!;
      table[slot * 3 + 2] = old[at + 2]!;
    }
    this.table = table;
  }
}

/**
 * Three multiplicative lanes over the bytes (each step a bijection of its lane), seeded apart and
 * with the length, then each lane mixed with another (cyrb53's finish, extended to three lanes).
 */
export function fingerprint96(source: Uint8Array, start: number, end: number, out: Int32Array): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  let h3 = 0x811c9dc5 ^ (end - start);
  for (let i = start; i < end; i++) {
    const c = source[i]!;
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
    h3 = Math.imul(h3 ^ c, 16777619);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h3 ^ (h3 >>> 13), 3266489909);
  h3 = Math.imul(h3 ^ (h3 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[0] = h1;
  out[1] = h2;
  out[2] = h3;
}
