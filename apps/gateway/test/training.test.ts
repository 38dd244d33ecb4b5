import {
  DEFAULT_SEED,
  ParamError,
  recommenderPlugin,
  registerRecommender,
  trainRecommender,
} from '@storewise/engine';
import { type EventInput, openStorage } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingJobs } from '../src/jobs/training-jobs.js';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;
let admin: string;
let reader: string;

interface Job {
  id: string;
  model: string;
  status: string;
  progress: number;
  message: string;
  version: number | null;
  error: string | null;
}

const JOB =
  'query ($id: String!) { trainingJob(id: $id) { id model status progress message version error } }';

async function finished(id: string): Promise<Job> {
  let job: Job | null = null;
  await expect
    .poll(
      async () => {
        job = dataOf<Job>(await gql(gw.url, JOB, { key: reader, variables: { id } }), 'trainingJob');
        return job.status;
      },
      // The default model, auto, fits six times (in one worker): slow on a loaded machine.
      { timeout: 100_000 },
    )
    .not.toBe('RUNNING');
  return job!;
}

beforeAll(async () => {
  gw = await startTestGateway();
  admin = await gw.key(['admin']);
  reader = await gw.key(['read']);
});
afterAll(() => gw.close());

describe('train', () => {
  it('reports a failed job when there is nothing to train on', async () => {
    const r = await gql(gw.url, 'mutation { train(model: "item-knn") { id status } }', { key: admin });
    const job = await finished(dataOf<Job>(r, 'train').id);
    expect(job.status).toBe('FAILED');
    expect(job.error).toMatch(/^no interactions to train on/);
  });

  it('trains in the background, reports progress, and serves the new model at once', async () => {
    const events: EventInput[] = [];
    for (let c = 0; c < 6; c++)
      for (const sku of c % 2 ? ['A', 'B', 'C'] : ['C', 'D', 'E'])
        events.push({
          eventId: `${c}-${sku}`,
          type: 'purchase',
          customerId: `c${c}`,
          sku,
          timestamp: new Date(Date.UTC(2024, 0, 1 + c)),
        });
    await gw.storage.appendEvents(events);
    const before = await gql(gw.url, '{ recommendations(customerId: "c1", first: 2) { strategy } }', {
      key: reader,
    });
    expect(codes(before)).toEqual(['MODEL_NOT_TRAINED']);
    const started = dataOf<Job>(
      await gql(gw.url, 'mutation { train { id status progress } }', { key: admin }),
      'train',
    );
    expect(started.status).toBe('RUNNING');
    const job = await finished(started.id);
    // An auto job names the model it chose once it has succeeded (the stored version's, below).
    expect(job.model).not.toBe('auto');
    expect(job).toMatchObject({ status: 'SUCCEEDED', progress: 1, version: 1, error: null });
    const metrics = await gql(gw.url, 'query ($id: String!) { trainingJob(id: $id) { metrics } }', {
      key: reader,
      variables: { id: started.id },
    });
    expect(dataOf<{ metrics: unknown }>(metrics, 'trainingJob').metrics).toMatchObject({
      customers: 6,
      items: 5,
      events: 18,
      pairs: 18,
      fitSeconds: expect.any(Number),
    });
    const after = await gql(
      gw.url,
      '{ recommendations(customerId: "c1", first: 2) { strategy items { sku } } }',
      { key: reader },
    );
    expect(dataOf<{ strategy: string }>(after, 'recommendations').strategy).toBe('MODEL');
    const list = await gql(gw.url, '{ trainingJobs(first: 10) { id status } }', { key: reader });
    expect(dataOf<Job[]>(list, 'trainingJobs').map((j) => j.status)).toEqual(['SUCCEEDED', 'FAILED']);
    // Which algorithm the stored version is, and how it was chosen (the default model: auto, the
    // candidate with the best holdout NDCG, each candidate's recorded).
    const models = await gql(gw.url, '{ models(first: 5) { name version kind params metrics active } }', {
      key: reader,
    });
    const [stored] = dataOf<{ params: { model: string; seed: number }; metrics: Record<string, number> }[]>(
      models,
      'models',
    );
    expect(stored).toMatchObject({
      name: 'recs',
      version: 1,
      kind: 'recommender',
      params: { chosenBy: 'auto' },
      active: true,
    });
    const tried = Object.keys(stored!.metrics).filter((key) => /^auto\..*\.ndcg$/.test(key));
    expect(tried.map((key) => key.slice(5, -5))).toEqual([
      'popularity',
      'item-knn',
      'cooccurrence',
      'als',
      'ease',
    ]);
    expect(job.model).toBe(stored!.params.model);
    expect(stored!.metrics[`auto.${stored!.params.model}.ndcg`]).toBe(
      Math.max(...tried.map((key) => stored!.metrics[key]!)),
    );
    // The job passes no seed: the engine's default, the CLI's `--seed` default too, so the same data
    // records the same metrics through the gateway (and the SDK's train) as through `storewise train recs`.
    expect(stored!.params.seed).toBe(DEFAULT_SEED);
    const engine = await trainRecommender(gw.storage, { model: 'auto', dryRun: true });
    for (const key of tried) expect(stored!.metrics[key], key).toBe(engine.metrics[key]);
    // 6 customers: the holdout ranked fewer than 30 of them, which the job's warnings say.
    const warned = await gql(gw.url, 'query ($id: String!) { trainingJob(id: $id) { warnings } }', {
      key: reader,
      variables: { id: started.id },
    });
    const ranked = stored!.metrics.users!;
    expect(ranked).toBeGreaterThan(0);
    expect(ranked).toBeLessThanOrEqual(6);
    expect(dataOf<{ warnings: string[] }>(warned, 'trainingJob').warnings).toEqual([
      `the evaluation ranked ${ranked} held-out ${ranked === 1 ? 'customer' : 'customers'} (fewer than 30): its metrics (ndcg, recall, hitRate, ...) say next to nothing about the model; judge it once more customers have events`,
    ]);
  }, 120_000);

  it('runs one job at a time, refuses unknown models and non-admin keys', async () => {
    const two = await gql(
      gw.url,
      'mutation { a: train(model: "item-knn") { id } b: train(model: "item-knn") { id } }',
      {
        key: admin,
      },
    );
    expect(codes(two)).toEqual(['JOB_RUNNING']);
    expect(two.body.errors?.[0]?.path).toEqual(['b']);
    await finished(dataOf<{ id: string }>(two, 'a').id);
    const unknown = await gql(gw.url, 'mutation { train(model: "deep-magic") { id } }', { key: admin });
    expect(unknown.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'model' });
    expect(unknown.body.errors?.[0]?.message).toMatch(
      /^model "deep-magic" is not a known recommender \(auto, or one of: .*\bitem-knn\b.*\bease\b/,
    );
    expect((await gql(gw.url, 'mutation { train { id } }', { key: reader })).status).toBe(403);
    // Two versions now: pages of one, newest first, each read on from the id of the one before.
    const page = async (after: string | null) =>
      dataOf<{ id: string; version: number }[]>(
        await gql(gw.url, 'query ($after: String) { models(first: 1, after: $after) { id version } }', {
          key: reader,
          variables: { after },
        }),
        'models',
      );
    expect(await page(null)).toEqual([{ id: 'recs@2', version: 2 }]);
    expect(await page('recs@2')).toEqual([{ id: 'recs@1', version: 1 }]);
    expect(await page('recs@1')).toEqual([]);
    const stray = await gql(gw.url, '{ models(first: 1, after: "recs@9") { id } }', { key: reader });
    expect(stray.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    // A rollback: version 1 served again, without training; refused for a version that is not stored.
    const activate = (version: number, key = admin) =>
      gql(gw.url, `mutation { activateModel(name: "recs", version: ${version}) { id active } }`, { key });
    expect(dataOf(await activate(1), 'activateModel')).toEqual({ id: 'recs@1', active: true });
    const active = await gql(gw.url, '{ models(first: 5) { id active } }', { key: reader });
    expect(dataOf(active, 'models')).toEqual([
      { id: 'recs@2', active: false },
      { id: 'recs@1', active: true },
    ]);
    const served = await gql(gw.url, '{ recommendations(customerId: "c1", first: 2) { strategy } }', {
      key: reader,
    });
    expect(dataOf<{ strategy: string }>(served, 'recommendations').strategy).toBe('MODEL');
    // This gateway serves v1 now, and had no trouble loading it.
    const here = await gql(gw.url, '{ models(first: 5) { id servedHere serveError } }', { key: reader });
    expect(dataOf(here, 'models')).toEqual([
      { id: 'recs@2', servedHere: false, serveError: null },
      { id: 'recs@1', servedHere: true, serveError: null },
    ]);
    const scraped = await (await fetch(gw.url.replace(/graphql$/, 'metrics'))).text();
    expect(scraped).toContain('storewise_recommender_served_version 1');
    const missing = await activate(7);
    expect(missing.body.errors?.[0]).toMatchObject({
      message: 'version: model "recs" has no version 7 (its versions: 1, 2)',
      extensions: { code: 'BAD_USER_INPUT', field: 'version' },
    });
    expect((await activate(2, reader)).status).toBe(403);
    // Pruning: the served v1 and the newest v2 stay; three versions of another model keep their newest.
    const prune = (args: string, key = admin) =>
      gql(gw.url, `mutation { pruneModels${args} { id active } }`, { key });
    expect(dataOf(await prune('(name: "recs", keep: 1)'), 'pruneModels')).toEqual([]);
    for (let v = 0; v < 3; v++)
      await gw.storage.saveModel({
        name: 'other',
        kind: 'k',
        params: {},
        metrics: {},
        bytes: new Uint8Array(8),
      });
    expect(dataOf(await prune('(keep: 1)'), 'pruneModels')).toEqual([
      { id: 'other@1', active: false },
      { id: 'other@2', active: false },
    ]);
    const zero = await prune('(keep: 0)');
    expect(zero.body.errors?.[0]).toMatchObject({
      message: 'keep: must be at least 1 (got 0)',
      extensions: { code: 'BAD_USER_INPUT', field: 'keep' },
    });
    expect((await prune('', reader)).status).toBe(403);
    // After an erasure of a customer the store held, every version left was trained before it: the served
    // recs v1 and each model's newest stay, listed by the privacy report; a newer version lets other v3 go.
    const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
    await gw.storage.upsertCustomers([{ externalId: 'prune-me' }]);
    await pause();
    await gw.storage.deleteCustomer('prune-me');
    expect(dataOf(await prune('(trainedBeforeErasure: true)'), 'pruneModels')).toEqual([]);
    await pause();
    await gw.storage.saveModel({
      name: 'other',
      kind: 'k',
      params: {},
      metrics: {},
      bytes: new Uint8Array(8),
    });
    expect(dataOf(await prune('(name: "other", trainedBeforeErasure: true)'), 'pruneModels')).toEqual([
      { id: 'other@3', active: false },
    ]);
    const report = await gql(
      gw.url,
      '{ privacyReport { erasure { modelsTrainedBefore { name version active } } } }',
      { key: admin },
    );
    expect(dataOf(report, 'privacyReport')).toEqual({
      erasure: {
        modelsTrainedBefore: [
          { name: 'recs', version: 1, active: true },
          { name: 'recs', version: 2, active: false },
        ],
      },
    });
  });

  it("takes a model's parameters, checked by name and kind, and shows a value the model refuses", async () => {
    const train = (args: string) => gql(gw.url, `mutation { train(${args}) { id } }`, { key: admin });
    const refused = async (args: string) => (await train(args)).body.errors?.[0];
    expect(await refused('params: {neighbors: 5}')).toMatchObject({
      message:
        'params: model "auto" takes no parameters: it compares models at their defaults; name a model to set its parameters',
      extensions: { code: 'BAD_USER_INPUT', field: 'params' },
    });
    expect(await refused('model: "item-knn", params: {neighbours: 5}')).toMatchObject({
      message:
        'params.neighbours: item-knn has no parameter "neighbours"; its parameters: neighbors, measure, shrink, normalize, minCommon',
      extensions: { code: 'BAD_USER_INPUT', field: 'params.neighbours' },
    });
    expect(await refused('model: "item-knn", params: {neighbors: "five"}')).toMatchObject({
      message: 'params.neighbors: item-knn parameter "neighbors" takes a number, got "five"',
      extensions: { field: 'params.neighbors' },
    });
    // The model's own rule: a count is a whole number of at least 1.
    const bad = await finished(
      dataOf<Job>(await train('model: "item-knn", params: {neighbors: -1}'), 'train').id,
    );
    expect(bad.status).toBe('FAILED');
    expect(bad.error).toMatch(/neighbors/);
    expect(bad.error).not.toMatch(/server log/);
    // It said 'reading interactions', the step it was at, as if still under way; and it was logged as an
    // internal error, with its stack (TrainingJobs below: a warning).
    expect(bad.message).toBe('failed');
    expect(gw.internalErrors.filter((e) => e instanceof ParamError)).toEqual([]);
    const good = await finished(
      dataOf<Job>(await train('model: "item-knn", params: {neighbors: 2, measure: "jaccard"}'), 'train').id,
    );
    expect(good.status).toBe('SUCCEEDED');
    const stored = (await gw.storage.listModels()).find(
      (m) => m.name === 'recs' && m.version === good.version,
    );
    expect(stored?.params.params).toMatchObject({ neighbors: 2, measure: 'jaccard' });
  });

  it('returns the warning of ALS factors large next to the shop, and none for the defaults', async () => {
    const warningsOf = async (args: string) => {
      const r = await gql(gw.url, `mutation { train(${args}) { id } }`, { key: admin });
      const job = await finished(dataOf<Job>(r, 'train').id);
      expect(job.status).toBe('SUCCEEDED');
      const w = await gql(gw.url, 'query ($id: String!) { trainingJob(id: $id) { warnings } }', {
        key: reader,
        variables: { id: job.id },
      });
      return dataOf<{ warnings: string[] }>(w, 'trainingJob').warnings;
    };
    // The shop above: 6 customers and 5 items, so at most floor(5 / 2) = 2 factors are learned.
    expect(await warningsOf('model: "als", params: {factors: 4, iterations: 2}')).toEqual([
      'als: factors 4 is large for 6 customers and 5 items: a rank above min(customers, items) / 10 (at least min(8, min(customers, items) / 2)) learns noise and can rank below random; leave factors unset (2 here) or set at most 2',
    ]);
    expect(await warningsOf('model: "als", params: {iterations: 2}')).toEqual([]);
  });

  it("shows the reason of a contributed model that lost the matrix's id maps in the job's error", async () => {
    // The mistake a new plugin's author makes: a fit that returns its model without withIds(...).
    const popularity = recommenderPlugin('popularity');
    registerRecommender({
      ...popularity,
      name: 'gw-no-ids',
      fit: (data, params, context) => {
        const model = popularity.fit(data, params, context);
        (model as { itemIds: unknown }).itemIds = null;
        return model;
      },
    });
    const r = await gql(gw.url, 'mutation { train(model: "gw-no-ids") { id } }', { key: admin });
    const job = await finished(dataOf<Job>(r, 'train').id);
    expect(job.status).toBe('FAILED');
    expect(job.error).toBe(
      'recommender "gw-no-ids" fitted a model without the matrix\'s id maps: its fit must keep them (BaseRecommender.withIds(data.userIds, data.itemIds)) and its bytes hold them (encodeModel)',
    );
  });

  it("shows why a contributed model was refused in the job's error", async () => {
    // The most popular items, but each customer's scores one short.
    const popularity = recommenderPlugin('popularity');
    registerRecommender({
      ...popularity,
      name: 'gw-short-scores',
      fit: async (data, params, context) => {
        const model = await popularity.fit(data, params, context);
        model.scoreUser = () => new Float64Array(data.nItems - 1);
        return model;
      },
    });
    const r = await gql(gw.url, 'mutation { train(model: "gw-short-scores") { id } }', { key: admin });
    const job = await finished(dataOf<Job>(r, 'train').id);
    expect(job.status).toBe('FAILED');
    expect(job.error).toBe(
      'recommender "gw-short-scores" fitted a model that cannot be served: customer index 0 has 4 scores, not one per item (5): scoreUser(user, out) fills `out` and returns it; it was not stored',
    );
  });
});

describe('train on a shop of many items', () => {
  // 1,500 items: an EASE fit inverts a 1,500 x 1,500 matrix, seconds of work, where reading the 3,000
  // events takes milliseconds.
  const manyItems = (): EventInput[] => {
    const events: EventInput[] = [];
    for (let c = 0; c < 300; c++)
      for (let j = 0; j < 10; j++)
        events.push({
          eventId: `${c}-${j}`,
          type: 'purchase',
          customerId: `c${c}`,
          sku: `s${(c * 7 + j * 151) % 1500}`,
          timestamp: new Date(Date.UTC(2024, 0, 1, 0, c)),
        });
    return events;
  };

  it('answers requests while a model fits (the fit runs in a worker thread)', async () => {
    const shop = await startTestGateway();
    try {
      const key = await shop.key(['admin']);
      await shop.storage.appendEvents(manyItems());
      const started = dataOf<Job>(
        await gql(shop.url, 'mutation { train(model: "ease") { id } }', { key }),
        'train',
      );
      // Long past the read: on the event loop, the fit would hold this request until it ended.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const during = await gql(shop.url, JOB, { key, variables: { id: started.id } });
      expect(dataOf<Job>(during, 'trainingJob').status).toBe('RUNNING');
    } finally {
      await shop.close();
    }
  });

  it("logs a parameter the model refused as the user's (a warning, no stack), not as an internal error", async () => {
    const storage = await openStorage('memory:');
    await storage.appendEvents(manyItems().slice(0, 50));
    const internal: unknown[] = [];
    const refused: [string, Record<string, unknown>][] = [];
    const jobs = new TrainingJobs(
      storage,
      async () => {},
      (error) => internal.push(error),
      (message, context) => refused.push([message, context]),
    );
    const job = jobs.start('item-knn', { neighbors: -1 });
    await jobs.idle();
    // The reference: the message of the ParamError the engine throws for this value on the calling thread.
    const reference = await trainRecommender(storage, {
      model: 'item-knn',
      params: { neighbors: -1 },
      dryRun: true,
    }).catch((e: Error) => e.message);
    expect(jobs.get(job.id)).toMatchObject({ status: 'failed', message: 'failed', error: reference });
    expect(internal).toEqual([]);
    expect(refused).toEqual([[`training refused: ${reference}`, { job: job.id, model: 'item-knn' }]]);
    await storage.close();
  });

  it('a shutdown stops a running fit: the job fails, saying so', async () => {
    const storage = await openStorage('memory:');
    await storage.appendEvents(manyItems());
    const trained: string[] = [];
    const jobs = new TrainingJobs(
      storage,
      async () => {
        trained.push('trained');
      },
      () => {},
    );
    const job = jobs.start('ease');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await jobs.stop();
    expect(jobs.get(job.id)).toMatchObject({
      status: 'failed',
      error: 'stopped: the gateway shut down before the training ended',
    });
    expect(trained).toEqual([]);
    expect(await storage.listModels()).toEqual([]);
    await storage.close();
  });
});
