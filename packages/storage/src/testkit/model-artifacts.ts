import { describe, expect, it } from 'vitest';
import type { WithStorage } from './index.js';

/** Model artifacts: versions per name, the active one, bytes in parts, pruning. */
export function modelArtifactTests(withStorage: WithStorage): void {
  describe('model artifacts', () => {
    it(
      'versions artifacts per name, activates the newest by default, and survives as bytes',
      withStorage(async (s) => {
        const bytes1 = new Uint8Array([1, 2, 3]);
        // Every byte value, in a view that starts inside its buffer (adapters must not send the rest).
        const bytes2 = new Uint8Array(1100).map((_, i) => (i * 7) % 256).subarray(50, 1050);
        const v1 = await s.saveModel({
          name: 'als',
          kind: 'recommender',
          params: { factors: 64 },
          metrics: { ndcg: 0.4 },
          bytes: bytes1,
        });
        expect(v1).toMatchObject({
          name: 'als',
          version: 1,
          kind: 'recommender',
          active: true,
          sizeBytes: 3,
        });
        const v2 = await s.saveModel({
          name: 'als',
          kind: 'recommender',
          params: { factors: 128 },
          metrics: { ndcg: 0.45 },
          bytes: bytes2,
        });
        expect(v2).toMatchObject({ version: 2, active: true, sizeBytes: 1000 });
        await s.saveModel({
          name: 'pop',
          kind: 'recommender',
          params: {},
          metrics: {},
          bytes: new Uint8Array(0),
        });

        const active = await s.loadModel('als');
        expect(active).toMatchObject({ version: 2, params: { factors: 128 }, metrics: { ndcg: 0.45 } });
        expect(Array.from(active!.bytes)).toEqual(Array.from(bytes2));
        expect(Array.from((await s.loadModel('als', 1))!.bytes)).toEqual([1, 2, 3]);
        expect(await s.loadModel('als', 3)).toBeNull();
        expect(await s.loadModel('missing')).toBeNull();

        await s.activateModel('als', 1);
        expect((await s.loadModel('als'))!.version).toBe(1);
        const list = await s.listModels();
        expect(list.map((m) => [m.name, m.version, m.active, m.sizeBytes])).toEqual([
          ['als', 1, true, 3],
          ['als', 2, false, 1000],
          ['pop', 1, true, 0],
        ]);
        await expect(s.activateModel('als', 9)).rejects.toThrow('model "als": version 9 does not exist');
        const staged = await s.saveModel({
          name: 'als',
          kind: 'recommender',
          params: {},
          metrics: {},
          bytes: bytes1,
          activate: false,
        });
        expect(staged).toMatchObject({ version: 3, active: false });
        expect((await s.loadModel('als'))!.version).toBe(1);
      }),
    );
    it(
      'prunes the versions older than the newest few, keeping the active one, and never gives a number twice',
      withStorage(async (s) => {
        const save = (name: string, size: number) =>
          s.saveModel({ name, kind: 'recommender', params: {}, metrics: {}, bytes: new Uint8Array(size) });
        for (let v = 1; v <= 5; v++) await save('als', v * 10);
        await save('pop', 1);
        await s.activateModel('als', 2);
        const pruned = await s.pruneModels('als', 2);
        expect(pruned.map((m) => [m.name, m.version, m.active, m.sizeBytes])).toEqual([
          ['als', 1, false, 10],
          ['als', 3, false, 30],
        ]);
        expect((await s.listModels()).map((m) => [m.name, m.version, m.active])).toEqual([
          ['als', 2, true],
          ['als', 4, false],
          ['als', 5, false],
          ['pop', 1, true],
        ]);
        expect(await s.loadModel('als', 1)).toBeNull();
        expect((await s.loadModel('als'))!.version).toBe(2);
        expect(await s.pruneModels('als', 2)).toEqual([]);
        // Pruned down to the newest alone: the next version is 6, not a number used before.
        expect((await s.pruneModels('als', 1)).map((m) => m.version)).toEqual([4]);
        expect((await save('als', 1)).version).toBe(6);
        expect(await s.pruneModels('missing', 1)).toEqual([]);
        await expect(s.pruneModels('als', 0)).rejects.toThrow(
          'pruneModels: keep must be a whole number of at least 1 (got 0)',
        );
        await expect(s.pruneModels('als', 1.5)).rejects.toThrow('keep must be a whole number');
      }),
    );
    it(
      'prunes the versions trained before an instant, but never the active one nor the newest',
      withStorage(async (s) => {
        const save = (name: string) =>
          s.saveModel({ name, kind: 'recommender', params: {}, metrics: {}, bytes: new Uint8Array(4) });
        // A pause between saves so that their times differ (a store's clock may not move within 1 ms).
        const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
        await save('als');
        await save('als');
        const v3 = await save('als');
        await save('pop');
        await pause();
        const v4 = await save('als');
        await s.activateModel('als', 2);
        // v1 to v3 were saved before the instant: v2 is served, so v1 and v3 go; the default keep alone takes none.
        const cutoff = new Date(v3.createdAt.getTime() + 1);
        expect(v4.createdAt.getTime()).toBeGreaterThan(cutoff.getTime());
        expect(await s.pruneModels('als', 5)).toEqual([]);
        const pruned = await s.pruneModels('als', 5, { trainedBefore: cutoff });
        expect(pruned.map((m) => [m.name, m.version, m.active])).toEqual([
          ['als', 1, false],
          ['als', 3, false],
        ]);
        // Every version left was trained before now: v2 is served and v4 is the newest, so both stay, as pop's only.
        await pause();
        const now = new Date(v4.createdAt.getTime() + 1);
        expect(await s.pruneModels('als', 5, { trainedBefore: now })).toEqual([]);
        expect(await s.pruneModels('pop', 5, { trainedBefore: now })).toEqual([]);
        expect((await s.listModels()).map((m) => [m.name, m.version, m.active])).toEqual([
          ['als', 2, true],
          ['als', 4, false],
          ['pop', 1, true],
        ]);
        // Served again by a newer version, v2 goes, and the next number is still new.
        await s.activateModel('als', 4);
        expect((await s.pruneModels('als', 5, { trainedBefore: now })).map((m) => m.version)).toEqual([2]);
        expect((await save('als')).version).toBe(5);
      }),
    );
    it(
      'keeps an artifact larger than the SQL adapters store in one part (1 MB) byte for byte',
      withStorage(async (s) => {
        // 40 MB: forty parts on the SQL adapters. Every byte value, in a pattern that no part repeats.
        const bytes = new Uint8Array(40 << 20);
        for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + (i >>> 20)) & 255;
        const info = await s.saveModel({ name: 'ease', kind: 'recommender', params: {}, metrics: {}, bytes });
        expect(info).toMatchObject({ version: 1, sizeBytes: 40 << 20 });
        const back = await s.loadModel('ease');
        expect(back!.sizeBytes).toBe(40 << 20);
        expect(back!.bytes.byteLength).toBe(40 << 20);
        let differ = -1;
        for (let i = 0; i < bytes.length && differ < 0; i++) if (back!.bytes[i] !== bytes[i]) differ = i;
        expect(differ).toBe(-1);
        expect((await s.listModels()).map((m) => m.sizeBytes)).toEqual([40 << 20]);
      }),
      60_000,
    );
  });
}
