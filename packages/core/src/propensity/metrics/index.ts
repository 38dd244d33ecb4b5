export { type LiftRow, liftTable } from './lift.js';
export { brierScore, type CalibrationBin, calibrationTable, logLoss } from './probability.js';
export { averagePrecision, prAuc, rocAuc, rocAucStandardError, rocCurve } from './ranking.js';
export { type ClassificationReport, classificationReport } from './report.js';
export {
  accuracy,
  type ConfusionMatrix,
  confusionMatrix,
  f1Score,
  precision,
  predictLabels,
  recall,
} from './threshold.js';
