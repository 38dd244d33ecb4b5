import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-segment-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixtures = new URL('../../engine/test/fixtures/customers/', import.meta.url).pathname;
const retail = join(fixtures, 'retail-40.csv');
// Reference: pandas ranks in packages/engine/test/fixtures/customers/make_retail_40.py.
const expected = JSON.parse(readFileSync(join(fixtures, 'retail-40.expected.json'), 'utf8')) as {
  segments: Record<string, { customers: number }>;
  customers: Record<string, { R: number; F: number; segment: string }>;
};
const db = join(dir, 'db');
const rfm = ['segment', 'rfm', '--db', db, '--as-of', '2011-12-01'];

/** The stored segments' member counts, by id (only those with members). */
async function storedMembers(): Promise<Record<string, number>> {
  const storage = await openStorage(db);
  const segments = await storage.listSegments();
  await storage.close();
  return Object.fromEntries(segments.filter((s) => s.members > 0).map((s) => [s.id, s.members]));
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = testIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('storewise segment rfm: what it stores', () => {
  beforeAll(async () => {
    expect((await run(['import', retail, '--format', 'online-retail', '--db', db, '--json'])).code).toBe(0);
  });

  it('--dry-run computes and prints, and stores nothing', async () => {
    const dry = await run([...rfm, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/Champions\s+8\s+32\.0%/);
    expect(dry.out).toMatch(/\ndry run: nothing stored\n$/);
    expect(await storedMembers()).toEqual({});
    const storage = await openStorage(db);
    expect(await storage.getScores('13000')).toEqual([]);
    await storage.close();
  });

  it('says which scores and segments it stored, as the database then holds them', async () => {
    const { code, out } = await run([...rfm, '--json']);
    expect(code).toBe(0);
    const { stored } = JSON.parse(out);
    const rfmSizes = Object.entries(expected.segments)
      .filter(([, s]) => s.customers > 0)
      .map(([name, s]) => [`rfm:${name.toLowerCase().replace(/'/g, '').replace(/ /g, '-')}`, s.customers]);
    const members = await storedMembers();
    expect(Object.entries(members).filter(([id]) => id.startsWith('rfm:'))).toEqual(
      expect.arrayContaining(rfmSizes),
    );
    expect(
      stored.segments.map((s: { segmentId: string; members: number }) => [s.segmentId, s.members]),
    ).toEqual(expect.arrayContaining(Object.entries(members)));
    expect(stored.segments).toHaveLength(Object.keys(members).length);
    expect(stored.scores.slice(0, 3)).toEqual(['rfm_recency', 'rfm_frequency', 'rfm_monetary']);
    expect([stored.customers, stored.emptied, stored.current]).toEqual([40, [], true]);
    const storage = await openStorage(db);
    const models = (await storage.getScores('13000')).map((s) => s.model).sort();
    await storage.close();
    expect(models).toEqual([...stored.scores].sort());
    const text = await run(rfm);
    expect(text.out).toContain('stored as of 2011-12-01: scores rfm_recency, rfm_frequency, rfm_monetary');
    expect(text.out).toMatch(
      /\nstored \d+ segments with members \(customers\): rfm:champions \(8\), rfm:loyal /,
    );
  });

  it('refuses to store a --map that would empty the standard segments, unless --replace; --dry-run tries it', async () => {
    const before = await storedMembers();
    const map = join(dir, 'top.json');
    writeFileSync(map, JSON.stringify([{ name: 'Top', recency: [4, 5], frequency: [4, 5] }]));
    const refused = await run([...rfm, '--map', map]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      new RegExp(
        `^storewise: --map ${map} names none of the stored RFM segments .*rfm:champions \\(8 members\\)`,
      ),
    );
    expect(refused.err).toContain('Add --dry-run to look at the map');
    expect(await storedMembers()).toEqual(before);

    const top = Object.values(expected.customers).filter((c) => c.R >= 4 && c.F >= 4).length;
    const tried = await run([...rfm, '--map', map, '--dry-run']);
    expect(tried.code).toBe(0);
    expect(tried.out).toMatch(new RegExp(`\\n  Top\\s+${top}\\s`));
    expect(tried.out).toMatch(/\ndry run: nothing stored\n$/);
    expect(await storedMembers()).toEqual(before);

    const replaced = await run([...rfm, '--map', map, '--replace', '--json']);
    expect(replaced.code).toBe(0);
    const { stored } = JSON.parse(replaced.out);
    const standard = Object.entries(before).filter(([id]) => id.startsWith('rfm:'));
    expect(
      stored.emptied.map((s: { segmentId: string; members: number }) => [s.segmentId, s.members]),
    ).toEqual(expect.arrayContaining(standard));
    expect(stored.emptied).toHaveLength(standard.length);
    const after = await storedMembers();
    expect([after['rfm:top'], after['rfm:other'], after['rfm:champions']]).toEqual([
      top,
      40 - top,
      undefined,
    ]);

    // The standard map again (no --map) restores the standard segments and says it emptied the map's.
    const back = await run(rfm);
    expect(back.code).toBe(0);
    expect(back.out).toContain(
      `emptied 2 segments (members before): rfm:other (${40 - top}), rfm:top (${top})`,
    );
    expect((await storedMembers())['rfm:champions']).toBe(8);
  });

  it('refuses --replace without --map, and with --dry-run', async () => {
    expect((await run([...rfm, '--replace'])).err).toBe(
      'storewise: --replace only applies with --map (a run without --map stores the standard segments)\n',
    );
    const map = join(dir, 'top.json');
    expect((await run([...rfm, '--map', map, '--replace', '--dry-run'])).err).toBe(
      'storewise: use either --dry-run or --replace, not both\n',
    );
  });

  it('profile --as-of an earlier date shows the scores computed later as not available then', async () => {
    const asOfLater = await run(['profile', '13000', '--db', db, '--as-of', '2011-06-01', '--json']);
    expect(asOfLater.code).toBe(0);
    const p = JSON.parse(asOfLater.out);
    expect(p.scores).toEqual([]);
    const models = p.laterScores.map((s: { model: string }) => s.model);
    const storage = await openStorage(db);
    const stored = (await storage.getScores('13000')).map((s) => s.model);
    await storage.close();
    expect(stored).toContain('rfm_recency');
    expect([...models].sort()).toEqual([...stored].sort());
    for (const s of p.laterScores) expect(s.computedAt).toBe('2011-12-01T00:00:00.000Z');
    const text = await run(['profile', '13000', '--db', db, '--as-of', '2011-06-01']);
    expect(text.out).toContain('not available as of 2011-06-01 (computed later):\n');
    expect(text.out).toMatch(/\n {2}rfm_recency +- {2}\(2011-12-01T00:00:00\.000Z\)\n/);
    expect(text.out).not.toContain('no stored scores');
    // As of the date they were computed (and without --as-of) they are shown.
    const current = JSON.parse(
      (await run(['profile', '13000', '--db', db, '--as-of', '2011-12-01', '--json'])).out,
    );
    expect([current.scores.length, current.laterScores]).toEqual([p.laterScores.length, []]);
    const want = expected.customers['13000']!;
    expect(current.scores.find((s: { model: string }) => s.model === 'rfm_recency').score).toBe(want.R);
  });
});
