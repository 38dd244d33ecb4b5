import { describe, expect, it } from 'vitest';
import { type FingerprintFunction, fingerprint96, IdFingerprints } from '../src/sql/id-fingerprints.js';

/** A deterministic stream of ids: ASCII, Latin-1, other scripts, astral characters, empty, long. */
function* ids(count: number, seed: number): Generator<string> {
  let x = seed;
  const next = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x;
  };
  const alphabet = ['a', 'Z', '7', '-', 'é', 'ß', 'ж', '中', '😀', '\u0000'];
  for (let i = 0; i < count; i++) {
    const length = next() % 40;
    let id = '';
    for (let k = 0; k < length; k++) id += alphabet[next() % (next() % 7 === 0 ? alphabet.length : 4)];
    yield i % 97 === 0 ? id.repeat(30) : id;
  }
}

const encoder = new TextEncoder();

describe('IdFingerprints', () => {
  it('answers as a Set of the ids would, through many resizes (no two of 200,000 ids share a fingerprint)', () => {
    const set = new IdFingerprints();
    const reference = new Set<string>();
    for (const id of ids(200_000, 1)) {
      expect(set.add(id)).toBe(!reference.has(id));
      reference.add(id);
    }
    expect(set.size).toBe(reference.size);
    // Ids made the way the importer makes them, one character apart.
    for (let k = 0; k < 200_000; k++) expect(set.add(`or-536365-${k}-1a2b`)).toBe(true);
    for (let k = 0; k < 200_000; k++) expect(set.add(`or-536365-${k}-1a2b`)).toBe(false);
  });

  it('fingerprints the same UTF-8 bytes wherever they lie, and a string by its UTF-8 bytes', () => {
    const set = new IdFingerprints();
    const bytes = encoder.encode('xxor-536365-85123A-ünï 🛒yy');
    expect(set.addBytes(bytes, 2, bytes.length - 2)).toBe(true);
    expect(set.add('or-536365-85123A-ünï 🛒')).toBe(false);
    for (const other of ['or-536365-85123A-ünï 🛒 ', 'or-536365-85123a-ünï 🛒', 'e\u0301', 'é', ''])
      expect(set.add(other)).toBe(true);
    expect(set.add('é')).toBe(false);
    expect(set.add('')).toBe(false);
  });

  it('tells ids apart only by their fingerprints: two that share one count as seen', () => {
    /** Every id of one length shares a fingerprint. */
    const byLength: FingerprintFunction = (_source, start, end, out) => {
      out[0] = 0;
      out[1] = end - start;
      out[2] = 7;
    };
    const set = new IdFingerprints(byLength);
    expect(set.add('abc')).toBe(true);
    expect(set.add('xyz')).toBe(false);
    expect(set.add('abcd')).toBe(true);
    expect(set.size).toBe(2);
  });

  it('spreads fingerprints over all three words (a change of one byte changes each)', () => {
    const a = new Int32Array(3);
    const b = new Int32Array(3);
    const x = encoder.encode('or-536365-85123A-1a2b');
    const y = encoder.encode('or-536365-85123A-1a2c');
    fingerprint96(x, 0, x.length, a);
    fingerprint96(y, 0, y.length, b);
    for (let w = 0; w < 3; w++) expect(a[w]).not.toBe(b[w]);
  });
});
