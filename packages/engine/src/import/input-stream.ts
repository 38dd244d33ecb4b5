import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ImportInputError } from './errors.js';

export interface OpenedInput {
  /** Decompressed bytes of the file. */
  stream: Readable;
  /** Size of the file on disk. */
  totalBytes: number;
  /** Bytes of the file on disk read so far. */
  bytesRead: () => number;
  gzipped: boolean;
}

/**
 * Spreadsheets and archives that shop data is often downloaded as (UCI's Online Retail files are .xlsx),
 * by their first bytes: none of them is text an import can read.
 */
const NOT_TEXT: readonly { magic: readonly number[]; what: string }[] = [
  {
    magic: [0x50, 0x4b, 0x03, 0x04],
    what: 'a ZIP archive (an Excel .xlsx workbook, or a zipped download): save the sheet as CSV (UTF-8), or unzip it',
  },
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0],
    what: 'an Excel .xls workbook: save the sheet as CSV (UTF-8)',
  },
];

/**
 * Opens a file for streaming, decompressing it when it starts with the gzip magic bytes (1f 8b). Fails
 * on a spreadsheet or ZIP archive (NOT_TEXT), saying what to do instead.
 */
export async function openInput(path: string): Promise<OpenedInput> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ImportInputError(`not a file: ${path}`);
    size = info.size;
  } catch (error) {
    if (error instanceof ImportInputError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new ImportInputError(`file not found: ${path}`);
    throw new ImportInputError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  if (size === 0) throw new ImportInputError(`file is empty: ${path}`);
  const head = Buffer.alloc(4);
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, 4, 0);
  } finally {
    await handle.close();
  }
  const binary = NOT_TEXT.find(({ magic }) => magic.every((byte, i) => head[i] === byte));
  if (binary !== undefined) throw new ImportInputError(`${path} is ${binary.what}`);
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  // Counted by the stream itself: a 'data' listener here would start the flow before anyone reads.
  const read = () => file.bytesRead;
  if (!gzipped) return { stream: file, totalBytes: size, bytesRead: read, gzipped };
  // Output in 64 KB pieces rather than zlib's 16 KB: a quarter of the chunks for the readers to await.
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  file.on('error', (error) => gunzip.destroy(error));
  gunzip.on('error', () => file.destroy());
  const stream = file.pipe(gunzip);
  return { stream, totalBytes: size, bytesRead: read, gzipped };
}

/**
 * Whether `error` came from decompressing a gzipped input (zlib's codes start with Z_): a file cut short
 * (`unexpected end of file`) or not gzip data after its magic bytes.
 */
export function isDecompressError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/** Runs `read` over the input of `path`; a decompression error comes out naming the file. */
export async function naming<T>(path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isDecompressError(error))
      throw new ImportInputError(`${path}: cannot decompress: ${error.message} (is the file complete?)`);
    throw error;
  }
}
