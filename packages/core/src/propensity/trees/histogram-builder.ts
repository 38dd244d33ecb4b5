import { TREES_WASM_BASE64 } from '../wasm/trees-kernels.generated.js';
import { buildFeatureHistogram, buildFourFeatureHistograms, type HistogramLayout } from './histogram.js';

/**
 * Builds a node's histograms over every feature (the hot loop of boosting and of CART without feature
 * sampling). The builder owns the tree's row permutation and the per-row channel arrays, so that the
 * WebAssembly version can keep them in its memory: callers fill `s1`/`s2`, the grower permutes `rows`.
 * The WebAssembly SIMD kernel and the TypeScript one add the same numbers in the same order, so their
 * histograms (and trees) are identical.
 */
export interface HistogramBuilder {
  readonly rows: Uint32Array;
  readonly s1: Float64Array;
  readonly s2: Float64Array;
  /** Zeroes `hist` (a node histogram in the layout) and adds rows[start..end) to every feature's part. */
  buildAll(start: number, end: number, hist: Float64Array): void;
}

/** The WebAssembly kernel where available (`backend` 'wasm'), else the TypeScript builder. */
export function createHistogramBuilder(
  codes: Uint8Array,
  nRows: number,
  layout: HistogramLayout,
  backend: 'wasm' | 'js' = 'wasm',
): HistogramBuilder {
  return (
    (backend === 'wasm' ? wasmBuilder(codes, nRows, layout) : null) ??
    new JsHistogramBuilder(codes, nRows, layout)
  );
}

export class JsHistogramBuilder implements HistogramBuilder {
  readonly rows: Uint32Array;
  readonly s1: Float64Array;
  readonly s2: Float64Array;
  readonly #codes: Uint8Array;
  readonly #nRows: number;
  readonly #layout: HistogramLayout;
  readonly #g1: Float64Array;
  readonly #g2: Float64Array;

  constructor(
    codes: Uint8Array,
    nRows: number,
    layout: HistogramLayout,
    rows: Uint32Array = new Uint32Array(nRows),
    s1: Float64Array = new Float64Array(nRows),
    s2: Float64Array = new Float64Array(nRows),
  ) {
    this.#codes = codes;
    this.#nRows = nRows;
    this.#layout = layout;
    this.rows = rows;
    this.s1 = s1;
    this.s2 = s2;
    this.#g1 = new Float64Array(rows.length);
    this.#g2 = new Float64Array(rows.length);
  }

  buildAll(start: number, end: number, hist: Float64Array): void {
    const { rows, s1, s2 } = this;
    const g1 = this.#g1;
    const g2 = this.#g2;
    for (let i = start, k = 0; i < end; i++, k++) {
      const r = rows[i]!;
      g1[k] = s1[r]!;
      g2[k] = s2[r]!;
    }
    hist.fill(0);
    const codes = this.#codes;
    const n = this.#nRows;
    const offset = this.#layout.offset;
    const nf = offset.length;
    let f = 0;
    for (; f + 4 <= nf; f += 4) {
      buildFourFeatureHistograms(
        codes,
        f * n,
        (f + 1) * n,
        (f + 2) * n,
        (f + 3) * n,
        rows,
        start,
        end,
        g1,
        g2,
        hist,
        offset[f]!,
        offset[f + 1]!,
        offset[f + 2]!,
        offset[f + 3]!,
      );
    }
    for (; f < nf; f++) buildFeatureHistogram(codes, f * n, rows, start, end, g1, g2, hist, offset[f]!);
  }
}

/** The WebAssembly API this module uses (typed here: core's TypeScript lib has no DOM types). */
interface WasmApi {
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

type BuildHistograms = (
  codes: number,
  nRows: number,
  rows: number,
  start: number,
  end: number,
  s1: number,
  s2: number,
  gh: number,
  hist: number,
  histSize: number,
  offsets: number,
  nFeatures: number,
) => void;

let compiled: object | null | undefined;

function treesModule(api: WasmApi): object | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    const bin = atob(TREES_WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    if (api.validate(bytes)) compiled = new api.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** True when the WebAssembly SIMD histogram kernel can run here. */
export function treesWasmAvailable(): boolean {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  return !!api && treesModule(api) !== null;
}

function wasmBuilder(codes: Uint8Array, nRows: number, layout: HistogramLayout): HistogramBuilder | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  const module = api && typeof api.validate === 'function' ? treesModule(api) : null;
  if (!api || !module) return null;
  const nf = layout.offset.length;
  const align = (n: number) => (n + 15) & ~15;
  // layout: codes | rows | s1 | s2 | gh | hist | offsets
  const at = { codes: 16 } as Record<string, number>;
  at.rows = align(at.codes! + codes.length);
  at.s1 = align(at.rows + 4 * nRows);
  at.s2 = at.s1 + align(8 * nRows);
  at.gh = at.s2 + align(8 * nRows);
  at.hist = at.gh + align(16 * nRows);
  at.offsets = at.hist + align(8 * layout.size);
  const bytes = at.offsets + align(4 * nf);
  const memory = new api.Memory({ initial: Math.ceil(bytes / 65536) + 1 });
  const build = new api.Instance(module, { env: { memory } }).exports.buildHistograms as BuildHistograms;
  const { buffer } = memory;
  new Uint8Array(buffer, at.codes, codes.length).set(codes);
  new Int32Array(buffer, at.offsets, nf).set(layout.offset);
  const scratch = new Float64Array(buffer, at.hist, layout.size);
  return {
    rows: new Uint32Array(buffer, at.rows, nRows),
    s1: new Float64Array(buffer, at.s1, nRows),
    s2: new Float64Array(buffer, at.s2, nRows),
    buildAll(start, end, hist) {
      build(
        at.codes!,
        nRows,
        at.rows!,
        start,
        end,
        at.s1!,
        at.s2!,
        at.gh!,
        at.hist!,
        layout.size,
        at.offsets!,
        nf,
      );
      hist.set(scratch);
    },
  };
}
