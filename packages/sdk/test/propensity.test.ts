import { demoShopFormat, demoShopPath, importFile, trainPurchasePropensity } from '@storewise/engine';
import { createGateway, ensureAdminKey, type Gateway } from '@storewise/gateway';
import { openStorage, type Storage } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type StorewiseClient, StorewiseError } from '../src/index.js';

let storage: Storage;
let gateway: Gateway;
let admin: StorewiseClient;

beforeAll(async () => {
  storage = await openStorage('memory:');
  const { generatedKey } = await ensureAdminKey(storage, undefined);
  gateway = await createGateway({ storage, logInternalError: () => {} });
  admin = createClient({ url: await gateway.listen(0, '127.0.0.1'), apiKey: generatedKey! });
  await importFile(storage, demoShopPath, { format: demoShopFormat });
});
afterAll(async () => {
  await gateway.stop();
  await storage.close();
});

describe('trainPropensity', () => {
  it("returns the holdout's fairness by country as the engine computes it", async () => {
    const reference = await trainPurchasePropensity(storage, {
      horizonDays: 30,
      dryRun: true,
      fairnessMinGroupSize: 5,
    });
    const run = await admin.trainPropensity({ dryRun: true, fairnessMinGroupSize: 5 });
    expect(run.fairness.by).toBe('country');
    expect(run.fairness.judged).toEqual(reference.fairness.judged);
    expect(run.fairness.groups.map((g) => [g.name, g.customers, g.selected])).toEqual(
      reference.fairness.groups.map((g) => [g.name, g.rows, g.selected]),
    );
    expect(run.holdout.rocAuc).toBe(reference.holdout.rocAuc);
  });

  it('answers the baseline, and keeps a model worse than it inactive without scores unless force', async () => {
    const reference = await trainPurchasePropensity(storage, {
      horizonDays: 30,
      model: 'tree',
      dryRun: true,
    });
    expect(reference.worseThanBaseline).not.toBeNull(); // an unlimited tree: probabilities of 0 and 1
    const held = await admin.trainPropensity({ model: 'tree' });
    expect(held).toMatchObject({
      activated: false,
      scored: 0,
      worseThanBaseline: reference.worseThanBaseline,
      active: null,
    });
    expect(held.baseline).toEqual(reference.baseline);
    const forced = await admin.trainPropensity({ model: 'tree', force: true });
    expect(forced).toMatchObject({ activated: true, scored: 303 });
    // The first version was never active: the forced one compares with nothing.
    expect(forced.active).toBeNull();
  });

  it('names a bad fairnessBy', async () => {
    const error = await admin.trainPropensity({ dryRun: true, fairnessBy: 'region' }).catch((e) => e);
    expect(error).toBeInstanceOf(StorewiseError);
    expect((error as StorewiseError).field).toBe('fairnessBy');
  });
});
