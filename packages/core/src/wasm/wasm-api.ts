/** The WebAssembly JS API as the kernels use it, and the decoding of the committed base64 modules. */
/** The few WebAssembly JS API members used here (core's lib settings carry no DOM types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  validate(bytes: Uint8Array): boolean;
}
export const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** Decodes a committed base64 module (atob exists in Node 16+ and every browser). */
export function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let j = 0; j < bin.length; j++) out[j] = bin.charCodeAt(j);
  return out;
}
