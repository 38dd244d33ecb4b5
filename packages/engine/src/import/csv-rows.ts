import { type CsvError, parse } from 'csv-parse';

/** One CSV record with where it sat; `fields` is null when the record itself could not be parsed. */
export interface CsvRow {
  line: number;
  raw: string;
  fields: string[] | null;
  error: string | null;
}

interface ParsedRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

/**
 * Streams CSV records (header included, as the first row) with csv-parse. A record csv-parse cannot
 * read (e.g. an unclosed quote) is yielded with `fields: null` and the parser's message instead of
 * stopping the file.
 */
export async function* readCsvRows(
  input: AsyncIterable<string | Buffer>,
  delimiter = ',',
): AsyncIterable<CsvRow> {
  const parser = parse({
    delimiter,
    bom: true,
    info: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  });
  const skipped: CsvRow[] = [];
  parser.on('skip', (error: CsvError & { lines?: number; raw?: string }) => {
    skipped.push({
      line: error.lines ?? 0,
      raw: typeof error.raw === 'string' ? error.raw : '',
      fields: null,
      error: error.message,
    });
  });
  const feeding = feed(input, parser);
  try {
    for await (const item of parser as AsyncIterable<ParsedRecord>) {
      while (skipped.length > 0) yield skipped.shift()!;
      yield { line: item.info.lines, raw: trimEol(item.raw), fields: item.record, error: null };
    }
    while (skipped.length > 0) yield skipped.shift()!;
    await feeding;
  } finally {
    parser.destroy();
  }
}

async function feed(input: AsyncIterable<string | Buffer>, parser: ReturnType<typeof parse>): Promise<void> {
  try {
    for await (const chunk of input) {
      if (!parser.write(chunk)) await new Promise<void>((resolve) => parser.once('drain', resolve));
    }
    parser.end();
  } catch (error) {
    parser.destroy(error as Error);
  }
}

function trimEol(raw: string): string {
  let end = raw.length;
  while (end > 0 && (raw.charCodeAt(end - 1) === 10 || raw.charCodeAt(end - 1) === 13)) end--;
  return end === raw.length ? raw : raw.slice(0, end);
}
