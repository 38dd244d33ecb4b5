import { Utf8Check } from './utf8-check.js';

/** One text line with its 1-based line number (line endings removed). */
export interface TextLine {
  line: number;
  text: string;
  /** Set when the line's bytes were not UTF-8 (decoded with U+FFFD in their place; see utf8-check.ts). */
  invalidUtf8?: true;
}

/**
 * Splits a byte or text stream into lines without holding more than one chunk and a partial line; the
 * complete lines of each chunk come together (one await per chunk, not per line).
 * Bytes are decoded with `encoding` (latin-1 files such as MovieLens' u.item need 'latin1').
 */
export async function* readLines(
  input: AsyncIterable<string | Buffer>,
  encoding: BufferEncoding = 'utf8',
): AsyncIterable<TextLine[]> {
  const latin1 = encoding === 'latin1';
  const decoder = new TextDecoder(latin1 ? 'latin1' : 'utf-8');
  // Latin-1 decodes every byte: only UTF-8 can meet bytes it cannot read.
  const utf8 = latin1 ? null : new Utf8Check();
  const textLine = (line: number, text: string): TextLine =>
    utf8?.replaced(text) ? { line, text, invalidUtf8: true } : { line, text };
  let rest = '';
  let line = 0;
  for await (const chunk of input) {
    let decoded: string;
    if (typeof chunk === 'string') decoded = chunk;
    else {
      decoded = decoder.decode(chunk, { stream: true });
      utf8?.see(chunk, decoded);
    }
    const text = rest + decoded;
    const lines: TextLine[] = [];
    let start = 0;
    let nl = text.indexOf('\n', start);
    while (nl !== -1) {
      line++;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      lines.push(textLine(line, text.slice(start, end)));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    rest = text.slice(start);
    if (lines.length > 0) yield lines;
  }
  const last = decoder.decode();
  utf8?.see(new Uint8Array(0), last); // a character cut short at the end of the file
  rest += last;
  if (rest.length > 0) {
    line++;
    yield [textLine(line, rest.endsWith('\r') ? rest.slice(0, -1) : rest)];
  }
}
