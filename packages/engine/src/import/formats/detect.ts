import { ImportInputError } from '../errors.js';
import { openInput } from '../input-stream.js';
import { quoteInput } from '../quote-input.js';
import type { ImportFormat } from '../types.js';
import { EVENT_COLUMNS_REQUIRED } from './events-fields.js';
import { isRatingsFirstLine } from './movielens.js';
import { isRetailHeader } from './online-retail.js';
import { csvDelimiter } from './table.js';

/** How much of a file detectFormat reads at most for its first line. */
const FIRST_LINE_BYTES = 64 * 1024;

/**
 * The import format of a file (gzipped or not), told by its first line: Online Retail's header (I or II:
 * InvoiceNo or Invoice, and StockCode), a MovieLens ratings file (ratings.csv's header, or a u.data or
 * ratings.dat line), NDJSON or a CSV header with `type` and `timestamp`, separated by commas, semicolons
 * or tabs (events). Fails, quoting the line, when it is none of them; the format's reader then checks the
 * whole layout as always.
 */
export async function detectFormat(path: string): Promise<ImportFormat> {
  const line = await firstLine(path);
  const format = formatOfFirstLine(line);
  if (format !== null) return format;
  if (/(^|,)\s*"?movieid"?\s*(,|$)/i.test(line))
    throw new ImportInputError(
      `${path} is one of MovieLens's other files (${quoteInput(line.trim(), 200)}), not its ratings: import the ratings ` +
        'file beside it (ratings.csv, ratings.dat or u.data), which reads the movie list from the same folder',
    );
  throw new ImportInputError(
    `cannot tell the format of ${path} from its first line (${line.trim() === '' ? 'empty' : quoteInput(line, 200)}): ` +
      'give --format online-retail, events or movielens (docs/import-formats.md)',
  );
}

/** The format a file with this first line is in, or null (see detectFormat). */
export function formatOfFirstLine(line: string): ImportFormat | null {
  const text = line.replace(/^\uFEFF/, '').trim();
  if (text.startsWith('{')) return 'events';
  if (isRatingsFirstLine(text)) return 'movielens';
  const names = new Set(
    text.split(',').map((name) => name.trim().replace(/^"|"$/g, '').trim().toLowerCase()),
  );
  if (isRetailHeader(names)) return 'online-retail';
  if (csvDelimiter(text, EVENT_COLUMNS_REQUIRED) !== null) return 'events';
  return null;
}

/** The file's first line, decompressed (at most FIRST_LINE_BYTES of it). */
async function firstLine(path: string): Promise<string> {
  const input = await openInput(path);
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of input.stream as AsyncIterable<Buffer>) {
      const end = chunk.indexOf(0x0a);
      chunks.push(end >= 0 ? chunk.subarray(0, end) : chunk);
      length += chunk.length;
      if (end >= 0 || length >= FIRST_LINE_BYTES) break;
    }
  } finally {
    input.stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, FIRST_LINE_BYTES).toString('utf8').replace(/\r$/, '');
}
