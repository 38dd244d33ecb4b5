// Loads the shipped CDNOW summary fixture (see fixtures/cdnow/README.md) into typed columns.
import { readFileSync } from 'node:fs';

export interface CdnowColumns {
  id: Float64Array;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  zbar: Float64Array;
}

export function loadCdnow(): CdnowColumns {
  const text = readFileSync(
    new URL('../fixtures/cdnow/cdnow_customers_summary.csv', import.meta.url),
    'utf8',
  );
  const lines = text.trim().split('\n');
  if (lines[0]!.trim() !== 'ID,x,t_x,T,zbar') throw new Error(`unexpected header ${lines[0]}`);
  const n = lines.length - 1;
  const cols = {
    id: new Float64Array(n),
    x: new Float64Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    zbar: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const f = lines[i + 1]!.split(',');
    cols.id[i] = Number(f[0]);
    cols.x[i] = Number(f[1]);
    cols.tx[i] = Number(f[2]);
    cols.T[i] = Number(f[3]);
    cols.zbar[i] = Number(f[4]);
  }
  return cols;
}
