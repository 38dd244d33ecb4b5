/** One text line with its 1-based line number (line endings removed). */
export interface TextLine {
  line: number;
  text: string;
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
  const decoder = new TextDecoder(encoding === 'latin1' ? 'latin1' : 'utf-8');
  let rest = '';
  let line = 0;
  for await (const chunk of input) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    const lines: TextLine[] = [];
    let start = 0;
    let nl = text.indexOf('\n', start);
    while (nl !== -1) {
      line++;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      lines.push({ line, text: text.slice(start, end) });
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    rest = text.slice(start);
    if (lines.length > 0) yield lines;
  }
  rest += decoder.decode();
  if (rest.length > 0) {
    line++;
    yield [{ line, text: rest.endsWith('\r') ? rest.slice(0, -1) : rest }];
  }
}
