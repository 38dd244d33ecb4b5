import { describe, expect, it } from 'vitest';
import { decodeArtifact, encodeArtifact } from '../../src/index.js';

describe('model artifact bytes', () => {
  it('round-trips metadata and typed arrays of every supported type', () => {
    const arrays = {
      f64: new Float64Array([Math.PI, -0, 1e300]),
      f32: new Float32Array([1.5, -2.25, 3]),
      i32: new Int32Array([-1, 0, 2147483647]),
      u8: new Uint8Array([1, 2, 3, 4, 5]),
    };
    const bytes = encodeArtifact('demo', 3, { k: 10, names: ['a', 'b'] }, arrays);
    const back = decodeArtifact<{ k: number; names: string[] }>(bytes, 'demo', 3);
    expect(back.meta).toEqual({ k: 10, names: ['a', 'b'] });
    expect(back.arrays.f64).toEqual(arrays.f64);
    expect(back.arrays.f32).toEqual(arrays.f32);
    expect(back.arrays.i32).toEqual(arrays.i32);
    expect(back.arrays.u8).toEqual(arrays.u8);
  });

  it('refuses bytes of another model or format version, saying which', () => {
    const bytes = encodeArtifact('als', 1, {});
    expect(() => decodeArtifact(bytes, 'bpr', 1)).toThrow(/"als", expected "bpr"/);
    expect(() => decodeArtifact(bytes, 'als', 2)).toThrow(/format version 1; this build reads version 2/);
    expect(() => decodeArtifact(new Uint8Array(10), 'als', 1)).toThrow(/bad magic/);
  });

  it('reads bytes at any offset of a larger buffer, and refuses bytes cut short', () => {
    const arrays = { f64: new Float64Array([0.1, 0.2]), i32: new Int32Array([7, 8, 9]) };
    const bytes = encodeArtifact('demo', 1, {}, arrays);
    for (const shift of [0, 1, 3, 8]) {
      // The same bytes inside a buffer that starts `shift` bytes earlier: aligned only for shift 0 and 8.
      const host = new Uint8Array(bytes.byteLength + shift + 5);
      host.set(bytes, shift);
      const inside = host.subarray(shift, shift + bytes.byteLength);
      const back = decodeArtifact(inside, 'demo', 1);
      expect(back.arrays.f64).toEqual(arrays.f64);
      expect(back.arrays.i32).toEqual(arrays.i32);
    }
    expect(() => decodeArtifact(bytes.subarray(0, bytes.byteLength - 8), 'demo', 1)).toThrow(
      'model artifact array "i32" runs past the end of its bytes',
    );
  });
});
