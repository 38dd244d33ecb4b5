/** Helpers shared by the recommender plugins' serialize/deserialize (bytes via encodeArtifact). */
import type { ArtifactArray } from '../plugin/artifact.js';
import { decodeArtifact, encodeArtifact } from '../plugin/artifact.js';
import { ParamError, type ParamRules, withDefaults } from '../plugin/params.js';
import { IdMap } from './id-map.js';
import { fromCsr, type InteractionMatrix } from './interactions.js';
import type { BaseRecommender } from './model.js';
import type { Neighbors } from './similarity.js';

/** What every recommender artifact's meta holds besides the model's own fields. */
export interface BaseMeta {
  nUsers: number;
  nItems: number;
  userIds: string[] | null;
  itemIds: string[] | null;
}

/**
 * A recommender's bytes (an artifact named `name`, `version`): its `meta` and `arrays`, with its size and
 * its id maps (dense index <-> customer id / SKU), which serving needs and `decodeModel` gives back.
 */
export function encodeModel(
  name: string,
  version: number,
  model: BaseRecommender,
  meta: object,
  arrays: Record<string, ArtifactArray>,
): Uint8Array {
  const base: BaseMeta = {
    nUsers: model.nUsers,
    nItems: model.nItems,
    userIds: model.userIds?.toArray() ?? null,
    itemIds: model.itemIds?.toArray() ?? null,
  };
  return encodeArtifact(name, version, { ...base, ...meta }, arrays);
}

/** What `encodeModel` wrote: its meta and arrays, and the id maps (null where the model had none). */
export function decodeModel<Meta extends object>(
  bytes: Uint8Array,
  name: string,
  version: number,
): {
  meta: Meta & BaseMeta;
  arrays: Record<string, ArtifactArray>;
  userIds: IdMap | null;
  itemIds: IdMap | null;
} {
  const { meta, arrays } = decodeArtifact<Meta & BaseMeta>(bytes, name, version);
  return {
    meta,
    arrays,
    userIds: meta.userIds ? new IdMap(meta.userIds) : null,
    itemIds: meta.itemIds ? new IdMap(meta.itemIds) : null,
  };
}

/** The CSR arrays of a matrix under `prefix`. */
export function matrixArrays(m: InteractionMatrix, prefix: string): Record<string, ArtifactArray> {
  return { [`${prefix}Ptr`]: m.indptr, [`${prefix}Idx`]: m.indices, [`${prefix}Val`]: m.values };
}

export function matrixFromArrays(
  arrays: Record<string, ArtifactArray>,
  prefix: string,
  nUsers: number,
  nItems: number,
): InteractionMatrix {
  return fromCsr(
    nUsers,
    nItems,
    typed(arrays, `${prefix}Ptr`, Int32Array),
    typed(arrays, `${prefix}Idx`, Int32Array),
    typed(arrays, `${prefix}Val`, Float64Array),
  );
}

/** The arrays of a neighbour list (item-kNN, user-kNN, co-occurrence) in a model artifact. */
export function neighborArrays(n: Neighbors): Record<string, ArtifactArray> {
  return { nbPtr: n.ptr, nbIdx: n.idx, nbSim: n.sim };
}

export function neighborsFromArrays(arrays: Record<string, ArtifactArray>): Neighbors {
  return {
    ptr: typed(arrays, 'nbPtr', Int32Array),
    idx: typed(arrays, 'nbIdx', Int32Array),
    sim: typed(arrays, 'nbSim', Float64Array),
  };
}

/** An array of the artifact, checked to be of the expected type. */
export function typed<T extends ArtifactArray>(
  arrays: Record<string, ArtifactArray>,
  key: string,
  ctor: { new (n: number): T; name: string },
): T {
  const a = arrays[key];
  if (!(a instanceof ctor)) throw new Error(`model artifact lacks ${ctor.name} "${key}"`);
  return a as T;
}

/**
 * Merges params over defaults (withDefaults: unknown names refused, values checked by `rules`) and
 * checks that the numeric ones are finite.
 */
export function resolveParams<P extends object>(
  defaults: Readonly<P>,
  params: Partial<P>,
  rules: NoInfer<ParamRules<P>> = {},
): P {
  const out = withDefaults(defaults, params, rules);
  for (const [key, value] of Object.entries(out)) {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new ParamError(key, value, `parameter ${key} must be finite`);
  }
  return out;
}
