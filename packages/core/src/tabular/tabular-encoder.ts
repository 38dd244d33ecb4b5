import { createFeatureMatrix, type FeatureMatrix } from './feature-matrix.js';

/**
 * Turns already-parsed string records (e.g. rows of a CSV file) into a dense feature matrix, and applies
 * the same transform to new rows:
 * - numeric columns are standardized (mean 0, population standard deviation 1, as scikit-learn's
 *   StandardScaler);
 * - boolean columns (true/false, yes/no) become 0/1;
 * - categorical columns are one-hot encoded, categories in sorted order (a category unseen at fit time,
 *   or a missing one, gives all zeros, as OneHotEncoder(handle_unknown='ignore'));
 * - missing numeric and boolean values are imputed with the column mean (`impute: 'mean'`, which is 0
 *   after standardization) or the median, or left as NaN (`impute: 'none'`) for models that route them.
 */
export type ColumnKind = 'numeric' | 'boolean' | 'categorical';

export type StringRecord = Readonly<Record<string, string | null | undefined>>;

export interface TabularEncoderOptions {
  /** Columns to encode, in order; default: every column of the first record except `exclude`. */
  columns?: readonly string[];
  /** Columns to leave out (the label, ids). */
  exclude?: readonly string[];
  /** Force a column's kind instead of inferring it. */
  kinds?: Readonly<Record<string, ColumnKind>>;
  /** Standardize numeric columns (default true). */
  standardize?: boolean;
  /** How to fill missing numeric/boolean values (default 'mean'). */
  impute?: 'mean' | 'median' | 'none';
  /** Strings read as missing, compared after trimming, case-insensitively (default '', na, nan, null, none, ?). */
  missingTokens?: readonly string[];
  /** Keep at most this many categories per column, the most frequent (ties by name); others encode as zeros. */
  maxCategories?: number;
}

export interface EncodedColumn {
  name: string;
  kind: ColumnKind;
  /** numeric: the subtracted centre; boolean: 0. */
  center?: number;
  /** numeric: the divisor (1 when not standardizing or when the column is constant). */
  scale?: number;
  /** numeric/boolean: the value written for a missing entry, in raw units (NaN when `impute: 'none'`). */
  fill?: number;
  /** categorical: the categories, in the order of their one-hot columns. */
  categories?: string[];
}

export interface TabularEncoderJSON {
  version: 1;
  columns: EncodedColumn[];
  missingTokens: string[];
}

/** The texts read as missing by default (compared trimmed and case-insensitively). */
export const DEFAULT_MISSING_TOKENS: readonly string[] = ['', 'na', 'n/a', 'nan', 'null', 'none', '?'];
const DEFAULT_MISSING = DEFAULT_MISSING_TOKENS;
const TRUE_TOKENS = new Set(['true', 'yes', 't', 'y']);
const FALSE_TOKENS = new Set(['false', 'no', 'f', 'n']);

export class TabularEncoder {
  readonly columns: readonly EncodedColumn[];
  /** The names of the output columns, e.g. `Administrative`, `Month=Feb`, `Weekend`. */
  readonly featureNames: readonly string[];
  readonly #missing: Set<string>;
  readonly #categoryIndex: (Map<string, number> | null)[];

  private constructor(columns: EncodedColumn[], missingTokens: readonly string[]) {
    this.columns = columns;
    this.#missing = new Set(missingTokens.map((t) => t.toLowerCase()));
    this.featureNames = columns.flatMap((c) =>
      c.kind === 'categorical' ? c.categories!.map((v) => `${c.name}=${v}`) : [c.name],
    );
    this.#categoryIndex = columns.map((c) =>
      c.kind === 'categorical' ? new Map(c.categories!.map((v, i) => [v, i])) : null,
    );
  }

  /** Learns column kinds, scales and categories from `records`. */
  static fit(records: readonly StringRecord[], options: TabularEncoderOptions = {}): TabularEncoder {
    const missingTokens = (options.missingTokens ?? DEFAULT_MISSING).map((t) => t.toLowerCase());
    const missing = new Set(missingTokens);
    const exclude = new Set(options.exclude ?? []);
    const names = (options.columns ?? Object.keys(records[0] ?? {})).filter((c) => !exclude.has(c));
    const standardize = options.standardize ?? true;
    const impute = options.impute ?? 'mean';
    const columns = names.map((name) => {
      const values = records.map((r) => {
        const v = r[name];
        return v === null || v === undefined ? '' : v.trim();
      });
      const present = values.filter((v) => !missing.has(v.toLowerCase()));
      const kind = options.kinds?.[name] ?? inferKind(present);
      if (kind === 'categorical') {
        return { name, kind, categories: pickCategories(present, options.maxCategories) } as EncodedColumn;
      }
      const nums = present.map((v) => (kind === 'boolean' ? parseBoolean(v, name) : parseNumber(v, name)));
      const { mean, std, median } = describe(nums);
      const fill = impute === 'none' ? Number.NaN : impute === 'median' ? median : mean;
      if (kind === 'boolean') return { name, kind, center: 0, scale: 1, fill } as EncodedColumn;
      return {
        name,
        kind,
        center: standardize ? mean : 0,
        scale: standardize && std > 0 ? std : 1,
        fill,
      } as EncodedColumn;
    });
    return new TabularEncoder(columns, missingTokens);
  }

  static fromJSON(json: TabularEncoderJSON): TabularEncoder {
    if (json.version !== 1)
      throw new Error(`tabular encoder format version ${json.version} is not supported`);
    return new TabularEncoder(json.columns, json.missingTokens);
  }

  toJSON(): TabularEncoderJSON {
    return { version: 1, columns: this.columns.map((c) => ({ ...c })), missingTokens: [...this.#missing] };
  }

  /** Encodes records with the fitted transform. */
  transform(records: readonly StringRecord[]): FeatureMatrix {
    const nCols = this.featureNames.length;
    const data = new Float64Array(records.length * nCols);
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      let j = i * nCols;
      for (let c = 0; c < this.columns.length; c++) {
        const col = this.columns[c]!;
        const raw = record[col.name];
        const text = raw === null || raw === undefined ? '' : raw.trim();
        const isMissing = this.#missing.has(text.toLowerCase());
        if (col.kind === 'categorical') {
          const index = isMissing ? undefined : this.#categoryIndex[c]!.get(text);
          if (index !== undefined) data[j + index] = 1;
          j += col.categories!.length;
          continue;
        }
        const value = isMissing
          ? col.fill!
          : col.kind === 'boolean'
            ? parseBoolean(text, col.name)
            : parseNumber(text, col.name);
        data[j++] = (value - col.center!) / col.scale!;
      }
    }
    return createFeatureMatrix(data, records.length, nCols, this.featureNames);
  }
}

function inferKind(present: readonly string[]): ColumnKind {
  if (present.length === 0) return 'numeric';
  let boolean = true;
  let numeric = true;
  for (const v of present) {
    const lower = v.toLowerCase();
    if (boolean && !TRUE_TOKENS.has(lower) && !FALSE_TOKENS.has(lower)) boolean = false;
    if (numeric && !Number.isFinite(Number(v))) numeric = false;
    if (!boolean && !numeric) return 'categorical';
  }
  return numeric ? 'numeric' : 'boolean';
}

function parseNumber(text: string, column: string): number {
  const v = Number(text);
  if (text === '' || !Number.isFinite(v)) throw new Error(`column ${column}: "${text}" is not a number`);
  return v;
}

function parseBoolean(text: string, column: string): number {
  const lower = text.toLowerCase();
  if (TRUE_TOKENS.has(lower) || lower === '1') return 1;
  if (FALSE_TOKENS.has(lower) || lower === '0') return 0;
  throw new Error(`column ${column}: "${text}" is not a boolean`);
}

function pickCategories(present: readonly string[], maxCategories?: number): string[] {
  const counts = new Map<string, number>();
  for (const v of present) counts.set(v, (counts.get(v) ?? 0) + 1);
  let categories = [...counts.keys()].sort(compareStrings);
  if (maxCategories !== undefined && categories.length > maxCategories) {
    const kept = [...categories]
      .sort((a, b) => counts.get(b)! - counts.get(a)! || compareStrings(a, b))
      .slice(0, Math.max(0, maxCategories));
    categories = kept.sort(compareStrings);
  }
  return categories;
}

/** Code-unit order (as Python's sorted() on str), independent of locale. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(values: readonly number[]): { mean: number; std: number; median: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, std: 0, median: 0 };
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  const sorted = Float64Array.from(values).sort();
  const mid = n >> 1;
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { mean, std: Math.sqrt(ss / n), median };
}
