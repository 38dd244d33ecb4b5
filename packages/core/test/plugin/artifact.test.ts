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
});
