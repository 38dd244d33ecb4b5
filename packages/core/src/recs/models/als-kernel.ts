/**
 * The hot loops of implicit ALS in plain TypeScript (the fallback and test oracle for faster kernels).
 * Factors are row-major Float64Array (row r at r * f). Entries carry their confidence c > 0 (c = alpha w);
 * the preference of a stored entry is 1, of anything else 0 with confidence 1.
 *
 * `cgRows` is the conjugate-gradient update of the `implicit` library (Takacs et al. 2011): starting
 * from the current x_u it takes `cgSteps` CG steps on (YtY + reg I + sum_i (c_ui - 1) y_i y_i^T) x_u
 * = sum_i c_ui y_i, never forming the per-user matrix. `yty` is Y^T Y + reg I.
 */

/** Y^T Y + reg I (f x f, row-major) for the `n` rows of Y. */
export function gramPlusReg(
  y: Float64Array,
  n: number,
  f: number,
  reg: number,
  out = new Float64Array(f * f),
) {
  out.fill(0);
  for (let r = 0; r < n; r++) {
    const o = r * f;
    for (let a = 0; a < f; a++) {
      const ya = y[o + a]!;
      if (ya === 0) continue;
      const row = a * f;
      for (let b = a; b < f; b++) out[row + b]! += ya * y[o + b]!;
    }
  }
  for (let a = 0; a < f; a++) {
    out[a * f + a]! += reg;
    for (let b = 0; b < a; b++) out[a * f + b] = out[b * f + a]!;
  }
  return out;
}

/** Scratch vectors for cgRows, of length f. */
export interface CgScratch {
  r: Float64Array;
  p: Float64Array;
  ap: Float64Array;
}

export function cgScratch(f: number): CgScratch {
  return { r: new Float64Array(f), p: new Float64Array(f), ap: new Float64Array(f) };
}

/** CG updates of rows [start, end) of `x` (see the module comment). */
export function cgRows(
  ptr: Int32Array,
  idx: Int32Array,
  conf: Float64Array,
  x: Float64Array,
  y: Float64Array,
  f: number,
  yty: Float64Array,
  cgSteps: number,
  start: number,
  end: number,
  s: CgScratch,
): void {
  const { r, p, ap } = s;
  for (let u = start; u < end; u++) {
    const xo = u * f;
    const q0 = ptr[u]!;
    const q1 = ptr[u + 1]!;
    // r = sum_i c y_i - A x = -YtY x + sum_i (c - (c - 1) y_i.x) y_i
    for (let a = 0; a < f; a++) {
      const row = a * f;
      let acc = 0;
      for (let b = 0; b < f; b++) acc += yty[row + b]! * x[xo + b]!;
      r[a] = -acc;
    }
    for (let q = q0; q < q1; q++) {
      const c = conf[q]!;
      const yo = idx[q]! * f;
      let d = 0;
      if (c !== 1) for (let b = 0; b < f; b++) d += y[yo + b]! * x[xo + b]!;
      const coef = c - (c - 1) * d;
      for (let b = 0; b < f; b++) r[b]! += coef * y[yo + b]!;
    }
    let rsold = 0;
    for (let a = 0; a < f; a++) {
      p[a] = r[a]!;
      rsold += r[a]! * r[a]!;
    }
    if (rsold < 1e-20) continue;
    for (let step = 0; step < cgSteps; step++) {
      // ap = A p
      for (let a = 0; a < f; a++) {
        const row = a * f;
        let acc = 0;
        for (let b = 0; b < f; b++) acc += yty[row + b]! * p[b]!;
        ap[a] = acc;
      }
      for (let q = q0; q < q1; q++) {
        const c1 = conf[q]! - 1;
        if (c1 === 0) continue;
        const yo = idx[q]! * f;
        let d = 0;
        for (let b = 0; b < f; b++) d += y[yo + b]! * p[b]!;
        d *= c1;
        for (let b = 0; b < f; b++) ap[b]! += d * y[yo + b]!;
      }
      let pap = 0;
      for (let a = 0; a < f; a++) pap += p[a]! * ap[a]!;
      const alpha = rsold / pap;
      let rsnew = 0;
      for (let a = 0; a < f; a++) {
        x[xo + a]! += alpha * p[a]!;
        const ra = r[a]! - alpha * ap[a]!;
        r[a] = ra;
        rsnew += ra * ra;
      }
      if (rsnew < 1e-20) break;
      const beta = rsnew / rsold;
      for (let a = 0; a < f; a++) p[a] = r[a]! + beta * p[a]!;
      rsold = rsnew;
    }
  }
}

/**
 * The exact least-squares solution for one row given its entries (items `idx`, confidences `conf`):
 * (YtY + reg I + sum (c - 1) y y^T) x = sum c y, written into `out` (used for fold-in and tests).
 */
export function exactRow(
  idx: ArrayLike<number>,
  conf: ArrayLike<number>,
  y: Float64Array,
  f: number,
  yty: Float64Array,
  solve: (a: Float64Array, n: number, b: Float64Array) => Float64Array,
  out: Float64Array,
  outOffset = 0,
): void {
  const a = yty.slice();
  const b = new Float64Array(f);
  for (let q = 0; q < idx.length; q++) {
    const c = conf[q]!;
    const yo = idx[q]! * f;
    for (let i = 0; i < f; i++) {
      const yi = y[yo + i]!;
      b[i]! += c * yi;
      const row = i * f;
      for (let j = 0; j < f; j++) a[row + j]! += (c - 1) * yi * y[yo + j]!;
    }
  }
  out.set(solve(a, f, b), outOffset);
}

/**
 * The weighted loss: sum over all user-item pairs of c (p - x.y)^2 (c = 1, p = 0 off the stored
 * entries) + reg (|X|^2 + |Y|^2).
 */
export function alsLoss(
  ptr: Int32Array,
  idx: Int32Array,
  conf: Float64Array,
  x: Float64Array,
  nX: number,
  y: Float64Array,
  nY: number,
  f: number,
  reg: number,
): number {
  const yty = gramPlusReg(y, nY, f, 0);
  let loss = 0;
  for (let u = 0; u < nX; u++) {
    const xo = u * f;
    // all pairs with c = 1, p = 0: x^T YtY x
    for (let a = 0; a < f; a++) {
      let acc = 0;
      for (let b = 0; b < f; b++) acc += yty[a * f + b]! * x[xo + b]!;
      loss += x[xo + a]! * acc;
    }
    for (let q = ptr[u]!; q < ptr[u + 1]!; q++) {
      const yo = idx[q]! * f;
      let d = 0;
      for (let b = 0; b < f; b++) d += x[xo + b]! * y[yo + b]!;
      loss += conf[q]! * (1 - d) ** 2 - d * d;
    }
  }
  let norms = 0;
  for (let j = 0; j < nX * f; j++) norms += x[j]! ** 2;
  for (let j = 0; j < nY * f; j++) norms += y[j]! ** 2;
  return loss + reg * norms;
}
