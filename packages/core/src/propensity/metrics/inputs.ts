/**
 * The checks every classification metric makes of its inputs, so that a bad value is refused with its
 * index instead of scoring as something else: a label of 2 is not a negative, a NaN score has no rank
 * (and hung the tie-group loop of rocAuc), a probability of 1.5 is not a certainty.
 */

export function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length)
    throw new Error(`labels and predictions differ in length (${a.length} vs ${b.length})`);
  if (a.length === 0) throw new Error('no examples to score');
}

/** Every value is 0 or 1; `what` names the values in the error ("label", "prediction"). */
export function checkBinary(values: ArrayLike<number>, what = 'label'): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== 0 && v !== 1) throw new Error(`row ${i}: ${what} is ${v}; expected 0 or 1`);
  }
}

/**
 * Every score is finite: a NaN has no place in a ranking, and scikit-learn's ranking metrics refuse
 * infinities too (the ROC curve's first threshold is +Infinity, above every score).
 */
export function checkScores(scores: ArrayLike<number>): void {
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (!Number.isFinite(s)) throw new Error(`score ${i} is ${s}; expected a finite number`);
  }
}

/** Every probability lies in [0, 1] (NaN does not). */
export function checkProbabilities(proba: ArrayLike<number>): void {
  for (let i = 0; i < proba.length; i++) {
    const p = proba[i]!;
    if (!(p >= 0 && p <= 1)) throw new Error(`probability ${i} is ${p}; expected a value in [0, 1]`);
  }
}

/** Labels and scores of a ranking metric: same non-zero length, 0/1 labels, finite scores. */
export function checkRankingInputs(yTrue: ArrayLike<number>, scores: ArrayLike<number>): void {
  checkLengths(yTrue, scores);
  checkBinary(yTrue);
  checkScores(scores);
}

/** Labels and probabilities of a probability metric: same non-zero length, 0/1 labels, values in [0, 1]. */
export function checkProbabilityInputs(yTrue: ArrayLike<number>, proba: ArrayLike<number>): void {
  checkLengths(yTrue, proba);
  checkBinary(yTrue);
  checkProbabilities(proba);
}
