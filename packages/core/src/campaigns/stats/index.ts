export {
  betaIncomplete,
  gammaQ,
  normalCdf,
  normalQuantile,
  normalSurvival,
  studentTQuantile,
  studentTSurvival,
} from './distributions.js';
export {
  expectedCellsAtLeastFive,
  fisherExactTwoSided,
  type Interval,
  newcombeDifferenceInterval,
  relativeRiskInterval,
  twoProportionZTest,
  wilsonInterval,
  zForConfidence,
} from './proportions.js';
export { momentsFromSums, type SampleMoments, type WelchResult, welchDifference } from './welch.js';
