import { openInput } from '../import/input-stream.js';
import type { LifetimeInput } from './lifetime-value.js';

/** A per-customer summary read from a file: ids (or row numbers) and the model columns. */
export interface SummaryFile extends LifetimeInput {
  ids: string[];
  /** Which header was found: lifetimes' names or the paper's. */
  columns: 'x,t_x,T,zbar' | 'frequency,recency,T,monetary_value';
}

const LAYOUTS = [
  { name: 'x,t_x,T,zbar', x: 'x', tx: 't_x', T: 'T', m: 'zbar' },
  { name: 'frequency,recency,T,monetary_value', x: 'frequency', tx: 'recency', T: 'T', m: 'monetary_value' },
] as const;
const ID_COLUMNS = ['id', 'customer_id', 'customerid', 'customer'];

/**
 * Parses a per-customer summary CSV (comma-separated, a header row) with the columns x, t_x, T, zbar (the
 * BG/NBD paper's names) or frequency, recency, T, monetary_value (lifetimes' names), and optionally an id
 * column (ID, id, customer_id or customer). Every value must be a finite number >= 0, x a whole number,
 * t_x <= T, and t_x 0 where x is 0; a bad value throws an error naming the line and the column.
 */
export function parseSummaryCsv(text: string, source = 'summary'): SummaryFile {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const layout = LAYOUTS.find((l) => [l.x, l.tx, l.T, l.m].every((c) => header.includes(c)));
  if (!layout)
    throw new Error(
      `${source}: line 1: the header must have the columns x, t_x, T, zbar or frequency, recency, T, monetary_value (found ${header.join(', ')})`,
    );
  const col = {
    x: header.indexOf(layout.x),
    tx: header.indexOf(layout.tx),
    T: header.indexOf(layout.T),
    m: header.indexOf(layout.m),
  };
  const idCol = header.findIndex((h) => ID_COLUMNS.includes(h.toLowerCase()));
  const rows = lines.slice(1).filter((l) => l.trim() !== '');
  const n = rows.length;
  const out: SummaryFile = {
    ids: new Array<string>(n),
    x: new Float64Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    m: new Float64Array(n),
    columns: layout.name,
  };
  let r = 0;
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k]!;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    const num = (field: keyof typeof col): number => {
      const name = layout[field];
      const cell = cells[col[field]];
      const v = cell === undefined || cell.trim() === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(v) || v < 0)
        throw new Error(
          `${source}: line ${k + 1}, column ${name}: expected a number >= 0 (got "${cell ?? ''}")`,
        );
      return v;
    };
    out.x[r] = num('x');
    out.tx[r] = num('tx');
    out.T[r] = num('T');
    out.m[r] = num('m');
    const at = (column: string) => `${source}: line ${k + 1}, column ${column}`;
    // The model's own checks, here where the line and column can be named.
    if (!Number.isInteger(out.x[r]!))
      throw new Error(
        `${at(layout.x)}: the number of repeat purchases must be a whole number (got ${out.x[r]})`,
      );
    if (out.tx[r]! > out.T[r]!) throw new Error(`${at(layout.tx)}: ${out.tx[r]} is after T = ${out.T[r]}`);
    if (out.x[r] === 0 && out.tx[r] !== 0)
      throw new Error(
        `${at(layout.tx)}: must be 0 when ${layout.x} is 0 (no repeat purchase, so no time of the last one; got ${out.tx[r]})`,
      );
    out.ids[r] = idCol >= 0 ? (cells[idCol] ?? '').trim() : String(r + 1);
    r++;
  }
  return out;
}

/** `parseSummaryCsv` on a file. */
export async function readSummaryCsv(path: string): Promise<SummaryFile> {
  // openInput names a missing or empty file and reads gzipped summaries as they are.
  const { stream } = await openInput(path);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return parseSummaryCsv(Buffer.concat(chunks).toString('utf8'), path);
}
