import { decodeArtifact, encodeArtifact } from '../plugin/artifact.js';
import { throwIfAborted } from '../plugin/fit-context.js';
import { ParamError, type ParamRules, withDefaults } from '../plugin/params.js';
import type { FeatureMatrix } from '../tabular/feature-matrix.js';
import { stratifiedTrainTestSplit } from '../tabular/stratified-split.js';
import {
  type BinaryClassifier,
  type ClassifierPlugin,
  type ClassWeight,
  checkClassifierData,
  checkFeatureCount,
} from './classifier.js';
import { backward, forward, NetworkMemory, type NetworkShape, networkShape } from './mlp/network.js';

/**
 * A dense neural network classifier (plugin 'mlp'), in plain TypeScript on Float64Array: ReLU hidden
 * layers, a sigmoid output trained on log loss, optional dropout, L2 penalty `alpha` (scaled as
 * scikit-learn's MLPClassifier: alpha * W / batch), Adam on shuffled mini-batches, class weights, and
 * early stopping on a stratified validation split: training stops when the validation log loss has not
 * improved by `tol` for `patience` epochs, and the best weights are kept. Without early stopping the
 * same rule watches the training loss (as MLPClassifier). Weights start as scikit-learn's (uniform in
 * +-sqrt(6 / (fan_in + fan_out))).
 */
export interface MlpParams {
  hiddenLayers: number[];
  dropout: number;
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  batchSize: number;
  maxEpochs: number;
  alpha: number;
  earlyStopping: boolean;
  validationFraction: number;
  patience: number;
  tol: number;
  classWeight: ClassWeight;
  /** 'wasm': WebAssembly SIMD kernels where available (else TypeScript); 'js': TypeScript kernels. */
  backend: 'wasm' | 'js';
}

export const mlpDefaults: Readonly<MlpParams> = Object.freeze({
  hiddenLayers: [64, 32],
  dropout: 0,
  learningRate: 0.001,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  batchSize: 200,
  maxEpochs: 200,
  alpha: 1e-4,
  earlyStopping: true,
  validationFraction: 0.1,
  patience: 10,
  tol: 1e-4,
  classWeight: null,
  backend: 'wasm',
});

const MLP_RULES: ParamRules<MlpParams> = {
  learningRate: 'positive',
  epsilon: 'positive',
  batchSize: 'count',
  maxEpochs: 'count',
  alpha: 'nonNegative',
  earlyStopping: 'boolean',
  patience: 'count',
  tol: 'nonNegative',
  backend: ['wasm', 'js'],
};

export class MlpModel implements BinaryClassifier {
  readonly hiddenLayers: readonly number[];
  readonly params: Float64Array;
  readonly featureNames: readonly string[];
  /** Epochs run, and the loss watched by the stopping rule after each (validation or training). */
  readonly epochs: number;
  readonly lossCurve: Float64Array;
  readonly #shape: NetworkShape;
  #memory: NetworkMemory | null = null;

  constructor(
    hiddenLayers: readonly number[],
    params: Float64Array,
    featureNames: readonly string[],
    epochs: number,
    lossCurve: Float64Array,
  ) {
    this.hiddenLayers = hiddenLayers;
    this.params = params;
    this.featureNames = featureNames;
    this.epochs = epochs;
    this.lossCurve = lossCurve;
    this.#shape = networkShape(featureNames.length, hiddenLayers);
    if (this.#shape.nParams !== params.length) throw new Error('MLP parameters do not fit the layer sizes');
  }

  get nFeatures(): number {
    return this.featureNames.length;
  }

  predictProba(x: FeatureMatrix): Float64Array {
    checkFeatureCount(x, this.nFeatures);
    if (!this.#memory) {
      this.#memory = new NetworkMemory(this.#shape, BATCH);
      this.#memory.params.set(this.params);
    }
    return predictRows(this.#memory, x, null);
  }
}

const BATCH = 256;

/** Probabilities for all rows of x (or the listed ones), in batches, with the parameters in `mem`. */
function predictRows(mem: NetworkMemory, x: FeatureMatrix, rows: Int32Array | null): Float64Array {
  const n = rows ? rows.length : x.nRows;
  const out = new Float64Array(n);
  const d = x.nCols;
  const a0 = mem.acts[0]!;
  for (let s = 0; s < n; s += mem.capacity) {
    const b = Math.min(mem.capacity, n - s);
    for (let i = 0; i < b; i++) {
      const r = rows ? rows[s + i]! : s + i;
      for (let j = 0; j < d; j++) a0[i * d + j] = x.data[r * d + j]!;
    }
    const z = forward(mem, b, 0, Math.random);
    for (let i = 0; i < b; i++) out[s + i] = sigmoid(z[i]!);
  }
  return out;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function logLossOf(y: Uint8Array, rows: Int32Array, p: Float64Array, w: Float64Array | null): number {
  let s = 0;
  let ws = 0;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    const q = Math.min(Math.max(p[k]!, 1e-15), 1 - 1e-15);
    const wi = w ? w[r]! : 1;
    s -= wi * (y[r] === 1 ? Math.log(q) : Math.log(1 - q));
    ws += wi;
  }
  return s / ws;
}

const NAME = 'mlp';
const FORMAT = 1;

export const mlpPlugin: ClassifierPlugin<MlpParams, MlpModel> = {
  kind: 'classifier',
  name: NAME,
  formatVersion: FORMAT,
  defaults: mlpDefaults,
  fit(data, params, ctx) {
    const p = withDefaults(mlpDefaults, params, MLP_RULES);
    if (!(p.dropout >= 0 && p.dropout < 1))
      throw new ParamError('dropout', p.dropout, `parameter dropout must be in [0, 1), got ${p.dropout}`);
    if (!Array.isArray(p.hiddenLayers) || !p.hiddenLayers.every((h) => Number.isInteger(h) && h >= 1))
      throw new ParamError(
        'hiddenLayers',
        p.hiddenLayers,
        `parameter hiddenLayers must be a list of layer sizes (integers >= 1) such as [64, 32], got ${JSON.stringify(p.hiddenLayers)}`,
      );
    const { x, y, weights } = checkClassifierData(data, p.classWeight);
    for (let i = 0; i < x.data.length; i++) {
      if (!Number.isFinite(x.data[i]!))
        throw new Error(`the MLP needs complete features: impute missing values first`);
    }
    const { rng } = ctx;
    let trainRows: Int32Array;
    let valRows: Int32Array | null = null;
    if (p.earlyStopping) {
      const split = stratifiedTrainTestSplit(y, p.validationFraction, rng.nextUint32());
      // No validation row, no validation loss: every epoch's was NaN, no epoch was "best", and the fit
      // returned the random initial weights.
      if (split.test.length === 0)
        throw new Error(
          `early stopping needs validation rows: validationFraction ${p.validationFraction} of each class of ${x.nRows} rows rounds to none; set earlyStopping: false, or a larger validationFraction`,
        );
      trainRows = split.train;
      valRows = split.test;
    } else {
      trainRows = Int32Array.from({ length: x.nRows }, (_, i) => i);
    }
    const shape = networkShape(x.nCols, p.hiddenLayers);
    const batchSize = Math.max(1, Math.min(p.batchSize, trainRows.length));
    const mem = new NetworkMemory(shape, batchSize, p.backend, x.nRows);
    mem.data.set(x.data);
    const theta = mem.params;
    for (let l = 1; l < shape.sizes.length; l++) {
      const fanIn = shape.sizes[l - 1]!;
      const fanOut = shape.sizes[l]!;
      const bound = Math.sqrt(6 / (fanIn + fanOut));
      const end = shape.biasOffset[l]! + fanOut;
      for (let k = shape.weightOffset[l]!; k < end; k++) theta[k] = (2 * rng.next() - 1) * bound;
    }
    const last = shape.sizes.length - 1;
    const uniform = () => rng.next();
    const order = mem.order.subarray(0, trainRows.length);
    order.set(trainRows);
    const curve: number[] = [];
    let best = Number.POSITIVE_INFINITY;
    let bestTheta = theta.slice();
    let noImprovement = 0;
    let step = 0;
    let epoch = 0;
    while (epoch < p.maxEpochs) {
      throwIfAborted(ctx);
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
      let trainLoss = 0;
      let trainWeight = 0;
      for (let s = 0; s < order.length; s += batchSize) {
        const b = Math.min(batchSize, order.length - s);
        mem.gatherBatch(s, b);
        const z = forward(mem, b, p.dropout, uniform);
        const dz = mem.grads[last]!;
        for (let i = 0; i < b; i++) {
          const r = order[s + i]!;
          const wi = weights ? weights[r]! : 1;
          const q = sigmoid(z[i]!);
          dz[i] = (wi * (q - y[r]!)) / b;
          const qc = Math.min(Math.max(q, 1e-15), 1 - 1e-15);
          trainLoss -= wi * (y[r] === 1 ? Math.log(qc) : Math.log(1 - qc));
          trainWeight += wi;
        }
        // L2 on weights (not biases), as MLPClassifier: alpha * W / batch
        backward(mem, b, p.dropout, p.alpha / b);
        step++;
        const lr = (p.learningRate * Math.sqrt(1 - p.beta2 ** step)) / (1 - p.beta1 ** step);
        mem.kernels.adam(theta, mem.grad, mem.m1, mem.m2, lr, p.beta1, p.beta2, p.epsilon);
      }
      epoch++;
      const loss = valRows
        ? logLossOf(y, valRows, predictRows(mem, x, valRows), weights)
        : trainLoss / trainWeight;
      curve.push(loss);
      ctx.progress(
        epoch / p.maxEpochs,
        `epoch ${epoch}, ${valRows ? 'validation' : 'training'} loss ${loss.toFixed(5)}`,
      );
      if (loss > best - p.tol) noImprovement++;
      else noImprovement = 0;
      if (loss < best) {
        best = loss;
        if (valRows) bestTheta = theta.slice();
      }
      if (noImprovement > p.patience) break;
    }
    return new MlpModel(
      p.hiddenLayers,
      valRows ? bestTheta : theta.slice(),
      x.columns,
      epoch,
      Float64Array.from(curve),
    );
  },
  serialize(model) {
    return encodeArtifact(
      NAME,
      FORMAT,
      { featureNames: model.featureNames, hiddenLayers: model.hiddenLayers, epochs: model.epochs },
      { params: model.params, lossCurve: model.lossCurve },
    );
  },
  deserialize(bytes) {
    const { meta, arrays } = decodeArtifact<{
      featureNames: string[];
      hiddenLayers: number[];
      epochs: number;
    }>(bytes, NAME, FORMAT);
    return new MlpModel(
      meta.hiddenLayers,
      arrays.params as Float64Array,
      meta.featureNames,
      meta.epochs,
      arrays.lossCurve as Float64Array,
    );
  },
};
