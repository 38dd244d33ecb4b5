/**
 * What a trained recommender is at serving time, and its bytes in storage: the plugin's own bytes (which
 * hold the id maps: dense index <-> customer id and SKU) wrapped with what serving needs besides the
 * model: the event weights and decay it was trained with, when its data ends, item popularity (count and
 * trending) for cold start, and, for a model whose item factors cannot tell items apart, item-kNN's
 * neighbours (item-similarity.ts).
 */
import {
  decodeArtifact,
  encodeArtifact,
  fromCsr,
  ItemNeighborhoodModel,
  itemKnn,
  type Recommender,
} from '@storewise/core';
import type { EventWeights } from '@storewise/storage';
import { deserializeRecommender } from './check-model.js';
import { type AnyRecommenderPlugin, knownRecommenders, recommenderPlugin } from './registry.js';

const ENVELOPE = 'storewise-recommender';
const ENVELOPE_VERSION = 1;

export interface TrainedRecommender {
  /** The stored name and version (version 0 before it is saved). */
  name: string;
  version: number;
  plugin: AnyRecommenderPlugin;
  model: Recommender;
  weights: EventWeights;
  halfLifeDays: number | null;
  /** Time (ms) of the latest event the model saw; later events are folded in at request time. */
  trainedUntil: number;
  /** Per model item: distinct customers who interacted with it. */
  popularity: Float64Array;
  /** Per model item: interaction weights decayed with a half-life of `trendingHalfLifeDays`. */
  trending: Float64Array;
  trendingHalfLifeDays: number;
  /**
   * Item-kNN's cosine over the training interactions, for a model whose item factors cannot tell items
   * apart (ALS or BPR with 1 factor, or all on one line): similar items, carts and diversity are served
   * from it (their reason 'interactions'). Null for every other model. Its neighbours are stored, not its
   * history.
   */
  itemSimilarity: ItemNeighborhoodModel | null;
}

interface EnvelopeMeta {
  plugin: string;
  weights: EventWeights;
  halfLifeDays: number | null;
  trainedUntil: number;
  trendingHalfLifeDays: number;
}

export function encodeTrained(t: TrainedRecommender): Uint8Array {
  const meta: EnvelopeMeta = {
    plugin: t.plugin.name,
    weights: t.weights,
    halfLifeDays: t.halfLifeDays,
    trainedUntil: t.trainedUntil,
    trendingHalfLifeDays: t.trendingHalfLifeDays,
  };
  return encodeArtifact(ENVELOPE, ENVELOPE_VERSION, meta, {
    model: t.plugin.serialize(t.model),
    popularity: t.popularity,
    trending: t.trending,
    ...(t.itemSimilarity
      ? {
          similarPtr: t.itemSimilarity.neighbors.ptr,
          similarIdx: t.itemSimilarity.neighbors.idx,
          similarSim: t.itemSimilarity.neighbors.sim,
        }
      : {}),
  });
}

export function decodeTrained(bytes: Uint8Array, name: string, version: number): TrainedRecommender {
  const { meta, arrays } = decodeArtifact<EnvelopeMeta>(bytes, ENVELOPE, ENVELOPE_VERSION);
  let plugin: AnyRecommenderPlugin;
  try {
    plugin = recommenderPlugin(meta.plugin);
  } catch {
    throw new Error(
      `stored recommender "${name}" v${version} was trained with "${meta.plugin}", which is not loaded here: load its plugin (the CLI's --plugin <module>, the gateway's STOREWISE_PLUGINS) or activate another version (known here: ${knownRecommenders().join(', ')})`,
    );
  }
  const model = arrays.model;
  const pop = arrays.popularity;
  const trending = arrays.trending;
  if (
    !(model instanceof Uint8Array) ||
    !(pop instanceof Float64Array) ||
    !(trending instanceof Float64Array)
  ) {
    throw new Error(`stored recommender "${name}" v${version} lacks its model bytes or popularity`);
  }
  const restored = deserializeRecommender(plugin, model);
  if (restored.itemIds === null)
    throw new Error(
      `stored recommender "${name}" v${version}: the bytes of plugin "${plugin.name}" give back no item ids (write them with encodeModel)`,
    );
  return {
    name,
    version,
    plugin,
    model: restored,
    weights: meta.weights,
    halfLifeDays: meta.halfLifeDays,
    trainedUntil: meta.trainedUntil,
    popularity: pop,
    trending,
    trendingHalfLifeDays: meta.trendingHalfLifeDays,
    itemSimilarity: decodeSimilarity(arrays, restored.nItems, `stored recommender "${name}" v${version}`),
  };
}

/** The stored item-kNN neighbours (absent: none, as before they were kept), over an empty history. */
function decodeSimilarity(
  arrays: Record<string, unknown>,
  nItems: number,
  what: string,
): ItemNeighborhoodModel | null {
  const { similarPtr: ptr, similarIdx: idx, similarSim: sim } = arrays;
  if (ptr === undefined && idx === undefined && sim === undefined) return null;
  if (
    !(ptr instanceof Int32Array && idx instanceof Int32Array && sim instanceof Float64Array) ||
    ptr.length !== nItems + 1 ||
    idx.length !== sim.length ||
    ptr[nItems] !== idx.length
  )
    throw new Error(
      `${what}: its item similarities are not ${nItems + 1} offsets over one neighbour per weight`,
    );
  const history = fromCsr(0, nItems, new Int32Array(1), new Int32Array(0), new Float64Array(0));
  return new ItemNeighborhoodModel(itemKnn.name, history, { ptr, idx, sim }, false);
}
