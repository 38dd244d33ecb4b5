/**
 * A small binary container for model bytes: a JSON header (name, format version, metadata, array
 * directory) followed by the typed arrays, each 8-byte aligned. Little-endian, as on every platform
 * Node and browsers run on.
 *
 * Layout: magic "SWM1" | u32 header length | header JSON (UTF-8) | padding | array bytes...
 */
export type ArtifactArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;

const MAGIC = 0x314d5753; // "SWM1" read as little-endian u32
const CTORS = { Float64Array, Float32Array, Int32Array, Uint32Array, Uint8Array } as const;
type ArrayTypeName = keyof typeof CTORS;

interface Header {
  name: string;
  formatVersion: number;
  meta: unknown;
  arrays: { key: string; type: ArrayTypeName; offset: number; length: number }[];
}

export interface DecodedArtifact<Meta> {
  name: string;
  formatVersion: number;
  meta: Meta;
  arrays: Record<string, ArtifactArray>;
}

const align8 = (n: number) => (n + 7) & ~7;

export function encodeArtifact(
  name: string,
  formatVersion: number,
  meta: unknown,
  arrays: Record<string, ArtifactArray> = {},
): Uint8Array {
  const entries: Header['arrays'] = [];
  let offset = 0;
  for (const [key, array] of Object.entries(arrays)) {
    entries.push({ key, type: array.constructor.name as ArrayTypeName, offset, length: array.length });
    offset = align8(offset + array.byteLength);
  }
  const headerBytes = new TextEncoder().encode(
    JSON.stringify({ name, formatVersion, meta, arrays: entries }),
  );
  const dataStart = align8(8 + headerBytes.length);
  const out = new Uint8Array(dataStart + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  for (const entry of entries) {
    const array = arrays[entry.key]!;
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), dataStart + entry.offset);
  }
  return out;
}

/** Decodes bytes made by `encodeArtifact`, checking that they hold the expected model and format version. */
export function decodeArtifact<Meta>(
  bytes: Uint8Array,
  expectedName: string,
  expectedVersion: number,
): DecodedArtifact<Meta> {
  if (bytes.byteLength < 8) throw new Error(`model bytes too short (${bytes.byteLength} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('not a Storewise model artifact (bad magic number)');
  const headerLength = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Header;
  if (header.name !== expectedName) {
    throw new Error(`model artifact is "${header.name}", expected "${expectedName}"`);
  }
  if (header.formatVersion !== expectedVersion) {
    throw new Error(
      `model artifact "${header.name}" has format version ${header.formatVersion}; this build reads version ${expectedVersion}`,
    );
  }
  const dataStart = align8(8 + headerLength);
  const arrays: Record<string, ArtifactArray> = {};
  for (const { key, type, offset, length } of header.arrays) {
    const Ctor = CTORS[type];
    if (!Ctor) throw new Error(`model artifact array "${key}" has unknown type ${type}`);
    const start = dataStart + offset;
    const end = start + length * Ctor.BYTES_PER_ELEMENT;
    if (end > bytes.byteLength)
      throw new Error(
        `model artifact array "${key}" runs past the end of its bytes (${end} > ${bytes.byteLength})`,
      );
    // A view where the bytes are aligned for the type (they are when they start at an 8-byte boundary, as
    // an array of their own does), else a copy: a stored model of 57 MB was copied twice on load (its
    // envelope, then its plugin's arrays), some 100 ms of a serving thread. The arrays then share the
    // bytes' buffer: models do not write to their arrays.
    const at = bytes.byteOffset + start;
    arrays[key] =
      at % Ctor.BYTES_PER_ELEMENT === 0
        ? new Ctor(bytes.buffer as ArrayBuffer, at, length)
        : new Ctor(bytes.slice(start, end).buffer, 0, length);
  }
  return { name: header.name, formatVersion: header.formatVersion, meta: header.meta as Meta, arrays };
}
