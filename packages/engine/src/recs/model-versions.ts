/**
 * The stored model versions, and serving a stored recommender version again: a rollback without training
 * (GraphQL's models and activateModel, the CLI's model list and model activate).
 */
import type { ModelArtifactInfo, Storage } from '@storewise/storage';

/**
 * What is wrong with an activation or a prune (model-prune.ts): `field` is the argument at fault, `name`,
 * `version` or `trainedBeforeErasure`.
 */
export class ModelVersionError extends Error {
  override readonly name = 'ModelVersionError';
  constructor(
    readonly field: 'name' | 'version' | 'trainedBeforeErasure',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Makes version `version` of the stored model `name` the one served, and returns it. Only recommenders: a
 * propensity version goes with the scores its training stored, which activating it would not bring back.
 * Every process on the store serves it at its next look at the active version.
 */
export async function activateRecommenderVersion(
  storage: Storage,
  name: string,
  version: number,
): Promise<ModelArtifactInfo> {
  const target = await storedVersion(storage, name, version);
  if (target.kind !== 'recommender')
    throw new ModelVersionError(
      'name',
      name === 'purchase-propensity'
        ? `"${name}" is a ${target.kind} model: its versions go with the scores they stored; switch back with storewise model activate ${name} ${version}, which rescores every customer with it`
        : `"${name}" is a ${target.kind} model: only recommenders are switched back (retrain it instead: its scores go with its training)`,
    );
  await storage.activateModel(name, version);
  return { ...target, active: true };
}

/** Every stored model version, newest first (by when it was saved, then by version). */
export async function modelVersions(storage: Storage): Promise<ModelArtifactInfo[]> {
  return (await storage.listModels()).sort(
    (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.version - a.version,
  );
}

/** The stored version `version` of model `name`; a ModelVersionError naming the stored ones when there is none. */
export async function storedVersion(
  storage: Storage,
  name: string,
  version: number,
): Promise<ModelArtifactInfo> {
  const versions = (await storage.listModels()).filter((m) => m.name === name);
  const target = versions.find((m) => m.version === version);
  if (target !== undefined) return target;
  if (versions.length === 0) throw new ModelVersionError('name', `no stored model is named "${name}"`);
  const known = versions.map((m) => m.version).sort((a, b) => a - b);
  throw new ModelVersionError(
    'version',
    `model "${name}" has no version ${version} (its versions: ${known.join(', ')})`,
  );
}
