/**
 * The seed of a training's holdout split and fits when none is given. The CLI's `--seed` defaults to it,
 * and the gateway (its first start, the train mutation, so the SDK's `train`) passes none: the same data
 * records the same metrics (`auto.<model>.ndcg` among them) whichever way it is trained.
 */
export const DEFAULT_SEED = 0;
