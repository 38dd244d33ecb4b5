/**
 * Removing stored model versions (GraphQL's pruneModels, the CLI's model prune): the old ones past the
 * newest `keep` of each model, and on request those trained before the latest erasure, which may still hold
 * an erased customer's rows (the privacy report lists them). The version served and each model's newest
 * stay whatever they were trained on: the outcome names those still trained before the erasure, to train
 * again.
 */
import type { ModelArtifactInfo, Storage } from '@storewise/storage';
import { ModelVersionError } from './model-versions.js';

/** How many of the newest versions of each model a prune keeps by default. */
export const DEFAULT_MODELS_KEPT = 5;

export interface PruneModelsOptions {
  /** One model's versions (default: every model's). */
  name?: string;
  /** How many of the newest versions of each model stay (a whole number, at least 1; default 5). */
  keep?: number;
  /** Also remove the versions trained before the latest erasure of a customer the store held. */
  trainedBeforeErasure?: boolean;
}

export interface PruneModelsOutcome {
  keep: number;
  /** The removed versions, by model name then version. */
  removed: ModelArtifactInfo[];
  /**
   * With `trainedBeforeErasure`: when the latest customer the store held was erased (null: none is on the
   * erasure list, so no version was trained before such an erasure). Null without the option.
   */
  erasureAt: Date | null;
  /**
   * With `trainedBeforeErasure`: the versions still stored that were trained before `erasureAt`, the one
   * served or a model's newest (kept so that no version number is given twice), by name then version. They
   * may hold erased customers' rows until the model is trained again and pruned again.
   */
  keptBeforeErasure: ModelArtifactInfo[];
}

/**
 * Prunes the stored versions of one model or of every model (see the module's comment). Refuses, with a
 * ModelVersionError, an unknown `name`, and `trainedBeforeErasure` on a store that cannot tell when
 * customers were erased (an adapter without lastErasureAt).
 */
export async function pruneModelVersions(
  storage: Storage,
  options: PruneModelsOptions = {},
): Promise<PruneModelsOutcome> {
  const keep = options.keep ?? DEFAULT_MODELS_KEPT;
  const stored = await storage.listModels();
  const known = [...new Set(stored.map((m) => m.name))];
  if (options.name !== undefined && !known.includes(options.name))
    throw new ModelVersionError(
      'name',
      `no stored model "${options.name}" (${known.length > 0 ? `stored: ${known.join(', ')}` : 'none is stored'})`,
    );
  const names = options.name === undefined ? known : [options.name];
  let erasureAt: Date | null = null;
  if (options.trainedBeforeErasure) {
    if (storage.lastErasureAt === undefined)
      throw new ModelVersionError(
        'trainedBeforeErasure',
        `this ${storage.kind} store cannot tell when customers were erased (its adapter has no lastErasureAt): prune by --keep instead`,
      );
    erasureAt = await storage.lastErasureAt();
  }
  const prune = erasureAt === null ? {} : { trainedBefore: erasureAt };
  const removed: ModelArtifactInfo[] = [];
  for (const n of names) removed.push(...(await storage.pruneModels(n, keep, prune)));
  const cutoff = erasureAt?.getTime();
  const keptBeforeErasure =
    cutoff === undefined
      ? []
      : (await storage.listModels())
          .filter((m) => names.includes(m.name) && m.createdAt.getTime() < cutoff)
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version - b.version));
  return { keep, removed, erasureAt, keptBeforeErasure };
}
