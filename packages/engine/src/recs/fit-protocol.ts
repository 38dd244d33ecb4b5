/**
 * What passes between a training and its fit worker (fit-worker.ts): the interaction matrix with its id
 * maps as plain lists (a worker message holds no class instances), and the fit's progress and result.
 */
import { type FitItem, IdMap, type InteractionMatrix } from '@storewise/core';

/** An InteractionMatrix as a worker message: the same arrays, the id maps as their ids in order. */
export type MatrixMessage = Omit<InteractionMatrix, 'userIds' | 'itemIds'> & {
  userIds: string[] | null;
  itemIds: string[] | null;
};

/**
 * One fit of a named recommender (`fit`), or the whole of a `model: 'auto'` training (`auto`: every
 * candidate on the holdout, then the chosen one on all the data; fitAuto), in one worker.
 */
export type FitJob =
  | {
      kind: 'fit';
      /** The recommender's name. */
      plugin: string;
      /** The module that exports it (a contributed plugin, loadPlugins); null for a built-in. */
      module: string | null;
      matrix: MatrixMessage;
      params: Record<string, unknown>;
      seed: number;
      /** The fit context's catalog (RecommenderFitContext), plain objects as a message holds them. */
      catalog?: readonly FitItem[];
    }
  | { kind: 'auto'; matrix: MatrixMessage; seed: number };

export type FitMessage =
  | { kind: 'progress'; fraction: number; message: string | null }
  | {
      kind: 'done';
      /** The fitted recommender's name (for an auto job, the one it chose). */
      plugin: string;
      model: Uint8Array;
      /** An auto job's metrics (AutoFit's); a plain fit's are empty. */
      metrics: Record<string, number>;
      /** The fit's seconds in the worker (an auto job's: the chosen model's fit on all the data). */
      fitSeconds: number;
    }
  | {
      kind: 'error';
      message: string;
      stack: string | null;
      /** The parameter a ParamError refused (its name and value), so that it is one again on this side. */
      param?: { name: string; value: unknown };
      /** A ContributedModelError (a contributed plugin's code failed, named), so that it is one again on this side. */
      contributed?: true;
    };

export function matrixMessage(m: InteractionMatrix): MatrixMessage {
  return { ...m, userIds: m.userIds?.toArray() ?? null, itemIds: m.itemIds?.toArray() ?? null };
}

export function matrixOf(m: MatrixMessage): InteractionMatrix {
  return {
    ...m,
    userIds: m.userIds === null ? null : new IdMap(m.userIds),
    itemIds: m.itemIds === null ? null : new IdMap(m.itemIds),
  };
}
