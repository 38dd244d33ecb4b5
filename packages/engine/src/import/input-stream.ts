import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
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
 * and UTF-16 text, by their first bytes: none of them is text an import can read.
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
  // Byte order marks of UTF-16 (Excel's "Unicode Text" is UTF-16 little-endian).
  {
    magic: [0xff, 0xfe],
    what: 'UTF-16 text: save it as CSV UTF-8, or convert it (iconv -f UTF-16 -t UTF-8)',
  },
  {
    magic: [0xfe, 0xff],
    what: 'UTF-16 text: save it as CSV UTF-8, or convert it (iconv -f UTF-16 -t UTF-8)',
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
  if (!gzipped) return { stream: withLfLineEnds(file, path), totalBytes: size, bytesRead: read, gzipped };
  // Output in 256 KB pieces rather than zlib's 16 KB: a sixteenth of the chunks for the readers to await
  // (and of the records cut at a chunk's end). 64 KB, session 6's choice, read Online Retail in 0.81-0.84 s
  // at best against 0.79 s (pnpm bench import-worker --runs 4, three pairs on a quiet machine, session 24).
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  file.on('error', (error) => gunzip.destroy(error));
  gunzip.on('error', () => file.destroy());
  return { stream: withLfLineEnds(file.pipe(gunzip), path), totalBytes: size, bytesRead: read, gzipped };
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * The bytes of `source`, with every carriage return that is not followed by a line feed turned into a line
 * feed: lines ended by a carriage return alone (classic Mac OS, still written by Excel for Mac's "CSV
 * (Macintosh)"), also mixed with other line ends in one file (a header written by one program, rows
 * appended by another), are then lines to every reader, as Python's csv module and pandas read them. A
 * carriage return inside a quoted value becomes a line feed too. Windows' CR LF passes unchanged, and a
 * piece with no carriage return passes as it came. Decompressed text that is UTF-16 (its byte order mark)
 * is refused as a plain file's is.
 */
function withLfLineEnds(source: Readable, path: string): Readable {
  async function* lines(): AsyncGenerator<Buffer> {
    let first = true;
    // The last piece ended in a carriage return, held back until the next byte tells what it ends.
    let heldCr = false;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        if (chunk.length === 0) continue;
        if (first) {
          first = false;
          // A gzipped file's text is seen here first: UTF-16 inside one is told as the file's first bytes are.
          const utf16 = NOT_TEXT.find(
            ({ magic }) => magic.length === 2 && magic.every((b, i) => chunk[i] === b),
          );
          if (utf16 !== undefined) throw new ImportInputError(`${path} is ${utf16.what}`);
        }
        let piece = chunk;
        if (heldCr) {
          piece = Buffer.concat([Buffer.of(chunk[0] === LF ? CR : LF), chunk]);
          heldCr = false;
        }
        let copy: Buffer | null = null;
        for (let at = piece.indexOf(CR); at >= 0; at = piece.indexOf(CR, at + 1)) {
          if (at === piece.length - 1) {
            heldCr = true;
            break;
          }
          if (piece[at + 1] === LF) continue;
          copy ??= Buffer.from(piece);
          copy[at] = LF;
        }
        const out = copy ?? piece;
        yield heldCr ? out.subarray(0, out.length - 1) : out;
      }
      if (heldCr) yield Buffer.of(LF);
    } finally {
      source.destroy();
    }
  }
  return Readable.from(lines());
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
