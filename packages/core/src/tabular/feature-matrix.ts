/**
 * A dense feature matrix: row-major Float64Array, one row per example, one column per feature.
 * `NaN` marks a missing value; models that cannot handle missing values say so.
 */
export interface FeatureMatrix {
  readonly data: Float64Array;
  readonly nRows: number;
  readonly nCols: number;
  /** One name per column (e.g. `Month=Feb` for a one-hot column). */
  readonly columns: readonly string[];
}

/** Wraps row-major data as a matrix, checking the shape; columns default to `x0, x1, ...`. */
export function createFeatureMatrix(
  data: Float64Array,
  nRows: number,
  nCols: number,
  columns?: readonly string[],
): FeatureMatrix {
  if (!Number.isInteger(nRows) || !Number.isInteger(nCols) || nRows < 0 || nCols < 0) {
    throw new Error(`bad matrix shape ${nRows} x ${nCols}`);
  }
  if (data.length !== nRows * nCols) {
    throw new Error(`matrix data has ${data.length} values, expected ${nRows} x ${nCols} = ${nRows * nCols}`);
  }
  const names = columns ?? Array.from({ length: nCols }, (_, j) => `x${j}`);
  if (names.length !== nCols) throw new Error(`${names.length} column names for ${nCols} columns`);
  return { data, nRows, nCols, columns: names };
}

/** A matrix from an array of equal-length rows (tests, small inputs). */
export function matrixFromRows(
  rows: readonly (readonly number[])[],
  columns?: readonly string[],
): FeatureMatrix {
  const nRows = rows.length;
  const nCols = nRows > 0 ? rows[0]!.length : (columns?.length ?? 0);
  const data = new Float64Array(nRows * nCols);
  for (let i = 0; i < nRows; i++) {
    const row = rows[i]!;
    if (row.length !== nCols) throw new Error(`row ${i} has ${row.length} values, expected ${nCols}`);
    for (let j = 0; j < nCols; j++) data[i * nCols + j] = row[j]!;
  }
  return createFeatureMatrix(data, nRows, nCols, columns);
}

/** The given rows, in the given order, as a new matrix. */
export function selectRows(matrix: FeatureMatrix, rows: ArrayLike<number>): FeatureMatrix {
  const { nCols } = matrix;
  const data = new Float64Array(rows.length * nCols);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!(r >= 0 && r < matrix.nRows)) throw new Error(`row ${r} out of range 0..${matrix.nRows - 1}`);
    data.set(matrix.data.subarray(r * nCols, (r + 1) * nCols), i * nCols);
  }
  return { data, nRows: rows.length, nCols, columns: matrix.columns };
}

/** Elements of a per-row array (labels, weights) at the given rows. */
export function selectValues<T extends Float64Array | Uint8Array | Int32Array>(
  values: T,
  rows: ArrayLike<number>,
): T {
  const Ctor = values.constructor as new (n: number) => T;
  const out = new Ctor(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}

/** One column as a new array. */
export function getColumn(matrix: FeatureMatrix, j: number): Float64Array {
  const { nRows, nCols, data } = matrix;
  if (!(j >= 0 && j < nCols)) throw new Error(`column ${j} out of range 0..${nCols - 1}`);
  const out = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) out[i] = data[i * nCols + j]!;
  return out;
}

/** True if any value is NaN. */
export function hasMissing(matrix: FeatureMatrix): boolean {
  const { data } = matrix;
  for (let i = 0; i < data.length; i++) if (Number.isNaN(data[i])) return true;
  return false;
}
