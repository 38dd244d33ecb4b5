/** Why a policy chose an arm for a customer: recorded with every assignment. */
export interface AssignmentReason {
  policy: 'fixed-split' | 'thompson' | 'incremental-margin';
  /** The chosen arm's index, or -1 for no offer. */
  arm: number;
  /** How the choice was made, in a word: 'hash', 'sample', 'sticky', 'greedy', 'no-positive-arm', 'budget'. */
  basis: string;
  /** The per-arm numbers the choice compared (hash thresholds, posterior draws, expected increments). */
  scores: number[];
  /** Any other value that decided it (the hash value, the remaining budget). */
  detail?: Record<string, number>;
}

export interface Assignment {
  arm: number;
  reason: AssignmentReason;
}
