export {
  type BinaryClassifier,
  type ClassifierData,
  type ClassifierPlugin,
  type ClassWeight,
  checkClassifierData,
} from './classifier.js';
export {
  type CrossValidateOptions,
  type CrossValidationResult,
  crossValidate,
  type FoldResult,
  SCALAR_METRICS,
  type ScalarMetric,
} from './cross-validate.js';
export {
  DecisionTreeModel,
  type DecisionTreeParams,
  decisionTreeDefaults,
  decisionTreePlugin,
} from './decision-tree.js';
export {
  type ClassifierFairnessGroup,
  type ClassifierFairnessInput,
  type ClassifierFairnessReport,
  classifierFairness,
  type FairnessDecision,
} from './fairness.js';
export {
  GradientBoostingModel,
  type GradientBoostingParams,
  gradientBoostingDefaults,
  gradientBoostingPlugin,
} from './gradient-boosting.js';
export {
  LogisticRegressionModel,
  type LogisticRegressionParams,
  logisticRegressionDefaults,
  logisticRegressionPlugin,
} from './logistic-regression.js';
export {
  accuracy,
  averagePrecision,
  brierScore,
  type CalibrationBin,
  type ClassificationReport,
  type ConfusionMatrix,
  calibrationTable,
  classificationReport,
  confusionMatrix,
  f1Score,
  type LiftRow,
  liftTable,
  logLoss,
  prAuc,
  precision,
  predictLabels,
  recall,
  rocAuc,
  rocAucStandardError,
  rocCurve,
} from './metrics/index.js';
export {
  MlRandomForestModel,
  type MlRandomForestParams,
  mlRandomForestDefaults,
  mlRandomForestPlugin,
} from './ml-random-forest.js';
export { MlpModel, type MlpParams, mlpDefaults, mlpPlugin } from './mlp.js';
export {
  type PermutationImportanceOptions,
  type PermutationImportanceResult,
  permutationImportance,
} from './permutation-importance.js';
export { propensityPlugins, registerPropensityPlugins } from './plugins.js';
export {
  type OutOfBagScore,
  RandomForestModel,
  type RandomForestParams,
  randomForestDefaults,
  randomForestPlugin,
} from './random-forest.js';
export type { FlatTree } from './trees/flat-tree.js';
