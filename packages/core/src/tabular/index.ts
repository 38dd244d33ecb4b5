export {
  createFeatureMatrix,
  type FeatureMatrix,
  getColumn,
  hasMissing,
  matrixFromRows,
  selectRows,
  selectValues,
} from './feature-matrix.js';
export { type BinaryLabels, encodeBinaryLabels, MissingLabelError, toBinaryLabels } from './labels.js';
export {
  foldSplit,
  stratifiedKFold,
  stratifiedTrainTestSplit,
  type TrainTestSplit,
} from './stratified-split.js';
export {
  type ColumnKind,
  DEFAULT_MISSING_TOKENS,
  type EncodedColumn,
  type StringRecord,
  TabularEncoder,
  type TabularEncoderJSON,
  type TabularEncoderOptions,
} from './tabular-encoder.js';
