/**
 * Reads a tabular CSV (a header row, then one record per row; gzipped or not) into string records, for
 * models trained on any table. A row with a different number of fields than the header, or a broken
 * quote, is an error naming the file and line: a table with holes would silently shift columns.
 */
import { readCsvRows } from '../import/csv-rows.js';
import { ImportInputError } from '../import/errors.js';
import { naming, openInput } from '../import/input-stream.js';

export interface TabularFile {
  columns: string[];
  records: Record<string, string>[];
  /** The file line each record ends on (as the import names lines; a quoted field may span lines). */
  lines: number[];
}

export function readTabularFile(path: string): Promise<TabularFile> {
  return naming(path, () => readTabular(path));
}

async function readTabular(path: string): Promise<TabularFile> {
  const input = await openInput(path);
  let columns: string[] | null = null;
  const records: Record<string, string>[] = [];
  const lines: number[] = [];
  for await (const rows of readCsvRows(input.stream))
    for (const row of rows) {
      if (row.error !== null || row.fields === null) {
        throw new ImportInputError(`${path}: line ${row.line}: ${row.error ?? 'unreadable row'}`);
      }
      if (columns === null) {
        columns = row.fields.map((c) => c.trim());
        const seen = new Set<string>();
        for (const c of columns) {
          if (c === '') throw new ImportInputError(`${path}: line 1: the header has an empty column name`);
          if (seen.has(c)) throw new ImportInputError(`${path}: line 1: column "${c}" appears twice`);
          seen.add(c);
        }
        continue;
      }
      if (row.fields.length === 1 && row.fields[0] === '') continue; // a blank line
      if (row.fields.length !== columns.length) {
        throw new ImportInputError(
          `${path}: line ${row.line}: ${row.fields.length} fields where the header has ${columns.length}`,
        );
      }
      const record: Record<string, string> = {};
      columns.forEach((c, i) => {
        record[c] = row.fields![i]!;
      });
      records.push(record);
      lines.push(row.line);
    }
  if (columns === null) throw new ImportInputError(`${path}: no header row`);
  if (records.length === 0) throw new ImportInputError(`${path}: no data rows`);
  return { columns, records, lines };
}
