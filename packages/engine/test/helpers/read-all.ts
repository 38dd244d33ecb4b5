import { createReadStream } from 'node:fs';
import type { FormatReader, ParsedRow } from '../../src/import/index.js';

export const fixture = (name: string): string => new URL(`../fixtures/${name}`, import.meta.url).pathname;

/** Runs a format reader over a fixture file and collects its rows. */
export async function readAll(reader: FormatReader, name: string): Promise<ParsedRow[]> {
  const path = fixture(name);
  const rows: ParsedRow[] = [];
  for await (const chunk of reader(createReadStream(path), path)) rows.push(...chunk);
  return rows;
}

/** `line:field:reason` for every problem of every rejected row, in file order. */
export function problemsOf(rows: readonly ParsedRow[]): string[] {
  return rows.flatMap((r) => (r.problems ?? []).map((p) => `${r.line}:${p.field}:${p.reason}`));
}
