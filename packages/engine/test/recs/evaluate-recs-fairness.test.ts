// Beyond-accuracy measures and per-group accuracy in evaluateRecommenders, worked out by hand on a
// leave-last-out split small enough to follow, and the groups read from storage.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildInteractions, IdMap } from '@storewise/core';
import { openStorage } from '@storewise/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { GroupingError } from '../../src/customers/customer-groups.js';
import { evaluateRecommenders, readRatingsFile, storedUserGroups } from '../../src/recs/eval/index.js';
import { DEFAULT_EVENT_WEIGHTS, readInteractions } from '../../src/recs/interactions.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-fair-recs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Items a..e (indices 0..4 in order of appearance); each user's last rating (by time) is the test item.
//   u1: a b c | d    u2: a b | c    u3: a c | e    u4: a | b
// Training popularity a 4, b 2, c 2, d 0, e 0 (8 interactions).
const ROWS = [
  ['u1', 'abcd'],
  ['u2', 'abc'],
  ['u3', 'ace'],
  ['u4', 'ab'],
] as const;

async function ratings() {
  const lines = ['user,item,rating,time'];
  for (const [u, items] of ROWS)
    for (const [t, item] of [...items].entries()) lines.push(`${u},${item},4,${t + 1}`);
  const file = join(dir, 'tiny.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return (await readRatingsFile(file, { format: 'csv' })).ratings;
}

describe('evaluateRecommenders beyond accuracy', () => {
  it('measures the lists of the popularity model, by hand', async () => {
    const [pop] = await evaluateRecommenders(await ratings(), {
      split: 'leave-last-out',
      models: ['pop'],
      k: 2,
    });
    // Popularity ranks a, b, c (b before c on the tie), then d, e at 0; each user's training items are
    // left out: u1 [d, e], u2 [c, d], u3 [b, d], u4 [b, c]. Hits: u1 d, u2 c, u4 b at rank 1; u3 none.
    expect(pop!.ndcg).toBeCloseTo(3 / 4, 14);
    const b = pop!.beyondAccuracy;
    // Exposure a 0, b 2, c 2, d 3, e 1 of 8 slots.
    expect(b.coverage).toBeCloseTo(4 / 5, 14);
    expect(pop!.coverage).toBe(b.coverage);
    // Gini: sorted 0 1 2 2 3 weighted by 2j - 6 = -4 -2 0 2 4: 14, over 5 * 8.
    expect(b.gini).toBeCloseTo(14 / 40, 14);
    expect(b.distributionalCoverage).toBeCloseTo(
      -(2 * (2 / 8) * Math.log2(2 / 8) + (3 / 8) * Math.log2(3 / 8) + (1 / 8) * Math.log2(1 / 8)),
      14,
    );
    // Novelty: b and c are 2 of 8 interactions (2 bits), in 4 slots; d and e (unseen) add 0: 8 / 8.
    expect(b.novelty).toBeCloseTo(1, 14);
    expect(b.unseenShare).toBeCloseTo(0.5, 14);
    // The short head is a alone (4 of 8 >= 20%), never recommended: every slot is long tail.
    expect(b.shortHeadItems).toBe(1);
    expect(b.aplt).toBe(1);
    // ARP per list: (0 + 0) / 2, (2 + 0) / 2, (2 + 0) / 2, (2 + 2) / 2: mean 1.
    expect(b.arp).toBeCloseTo(1, 14);
    expect(pop!.groups).toBeUndefined();
  });

  it('gives the accuracy per activity tercile, by hand', async () => {
    const [pop] = await evaluateRecommenders(await ratings(), {
      split: 'leave-last-out',
      models: ['pop'],
      k: 2,
      groupBy: 'activity',
      minGroupSize: 1,
    });
    // Training entries u1 3, u2 2, u3 2, u4 1: light u4, medium u2 and u3, heavy u1.
    const g = pop!.groups!;
    expect(g.by).toBe('activity');
    expect(g.ranges).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(g.groups.map((x) => [x.name, x.users, x.ndcg, x.hitRate])).toEqual([
      ['light', 1, 1, 1],
      ['medium', 2, 0.5, 0.5],
      ['heavy', 1, 1, 1],
    ]);
    expect(g.disparity!.ndcg).toEqual({
      maxGroup: 'light',
      max: 1,
      minGroup: 'medium',
      min: 0.5,
      ratio: 2,
      difference: 0.5,
    });
    // With the default minimum of 30 users no group is compared.
    const [small] = await evaluateRecommenders(await ratings(), {
      split: 'leave-last-out',
      models: ['pop'],
      k: 2,
      groupBy: 'activity',
    });
    expect(small!.groups!.disparity).toBeNull();
    expect(small!.groups!.minGroupSize).toBe(30);
  });

  it('leaves out the groups without a ranked user, and their activity ranges', async () => {
    // XX holds no user of the ratings; u4 is in no group.
    const groupBy = { by: 'country', group: Int32Array.from([0, 0, 1, -1]), names: ['DE', 'FR', 'XX'] };
    const [pop] = await evaluateRecommenders(await ratings(), {
      split: 'leave-last-out',
      models: ['pop'],
      k: 2,
      groupBy,
      minGroupSize: 1,
    });
    // Hits (see above): u1 and u2 at rank 1 (DE: NDCG 1), u3 none (FR: 0). DE (2 users) and FR (1) are
    // fewer than 5: shown as one group of 3, mean NDCG 2/3, never compared (minGroupSize 1 or not).
    expect(pop!.groups!.groups.map((x) => [x.name, x.users, x.ndcg, x.small])).toEqual([
      ['(groups of fewer than 5)', 3, 2 / 3, true],
    ]);
    expect(pop!.groups!.ungrouped).toBe(1);
    // Every user has 1 training entry: all medium, the light and heavy terciles empty and left out.
    const file = join(dir, 'even.csv');
    writeFileSync(
      file,
      'user,item,rating,time\nu1,a,4,1\nu1,b,4,2\nu2,a,4,1\nu2,c,4,2\nu3,b,4,1\nu3,c,4,2\n',
    );
    const [even] = await evaluateRecommenders((await readRatingsFile(file, { format: 'csv' })).ratings, {
      split: 'leave-last-out',
      models: ['pop'],
      k: 2,
      groupBy: 'activity',
      minGroupSize: 1,
    });
    expect(even!.groups!.groups.map((x) => [x.name, x.users])).toEqual([['medium', 3]]);
    expect(even!.groups!.ranges).toEqual([[1, 1]]);
  });

  it('refuses groups given for another number of users', async () => {
    const groupBy = { by: 'country', group: new Int32Array(3), names: ['DE'] };
    await expect(
      evaluateRecommenders(await ratings(), { split: 'leave-last-out', models: ['pop'], groupBy }),
    ).rejects.toThrow('groupBy "country" gives a group for 3 users, and the ratings have 4');
  });
});

describe('storedUserGroups', () => {
  it("groups the users by their customer's country or attribute, (none) without one", async () => {
    const s = await openStorage('memory:');
    await s.upsertCustomers([
      { externalId: 'c1', country: 'DE', attributes: { tier: 'gold' } },
      { externalId: 'c2', country: 'FR' },
      { externalId: 'c3', country: 'DE', attributes: { tier: 2 } },
    ]);
    const m = buildInteractions(
      { users: Int32Array.from([0, 1, 2, 3]), items: Int32Array.from([0, 0, 0, 0]) },
      { userIds: new IdMap(['c3', 'c1', 'c2', 'stranger']) },
    );
    const country = await storedUserGroups(s, m, 'country');
    expect(country.names).toEqual(['DE', 'FR', '(none)']);
    expect([...country.group]).toEqual([0, 0, 1, 2]);
    const tier = await storedUserGroups(s, m, 'attribute.tier');
    expect(tier.names).toEqual(['2', 'gold', '(none)']);
    expect([...tier.group]).toEqual([0, 1, 2, 2]);
    await expect(storedUserGroups(s, m, 'city')).rejects.toThrow(
      'groupBy must be "activity", "country" or "attribute.<name>", got "city"',
    );
    await s.close();
  });

  it('refuses e-mail addresses as groups, warns of an attribute no customer holds', async () => {
    const s = await openStorage('memory:');
    await s.upsertCustomers([
      { externalId: 'c1', attributes: { email: 'a@b.de', tier: 'gold' } },
      { externalId: 'c2', attributes: { email: 'c@d.fr', tier: 'gold' } },
      { externalId: 'c3', attributes: { email: 'e@f.it' } },
    ]);
    const m = buildInteractions(
      { users: Int32Array.from([0, 1, 2]), items: Int32Array.from([0, 0, 0]) },
      { userIds: new IdMap(['c1', 'c2', 'c3']) },
    );
    const refused = storedUserGroups(s, m, 'attribute.email');
    await expect(refused).rejects.toBeInstanceOf(GroupingError);
    await expect(refused).rejects.toThrow(
      'groupBy "email" looks like a direct identifier (e-mail address): 3 of the 3 rows holding it have a value no other row has',
    );
    const typo = await storedUserGroups(s, m, 'attribute.Tier');
    expect(typo.names).toEqual(['(none)']);
    expect(typo.warnings).toEqual([
      'no customer holds the attribute "Tier": everyone is in the group "(none)"; the attributes they hold: email, tier',
    ]);
    expect((await storedUserGroups(s, m, 'attribute.tier')).warnings).toEqual([]);
    await s.close();
  });

  it('knows no customer who declined analytics: their events are not read', async () => {
    const s = await openStorage('memory:');
    await s.upsertCustomers([
      { externalId: 'yes', country: 'DE' },
      { externalId: 'no', country: 'FR', consent: { analytics: false } },
    ]);
    const view = (id: string, customerId: string) => ({
      eventId: id,
      type: 'view' as const,
      customerId,
      sku: 'mug',
      timestamp: new Date('2026-01-01T00:00:00Z'),
    });
    await s.appendEvents([view('e1', 'yes'), view('e2', 'no')]);
    const { matrix } = await readInteractions(s, { weights: DEFAULT_EVENT_WEIGHTS });
    const groups = await storedUserGroups(s, matrix, 'country');
    expect(groups.names).toEqual(['DE']);
    await s.close();
  });
});
