import { isUtf8 } from 'node:buffer';

/** The reason of a row whose bytes are not UTF-8 (a file in another encoding, such as Latin-1 or Windows-1252). */
export const INVALID_UTF8 = 'invalid UTF-8';

const REPLACEMENT = '\ufffd';

/**
 * Tells rows decoded from bytes that are not UTF-8 from the rest. Decoding replaces such bytes with
 * U+FFFD; a valid file may hold U+FFFD too, so the bytes of a chunk whose text holds one are checked
 * (`isUtf8`), and only then: text without U+FFFD, every chunk of a valid file but a rare one, costs one
 * search (none at all for ASCII text, which cannot hold it). Once a chunk is found not to be UTF-8, any
 * row holding U+FFFD is taken for one of its bytes that were replaced.
 */
export class Utf8Check {
  private invalid = false;

  /** Notes the chunk `bytes`, which decoded (as a stream) to `text`. */
  see(bytes: Uint8Array, text: string): void {
    if (!this.invalid && text.includes(REPLACEMENT)) this.invalid = !isUtf8(wholeCharacters(bytes));
  }

  /** Whether the row text `raw` holds a character that stood for bytes that were not UTF-8. */
  replaced(raw: string): boolean {
    return this.invalid && raw.includes(REPLACEMENT);
  }
}

/**
 * `bytes` without a character cut at either end (a stream's chunk may start inside one and end inside
 * another): continuation bytes at its start and an incomplete sequence at its end are left out.
 */
function wholeCharacters(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < 3 && start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start++;
  let end = bytes.length;
  for (let k = end - 1; k >= Math.max(start, end - 3); k--) {
    const b = bytes[k]!;
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (k + length > end) end = k;
    break;
  }
  return bytes.subarray(start, end);
}
