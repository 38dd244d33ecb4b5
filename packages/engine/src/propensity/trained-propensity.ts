/**
 * A trained purchase-propensity model as stored (`saveModel` name 'purchase-propensity'): the classifier
 * plugin's own bytes wrapped with what scoring needs besides them: the horizon, the share categories and
 * feature names of the profiles it was fitted on, and the fitted feature scaling.
 */
import { type BinaryClassifier, decodeArtifact, encodeArtifact, type FeatureMatrix } from '@storewise/core';
import type { Storage } from '@storewise/storage';
import { deserializeClassifier, probabilities } from './check-classifier.js';
import { type AnyClassifierPlugin, classifierPlugin } from './classifier-registry.js';
import { FeatureScaler, type FeatureScalerJSON, selectFeatures } from './profile-features.js';

export const PURCHASE_PROPENSITY_MODEL = 'purchase-propensity';
const ENVELOPE = 'storewise-purchase-propensity';
const ENVELOPE_VERSION = 1;

/** The score name of "buys within `horizonDays` days": `p_purchase_<N>d`. */
export const purchaseScoreName = (horizonDays: number): string => `p_purchase_${horizonDays}d`;

export interface TrainedPropensity {
  /** The stored version (0 before it is saved). */
  version: number;
  plugin: AnyClassifierPlugin;
  model: BinaryClassifier;
  horizonDays: number;
  categories: readonly string[];
  featureNames: readonly string[];
  scaler: FeatureScaler;
}

interface EnvelopeMeta {
  plugin: string;
  horizonDays: number;
  categories: readonly string[];
  featureNames: readonly string[];
  scaler: FeatureScalerJSON;
}

export function encodePropensity(t: TrainedPropensity): Uint8Array {
  const meta: EnvelopeMeta = {
    plugin: t.plugin.name,
    horizonDays: t.horizonDays,
    categories: t.categories,
    featureNames: t.featureNames,
    scaler: t.scaler.toJSON(),
  };
  return encodeArtifact(ENVELOPE, ENVELOPE_VERSION, meta, { model: t.plugin.serialize(t.model) });
}

/** Probabilities of buying for raw profile features (see `readProfileRows`; the model's columns are taken). */
export function predictPropensity(t: TrainedPropensity, x: FeatureMatrix): Float64Array {
  return probabilities(t.plugin, t.model, t.scaler.transform(selectFeatures(x, t.featureNames)));
}

/** Restores the stored purchase-propensity model (the active version unless `version` is given). */
export async function loadPurchasePropensity(storage: Storage, version?: number): Promise<TrainedPropensity> {
  const artifact = await storage.loadModel(PURCHASE_PROPENSITY_MODEL, version);
  if (!artifact) {
    const which = version === undefined ? 'no active version' : `no version ${version}`;
    throw new Error(
      `model "${PURCHASE_PROPENSITY_MODEL}" has ${which} in storage: train one first (storewise train propensity)`,
    );
  }
  const { meta, arrays } = decodeArtifact<EnvelopeMeta>(artifact.bytes, ENVELOPE, ENVELOPE_VERSION);
  const bytes = arrays.model;
  if (!(bytes instanceof Uint8Array))
    throw new Error(`stored model "${PURCHASE_PROPENSITY_MODEL}" v${artifact.version} lacks its model bytes`);
  const plugin = classifierPlugin(meta.plugin);
  return {
    version: artifact.version,
    plugin,
    model: deserializeClassifier(plugin, bytes),
    horizonDays: meta.horizonDays,
    categories: meta.categories,
    featureNames: meta.featureNames,
    scaler: FeatureScaler.fromJSON(meta.scaler),
  };
}
