/**
 * Customer profiles (`scanCustomerProfiles`) as the feature matrix of purchase-propensity models, and the
 * scaling fitted on the training rows: signed log1p of the heavy-tailed columns (counts, money, days),
 * missing values (recency and price of customers without any) imputed with the training mean, then
 * z-scores. Trees do not need the scaling but are not hurt by it (the transforms are monotone), so every
 * model gets the same features.
 */
import { createFeatureMatrix, type FeatureMatrix } from '@storewise/core';
import {
  PROFILE_COLUMNS,
  type ProfileScanOptions,
  type Storage,
  scanCustomerProfiles,
} from '@storewise/storage';

/** Profile columns left on their own scale (rates in [0, 1] or near it); the other columns get log1p. */
const LINEAR_COLUMNS = new Set<string>(['viewToCartRate', 'cartToPurchaseRate']);

/** The feature names of profiles with these share categories: the profile columns, then `share:<category>`. */
export function profileFeatureNames(categories: readonly string[]): string[] {
  return [...PROFILE_COLUMNS, ...categories.map((c) => `share:${c}`)];
}

/** The default "now" of profiles and training: just after the latest stored event. */
export async function latestEventAsOf(storage: Storage, purpose = 'to profile'): Promise<Date> {
  const { lastEventAt } = await storage.counts();
  if (!lastEventAt) throw new Error(`the store has no events ${purpose}`);
  return new Date(lastEventAt.getTime() + 1);
}

export interface ProfileRows {
  customerIds: string[];
  customerIndex: Int32Array;
  /** The share categories of the scan (the shop's top ones, or those asked for). */
  categories: readonly string[];
  /** Raw (unscaled) features, one row per customer. */
  x: FeatureMatrix;
  /** Profiles left out because their customer was in `exclude`. */
  excluded: number;
}

/** Every profile as of `options.asOf` as one matrix, leaving out the customers in `exclude` (by index). */
export async function readProfileRows(
  storage: Storage,
  options: ProfileScanOptions,
  exclude: ReadonlySet<number> = new Set(),
): Promise<ProfileRows> {
  const customerIds: string[] = [];
  const indexes: number[] = [];
  const rows: Float64Array[] = [];
  let excluded = 0;
  let categories: readonly string[] = options.categories ?? [];
  for await (const b of scanCustomerProfiles(storage, options)) {
    categories = b.categories;
    const k = categories.length;
    for (let i = 0; i < b.length; i++) {
      if (exclude.has(b.customerIndex[i]!)) {
        excluded++;
        continue;
      }
      const row = new Float64Array(PROFILE_COLUMNS.length + k);
      PROFILE_COLUMNS.forEach((column, j) => {
        row[j] = b[column][i]!;
      });
      row.set(b.categoryShare.subarray(i * k, (i + 1) * k), PROFILE_COLUMNS.length);
      rows.push(row);
      customerIds.push(b.customerId[i]!);
      indexes.push(b.customerIndex[i]!);
    }
  }
  const names = profileFeatureNames(categories);
  const data = new Float64Array(rows.length * names.length);
  rows.forEach((row, i) => {
    data.set(row, i * names.length);
  });
  return {
    customerIds,
    customerIndex: Int32Array.from(indexes),
    categories,
    x: createFeatureMatrix(data, rows.length, names.length, names),
    excluded,
  };
}

/** The named columns of `x`, in that order; an unknown name is an error listing the available ones. */
export function selectFeatures(x: FeatureMatrix, names: readonly string[]): FeatureMatrix {
  if (names.length === x.nCols && names.every((n, j) => x.columns[j] === n)) return x;
  const at = names.map((name) => {
    const j = x.columns.indexOf(name);
    if (j < 0) throw new Error(`unknown feature "${name}": the profiles have ${x.columns.join(', ')}`);
    return j;
  });
  const data = new Float64Array(x.nRows * at.length);
  for (let i = 0; i < x.nRows; i++)
    for (let k = 0; k < at.length; k++) data[i * at.length + k] = x.data[i * x.nCols + at[k]!]!;
  return createFeatureMatrix(data, x.nRows, at.length, names);
}

export interface FeatureScalerJSON {
  log1p: boolean[];
  mean: number[];
  scale: number[];
}

const signedLog1p = (v: number) => Math.sign(v) * Math.log1p(Math.abs(v));

/** log1p (signed) on the heavy-tailed columns, mean imputation of NaN, z-scores; fitted on training rows. */
export class FeatureScaler {
  private constructor(private readonly params: FeatureScalerJSON) {}

  static fit(x: FeatureMatrix): FeatureScaler {
    const log1p = x.columns.map((name) => !LINEAR_COLUMNS.has(name) && !name.startsWith('share:'));
    const mean: number[] = [];
    const scale: number[] = [];
    for (let j = 0; j < x.nCols; j++) {
      let s = 0;
      let n = 0;
      for (let i = 0; i < x.nRows; i++) {
        const v = x.data[i * x.nCols + j]!;
        if (Number.isNaN(v)) continue;
        s += log1p[j] ? signedLog1p(v) : v;
        n++;
      }
      const mu = n > 0 ? s / n : 0;
      let ss = 0;
      for (let i = 0; i < x.nRows; i++) {
        const v = x.data[i * x.nCols + j]!;
        const t = (Number.isNaN(v) ? mu : log1p[j] ? signedLog1p(v) : v) - mu;
        ss += t * t;
      }
      const sd = x.nRows > 0 ? Math.sqrt(ss / x.nRows) : 0;
      mean.push(mu);
      scale.push(sd > 0 ? sd : 1);
    }
    return new FeatureScaler({ log1p, mean, scale });
  }

  static fromJSON(json: FeatureScalerJSON): FeatureScaler {
    return new FeatureScaler(json);
  }

  toJSON(): FeatureScalerJSON {
    return this.params;
  }

  transform(x: FeatureMatrix): FeatureMatrix {
    const { log1p, mean, scale } = this.params;
    if (x.nCols !== mean.length)
      throw new Error(`the profiles have ${x.nCols} features; the scaler was fitted on ${mean.length}`);
    const out = new Float64Array(x.data.length);
    for (let i = 0; i < x.nRows; i++) {
      for (let j = 0; j < x.nCols; j++) {
        const v = x.data[i * x.nCols + j]!;
        const t = Number.isNaN(v) ? mean[j]! : log1p[j] ? signedLog1p(v) : v;
        out[i * x.nCols + j] = (t - mean[j]!) / scale[j]!;
      }
    }
    return createFeatureMatrix(out, x.nRows, x.nCols, x.columns);
  }
}
