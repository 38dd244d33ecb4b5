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

  it('names a bad fairnessBy', async () => {
    const error = await admin.trainPropensity({ dryRun: true, fairnessBy: 'region' }).catch((e) => e);
    expect(error).toBeInstanceOf(StorewiseError);
    expect((error as StorewiseError).field).toBe('fairnessBy');
  });
});
