import { describe, expect, it } from 'vitest';
import { customerAnalytics, storeCustomerAnalytics } from '../../src/customers/index.js';
import { importFile } from '../../src/import/index.js';
import { adapters, fixture } from './stores.js';

const DECEMBER = new Date('2011-12-01T00:00:00Z');
const JUNE = new Date('2011-06-01T00:00:00Z');

describe.each(await adapters())('storeCustomerAnalytics on %s', (_name, open) => {
  it('keeps a run as of an earlier date than the stored scores as history: no score written, no segment made current', async () => {
    const storage = await open();
    try {
      await importFile(storage, fixture('retail-40.csv'), { format: 'online-retail' });
      // December's scores alone (as `storewise clv` stores them: no segments).
      const december = await customerAnalytics(storage, { asOf: DECEMBER });
      const first = await storeCustomerAnalytics(storage, december, { segments: false });
      expect(first).toMatchObject({ current: true, laterAt: null, refreshed: [] });
      expect(first.scoresWritten).toBeGreaterThan(0);
      const id = december.customerIds[0]!;
      const before = await storage.getScores(id);
      // June's look, with segments: history only, though no segment was stored yet.
      const june = await customerAnalytics(storage, { asOf: JUNE });
      const second = await storeCustomerAnalytics(storage, june, { segments: true });
      expect(second).toMatchObject({ current: false, laterAt: DECEMBER, scoresWritten: 0, refreshed: [] });
      expect(await storage.getScores(id)).toEqual(before);
      expect(await storage.listSegments()).toEqual([]);
      // December's segments, then June's again: June is kept as the segments' snapshots only.
      const withSegments = await storeCustomerAnalytics(storage, december, { segments: true });
      expect(withSegments.current).toBe(true);
      const third = await storeCustomerAnalytics(storage, june, { segments: true });
      expect(third.current).toBe(false);
      expect(third.refreshed.length).toBeGreaterThan(0);
      expect(third.refreshed.every((r) => !r.current)).toBe(true);
      for (const s of await storage.listSegments()) expect(s.refreshedAt).toEqual(DECEMBER);
    } finally {
      await storage.close();
    }
  });
});
