/**
 * The model-plugin testkit: the checks every model plugin must pass, built-in or contributed.
 *
 *   import { testModelPlugin } from '@storewise/core/testkit';
 *   testModelPlugin(myPlugin, { data, predict: (model, data) => scoresOf(model, data), randomized: true });
 *
 * It registers vitest tests: the plugin declares itself; it fits and predicts finite outputs; a fit repeats
 * exactly under a seed (and, for randomized models, differs under another); serialize/deserialize round-trips
 * to identical outputs and identical bytes; a recommender keeps the data's id maps, through its bytes too,
 * and passes the checks `train recs` applies before it stores a contributed model (core's servingProblem:
 * one finite score per item from `scoreUser` and `scoreItems` for a sample of customers, ...); bytes of
 * another model are refused; an aborted signal stops an iterative fit.
 */
import { describe, expect, it } from 'vitest';
import { encodeArtifact } from '../plugin/artifact.js';
import { fitContext } from '../plugin/fit-context.js';
import { type ModelPlugin, pluginProblems } from '../plugin/model-plugin.js';
import { IdMap } from '../recs/id-map.js';
import type { InteractionMatrix } from '../recs/interactions.js';
import type { Recommender } from '../recs/model.js';
import type { FitItem, RecommenderPlugin } from '../recs/plugin-types.js';
import { servingProblem } from '../recs/serving-checks.js';

export interface ModelTestOptions<Data, Params extends object, Model> {
  /** Small data the plugin fits in well under a second (a function is called once per test). */
  data: Data | (() => Data);
  params?: Partial<Params>;
  /** The model's outputs on the data, e.g. every user's scores, or every row's probability. */
  predict: (model: Model, data: Data) => Float64Array;
  /** The fit draws random numbers: then two seeds must give different outputs. */
  randomized?: boolean;
  /** The fit iterates and must stop when its signal is aborted. */
  abortable?: boolean;
  /**
   * For a recommender that reads the catalog (RecommenderFitContext.catalog): the items of the data, per
   * item index, handed to every fit as the engine hands the stored ones.
   */
  catalog?: readonly FitItem[];
}

type Ids = { userIds?: IdMap | null; itemIds?: IdMap | null; nUsers?: number; nItems?: number };

/** Data without id maps (buildInteractions makes none) gets some, or the checks would compare nulls. */
function withIds<D extends Ids>(given: D): D {
  if (given.userIds && given.itemIds) return given;
  return {
    ...given,
    userIds: new IdMap(Array.from({ length: given.nUsers ?? 0 }, (_, u) => `user-${u}`)),
    itemIds: new IdMap(Array.from({ length: given.nItems ?? 0 }, (_, i) => `item-${i}`)),
  };
}

export function testModelPlugin<Data, Params extends object, Model>(
  plugin: ModelPlugin<Data, Params, Model>,
  options: ModelTestOptions<Data, Params, Model>,
): void {
  const data = (): Data =>
    typeof options.data === 'function' ? (options.data as () => Data)() : options.data;
  const params = options.params ?? {};
  const catalog = options.catalog;
  // A fit's context as the engine makes it: with the catalog where the test gives one.
  const context = (of: Parameters<typeof fitContext>[0]) => ({
    ...fitContext(of),
    ...(catalog ? { catalog } : {}),
  });
  const fitWithSeed = async (d: Data, seed: number) => plugin.fit(d, params, context({ seed }));

  describe(`model plugin ${plugin.kind}/${plugin.name}`, () => {
    it('declares its kind, name, format version and defaults', () => {
      // Names by the registry's own rule (pluginProblems): what registers passes here, and only that.
      expect(plugin.formatVersion, 'formatVersion: a whole number of at least 1').toSatisfy(
        (v: number) => Number.isInteger(v) && v >= 1,
      );
      expect(pluginProblems(plugin)).toEqual([]);
    });

    it('fits and predicts finite outputs', async () => {
      const d = data();
      const out = options.predict(await fitWithSeed(d, 1), d);
      expect(out.length).toBeGreaterThan(0);
      // The first output that is not finite, by its index (none: -1), to say which one.
      const bad = out.findIndex((v) => !Number.isFinite(v));
      expect(
        bad === -1 ? null : { index: bad, value: out[bad] },
        'the first output that is not finite',
      ).toBeNull();
    });

    it('repeats exactly under the same seed', async () => {
      const d = data();
      expect(Array.from(options.predict(await fitWithSeed(d, 7), d))).toEqual(
        Array.from(options.predict(await fitWithSeed(d, 7), d)),
      );
    });

    if (options.randomized) {
      it('gives different outputs under another seed', async () => {
        const d = data();
        expect(Array.from(options.predict(await fitWithSeed(d, 7), d))).not.toEqual(
          Array.from(options.predict(await fitWithSeed(d, 8), d)),
        );
      });
    }

    it('round-trips through serialize and deserialize with identical outputs and bytes', async () => {
      const d = data();
      const model = await fitWithSeed(d, 3);
      const bytes = plugin.serialize(model);
      expect(bytes).toBeInstanceOf(Uint8Array);
      const back = plugin.deserialize(bytes.slice());
      expect(Array.from(options.predict(back, d))).toEqual(Array.from(options.predict(model, d)));
      expect(Array.from(plugin.serialize(back))).toEqual(Array.from(bytes));
    });

    if (plugin.kind === 'recommender') {
      // Serving finds customers and SKUs through a recommender's id maps: lost in its bytes, every request
      // would be answered with nothing (encodeModel/decodeModel keep them).
      it('keeps the id maps and the shape of the data it was fitted on, through its bytes too', async () => {
        const ids = (x: Ids) => [x.userIds?.toArray() ?? null, x.itemIds?.toArray() ?? null];
        const d = withIds(data() as Data & Ids);
        const model = (await fitWithSeed(d, 3)) as Model & Ids;
        expect(ids(model)).toEqual(ids(d));
        expect([model.nUsers, model.nItems]).toEqual([d.nUsers, d.nItems]);
        expect(ids(plugin.deserialize(plugin.serialize(model)) as Ids)).toEqual(ids(d));
      });

      // The engine's own checks before `train recs` stores a contributed model (servingProblem, one
      // implementation): a model that fails them trains nowhere, whatever `predict` shows.
      it('passes the checks train recs applies before storing it (one finite score per item, ...)', async () => {
        const d = withIds(data() as Data & Ids);
        const model = await fitWithSeed(d as Data, 3);
        const problem = servingProblem(
          plugin as unknown as RecommenderPlugin<object, Recommender>,
          model as unknown as Recommender,
          d as unknown as InteractionMatrix,
        );
        if (problem !== null) expect.fail(`train recs would refuse the model: ${problem}`);
      });
    }

    it('refuses bytes of another model', () => {
      const other = encodeArtifact(`not-${plugin.name}`, plugin.formatVersion, {});
      expect(() => plugin.deserialize(other)).toThrow();
      expect(() => plugin.deserialize(new Uint8Array([1, 2, 3]))).toThrow();
    });

    if (options.abortable) {
      it('stops when its signal is aborted', async () => {
        const controller = new AbortController();
        controller.abort(new Error('cancelled by the test'));
        await expect(
          (async () => plugin.fit(data(), params, context({ seed: 1, signal: controller.signal })))(),
        ).rejects.toThrow('cancelled by the test');
      });
    }
  });
}
