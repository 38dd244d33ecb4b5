import type { Storage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { ModelVersionError, pruneModelVersions } from '../../src/recs/index.js';
import { adapters } from './shop-fixture.js';

// A pause between writes so that their stored times differ (a clock may not move within 1 ms).
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
const save = (s: Storage, name: string, kind = 'recommender') =>
  s.saveModel({ name, kind, params: {}, metrics: {}, bytes: new Uint8Array(8) });
const versions = (models: { name: string; version: number }[]) =>
  models.map((m) => `${m.name} v${m.version}`);

describe.each(await adapters())('pruning model versions on %s', (_name, open) => {
  it('removes the versions trained before the latest erasure, naming those kept (served or newest)', async () => {
    const s = await open();
    await s.upsertCustomers([{ externalId: 'c1' }, { externalId: 'c2' }]);
    // recs v1 and v2 and propensity v1 were trained on c1's rows; recs v3 after c1's erasure; c2 erased last.
    await save(s, 'recs');
    await save(s, 'recs');
    await save(s, 'purchase-propensity', 'propensity');
    await pause();
    await s.deleteCustomer('c1');
    await pause();
    await save(s, 'recs');
    await s.activateModel('recs', 2);
    // The default keep (5) alone removes nothing: the case the privacy report's advice missed.
    expect(await pruneModelVersions(s)).toEqual({
      keep: 5,
      removed: [],
      erasureAt: null,
      keptBeforeErasure: [],
    });
    const first = await pruneModelVersions(s, { trainedBeforeErasure: true });
    // recs v1 goes; recs v2 is served and propensity v1 is its model's only (newest) version: both stay.
    expect(versions(first.removed)).toEqual(['recs v1']);
    expect(versions(first.keptBeforeErasure)).toEqual(['purchase-propensity v1', 'recs v2']);
    expect(first.erasureAt).toEqual(await s.lastErasureAt!());
    // Trained again and served: the next prune takes the rest, and an erasure of an id never held moves nothing.
    await s.activateModel('recs', 3);
    await save(s, 'purchase-propensity', 'propensity');
    await s.deleteCustomer('never-held');
    const second = await pruneModelVersions(s, { trainedBeforeErasure: true });
    expect(versions(second.removed)).toEqual(['purchase-propensity v1', 'recs v2']);
    expect(second.keptBeforeErasure).toEqual([]);
    expect(versions(await s.listModels())).toEqual(['purchase-propensity v2', 'recs v3']);
    // c2's erasure is later than every version: recs v3 is served, propensity v2 the newest, so they stay and are named.
    await pause();
    await s.deleteCustomer('c2');
    const third = await pruneModelVersions(s, { name: 'recs', trainedBeforeErasure: true });
    expect(third.removed).toEqual([]);
    expect(versions(third.keptBeforeErasure)).toEqual(['recs v3']);
    await s.close();
  });

  it('refuses an unknown model name, naming the stored ones', async () => {
    const s = await open();
    await save(s, 'recs');
    const refusal = await pruneModelVersions(s, { name: 'nope' }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ModelVersionError);
    expect(refusal).toMatchObject({ field: 'name', message: 'no stored model "nope" (stored: recs)' });
    await s.close();
  });
});
