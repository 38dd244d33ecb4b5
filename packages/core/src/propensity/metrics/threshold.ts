import { checkBinary, checkLengths } from './inputs.js';

/**
 * Metrics of hard 0/1 predictions against 0/1 labels, defined as scikit-learn defines them (a ratio with a
 * zero denominator is 0, as `zero_division=0`). A label or prediction other than 0 or 1 is refused.
 */
export interface ConfusionMatrix {
  tn: number;
  fp: number;
  fn: number;
  tp: number;
}

/** 1 where the probability reaches the threshold (default 0.5), else 0; a NaN, on neither side, is refused. */
export function predictLabels(proba: ArrayLike<number>, threshold = 0.5): Uint8Array {
  const out = new Uint8Array(proba.length);
  for (let i = 0; i < proba.length; i++) {
    const p = proba[i]!;
    if (Number.isNaN(p)) throw new Error(`probability ${i} is NaN; expected a value in [0, 1]`);
    out[i] = p >= threshold ? 1 : 0;
  }
  return out;
}

export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): ConfusionMatrix {
  checkLengths(yTrue, yPred);
  checkBinary(yTrue);
  checkBinary(yPred, 'prediction');
  const m = { tn: 0, fp: 0, fn: 0, tp: 0 };
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] === 1;
    const p = yPred[i] === 1;
    if (t) p ? m.tp++ : m.fn++;
    else p ? m.fp++ : m.tn++;
  }
  return m;
}

export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { tn, fp, fn, tp } = confusionMatrix(yTrue, yPred);
  return ratio(tp + tn, tn + fp + fn + tp);
}

export function precision(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { fp, tp } = confusionMatrix(yTrue, yPred);
  return ratio(tp, tp + fp);
}

export function recall(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { fn, tp } = confusionMatrix(yTrue, yPred);
  return ratio(tp, tp + fn);
}

export function f1Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { fp, fn, tp } = confusionMatrix(yTrue, yPred);
  return ratio(2 * tp, 2 * tp + fp + fn);
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
