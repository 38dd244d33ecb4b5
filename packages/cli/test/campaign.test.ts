import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assignFixedSplit,
  campaignReport as coreReport,
  type GroupTotals,
  holdoutMembership,
} from '@storewise/core';
import { openStorage } from '@storewise/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-cli-campaign-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'shop');
const definitionFile = new URL('../../../examples/campaigns/uk-autumn.json', import.meta.url).pathname;
const START = new Date('2011-09-01T00:00:00Z');
const WINDOW = 30 * 86_400_000;
const ARMS = ['ten-off', 'free-shipping', 'recs-email'];
/** UK customers whose first event is after the start (set by the oracle). */
let later = 0;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = testIo(dir);
  const code = await main([...args, '--db', db], io);
  return { code, out: io.out(), err: io.err() };
}

async function runJson(args: string[]): Promise<Record<string, unknown>> {
  const r = await run([...args, '--json']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Record<string, unknown>;
}

/**
 * The oracle, from the same database with plain loops: the UK customers who existed at the start (an event
 * at or before it: their records were stored by the import, after 2011), their holdout and arm by core's
 * hashes, their purchases in (start, start + 30 days] from the event scan, and core's report on those totals.
 */
async function oracle() {
  const storage = await openStorage(db);
  try {
    const uk: string[] = [];
    for await (const batch of storage.scanCustomers())
      for (const c of batch) if (c.country === 'United Kingdom') uk.push(c.externalId);
    const ids: string[] = [];
    for (const id of uk) {
      let first = Number.POSITIVE_INFINITY;
      for await (const batch of storage.scanEvents({ customerId: id }))
        for (const e of batch) first = Math.min(first, e.timestamp.getTime());
      if (first <= START.getTime()) ids.push(id);
    }
    later = uk.length - ids.length;
    ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const totals: GroupTotals[] = Array.from({ length: 4 }, () => ({
      exposures: 0,
      conversions: 0,
      revenue: 0,
      revenueSumSquares: 0,
    }));
    /** The holdout customers by the arm the split would have given them (the ghost arm). */
    const ghosts: GroupTotals[] = Array.from({ length: 3 }, () => ({
      exposures: 0,
      conversions: 0,
      revenue: 0,
      revenueSumSquares: 0,
    }));
    const armOf = new Map<string, string | null>();
    for (const id of ids) {
      const held = holdoutMembership(id, { campaignId: 'uk-autumn', holdoutFraction: 0.2 }).inHoldout;
      const split = assignFixedSplit(id, { campaignId: 'uk-autumn', arms: 3, weights: [1, 1, 1] }).arm;
      const arm = held ? 3 : split;
      armOf.set(id, held ? null : ARMS[arm]!);
      let revenue = 0;
      let converted = false;
      for await (const batch of storage.scanEvents({ customerId: id, types: ['purchase'] }))
        for (const e of batch) {
          const t = e.timestamp.getTime();
          if (t > START.getTime() && t <= START.getTime() + WINDOW) {
            converted = true;
            revenue += (e.quantity ?? 1) * (e.unitPrice ?? 0);
          }
        }
      for (const g of held ? [totals[arm]!, ghosts[split]!] : [totals[arm]!]) {
        g.exposures++;
        g.conversions += converted ? 1 : 0;
        g.revenue += revenue;
        g.revenueSumSquares += revenue * revenue;
      }
    }
    const sum = (groups: GroupTotals[]) => ({
      exposures: groups.reduce((n, g) => n + g.exposures, 0),
      conversions: groups.reduce((n, g) => n + g.conversions, 0),
      revenue: groups.reduce((n, g) => n + g.revenue, 0),
      revenueSumSquares: groups.reduce((n, g) => n + g.revenueSumSquares, 0),
    });
    return {
      armOf,
      totals,
      ghosts,
      // Each arm against its ghost holdout; everyone offered against the whole holdout.
      arms: [0, 1, 2].map((a) => coreReport([totals[a]!], ghosts[a]!)),
      overall: coreReport([sum(totals.slice(0, 3))], totals[3]!),
    };
  } finally {
    await storage.close();
  }
}

describe('storewise campaign', () => {
  beforeAll(async () => {
    const io = testIo(dir);
    expect(await main(['demo', '--db', db, '--json'], io)).toBe(0);
  }, 600_000);

  it('creates, starts and reports a fixed split on the demo shop, equal to core on the same data', async () => {
    const created = await runJson(['campaign', 'create', '--file', definitionFile]);
    expect(created).toMatchObject({ id: 'uk-autumn', status: 'draft', startsAt: '2011-09-01T00:00:00.000Z' });
    const started = await runJson(['campaign', 'start', 'uk-autumn', '--at', '2011-09-01']);
    const want = await oracle();
    // Pinned (the demo file is fixed): exposures and conversions per arm and holdout.
    // 172 of the 240 UK customers existed at the start; 68 first bought later (pandas on the demo file:
    // first InvoiceDate per CustomerID after 2011-09-01).
    expect(later).toBe(68);
    expect(want.totals.map((t) => [t.exposures, t.conversions])).toEqual([
      [48, 14],
      [49, 12],
      [47, 12],
      [28, 7],
    ]);
    const [ten, free, recs, holdout] = want.totals.map((t) => t.exposures);
    expect(started).toMatchObject({
      decided: ten! + free! + recs! + holdout!,
      offered: { 'ten-off': ten, 'free-shipping': free, 'recs-email': recs },
      holdout,
      noOffer: 0,
      refused: {},
      notYetCustomers: later,
      warnings: [],
    });
    // Worst-case cost: 3 per ten-off, 2 per free shipping, 0.05 per email; under the budget of 1000.
    expect(started.cost).toBeCloseTo(3 * ten! + 2 * free! + 0.05 * recs!, 9);

    const report = await runJson(['campaign', 'report', 'uk-autumn']);
    // JSON turns NaN into null, as the CLI's output does.
    const json = (x: unknown) => JSON.parse(JSON.stringify(x));
    // Revenue, a money sum, is reported in cents (core's sum of 10594.87 was 10594.869999999999).
    const cents = (m: { revenue: number }) => ({ ...m, revenue: Math.round(m.revenue * 100) / 100 });
    const arms = report.arms as { arm: string; metrics: unknown; control: unknown; lift: unknown }[];
    expect(arms.map((a) => a.arm)).toEqual(ARMS);
    expect(want.ghosts.map((g) => g.exposures)).toEqual([11, 12, 5]); // 28 held out, by ghost arm
    arms.forEach((a, i) => {
      const core = json(want.arms[i]);
      expect(a.metrics).toEqual(cents(core.arms[0].metrics));
      expect(a.control).toEqual(cents(core.holdout));
      expect(a.lift).toEqual(core.arms[0].lift);
    });
    const overall = json(want.overall.arms[0]);
    expect(report.overall).toEqual({ ...overall, metrics: cents(overall.metrics) });
    expect(report.holdout).toEqual(cents(json(want.overall.holdout)));
    expect((report.arms as { metrics: { revenue: number } }[])[0]!.metrics.revenue).toBe(10594.87);
    expect(report.confidence).toBe(0.95);
    expect(report.uplift).toBeNull();
    const fairness = report.fairness as { groups: { name: string; customers: number; offerRate: number }[] };
    expect(fairness.groups).toEqual([
      expect.objectContaining({ name: 'United Kingdom', customers: ten! + free! + recs!, offerRate: 1 }),
    ]);

    const text = await run(['campaign', 'report', 'uk-autumn']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Campaign uk-autumn \(UK autumn offers\), running, policy fixed-split/);
    expect(text.out).toContain(`  holdout        ${String(holdout).padStart(9)}`);
    // Rate differences in percentage points.
    expect(text.out).toMatch(/\n {2}ten-off .* -?\d+\.\d pp \(-?\d+\.\d to -?\d+\.\d\) /);
    const nosuch = await run(['campaign', 'report', 'uk-autumn', '--uplift-score', 'nosuch']);
    expect(nosuch).toMatchObject({ code: 1, out: '' });
    expect(nosuch.err).toMatch(/^storewise: no customer of this campaign has a stored score "nosuch" \(/);
  }, 600_000);

  it('gives the sticky offer of a customer, refuses outsiders with the reason, stops and lists', async () => {
    const { armOf } = await oracle();
    const [customer, arm] = [...armOf].find(([, a]) => a === 'ten-off')!;
    const offer = await runJson(['campaign', 'offer', 'uk-autumn', customer, '--at', '2011-09-05']);
    expect(offer).toMatchObject({
      status: 'assigned',
      sticky: true,
      assignment: { customerId: customer, arm, holdout: false, assignedAt: '2011-09-01T00:00:00.000Z' },
    });
    expect((offer.assignment as { couponCode: string }).couponCode).toMatch(/^UKAUTUMN-[0-9A-Z]{10}$/);
    const storage = await openStorage(db);
    const outsider = (await storage.getCustomers(['12347']))[0];
    await storage.close();
    expect(outsider?.country).toBe('Iceland');
    const refused = await run(['campaign', 'offer', 'uk-autumn', '12347', '--at', '2011-09-05']);
    expect(refused.out).toBe('No offer for 12347 in uk-autumn: the customer is not in the audience\n');
    const early = await run(['campaign', 'offer', 'uk-autumn', '12347', '--at', '2011-12-02']);
    expect(early.out).toBe(
      'No offer for 12347 in uk-autumn: the campaign ended at 2011-12-01T00:00:00.000Z\n',
    );

    const again = await run(['campaign', 'start', 'uk-autumn', '--at', '2011-09-02']);
    expect([again.code, again.err]).toEqual([
      1,
      'storewise: campaign "uk-autumn" is running: only a draft starts\n',
    ]);
    expect(await runJson(['campaign', 'stop', 'uk-autumn', '--at', '2011-10-01'])).toMatchObject({
      status: 'stopped',
      stoppedAt: '2011-10-01T00:00:00.000Z',
    });
    const list = (await runJson(['campaign', 'list'])) as unknown as { id: string; status: string }[];
    expect(list.map((c) => [c.id, c.status])).toEqual([['uk-autumn', 'stopped']]);
  }, 600_000);

  it('warns on stderr when the audience is empty at the start', async () => {
    const file = join(dir, 'nobody.json');
    writeFileSync(
      file,
      JSON.stringify({
        id: 'nobody',
        name: 'Nobody',
        audience: { filter: { field: 'country', eq: 'Atlantis' } },
        arms: [{ id: 'mail' }],
        policy: { type: 'fixed-split' },
        attributionWindowDays: 7,
      }),
    );
    expect((await run(['campaign', 'create', '--file', file])).code).toBe(0);
    const start = await run(['campaign', 'start', 'nobody', '--at', '2011-09-01']);
    expect(start.code).toBe(0);
    expect(start.err).toBe(
      'storewise: warning: the audience is empty at 2011-09-01T00:00:00.000Z: no customer matches its filter; nobody was decided for\n',
    );
    expect(start.out).toContain('  decided: 0 (refused: 0; already assigned: 0)\n');
  });

  it('warns at creation and at the start that a campaign without a holdout measures no lift', async () => {
    const file = join(dir, 'no-holdout.json');
    writeFileSync(
      file,
      JSON.stringify({
        id: 'no-holdout',
        name: 'No holdout',
        audience: { filter: { field: 'country', eq: 'Atlantis' } },
        arms: [{ id: 'mail' }],
        policy: { type: 'fixed-split' },
        holdout: { fraction: 0 },
        attributionWindowDays: 7,
      }),
    );
    const warning =
      'storewise: warning: holdout.fraction is 0: nobody is held out, so the report cannot measure any lift (a holdout such as 0.1 compares the offered customers with customers who got nothing)\n';
    const created = await run(['campaign', 'create', '--file', file]);
    expect([created.code, created.err]).toEqual([0, warning]);
    const start = await run(['campaign', 'start', 'no-holdout', '--at', '2011-09-01']);
    expect(start.err.startsWith(warning)).toBe(true);
  });

  it('refuses a bad definition naming the field, a missing file and an unknown campaign, in one line', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        id: 'x',
        name: 'X',
        audience: { segment: 'vip' },
        arms: [{ id: 'a', costPerOffer: -1 }],
        policy: { type: 'fixed-split' },
        attributionWindowDays: 7,
      }),
    );
    expect(await run(['campaign', 'create', '--file', bad])).toEqual({
      code: 1,
      out: '',
      err:
        `storewise: ${bad} has 2 problems; nothing was stored:\n  arms[0].costPerOffer: must be a number >= 0, got -1\n` +
        '  audience.segment: names an unknown segment "vip"\n',
    });
    // Every problem at once, each on its line.
    writeFileSync(
      bad,
      JSON.stringify({
        id: 'x',
        name: '',
        audience: { segment: 'vip' },
        arms: [{ id: 'a' }],
        budget: 'lots',
      }),
    );
    expect((await run(['campaign', 'create', '--file', bad])).err).toBe(
      `storewise: ${bad} has 5 problems; nothing was stored:\n` +
        '  name: must be a non-empty string\n' +
        '  policy: must be an object with a type\n' +
        '  attributionWindowDays: is required\n' +
        '  budget: must be a number >= 0, got "lots"\n' +
        '  audience.segment: names an unknown segment "vip"\n',
    );
    const list = (await runJson(['campaign', 'list'])) as unknown as { id: string }[];
    expect(list.map((c) => c.id)).not.toContain('x');
    writeFileSync(bad, '{"id": ');
    expect((await run(['campaign', 'create', '--file', bad])).err).toBe(
      `storewise: ${bad} is not valid JSON: line 1, column 8: expected a value, got the end of the text\n`,
    );
    // The place by line and column (JSON.parse says "Unexpected token" with no place, or a position).
    writeFileSync(bad, '{\n  "id": "x",\n  "arms": [\n    { "id": "a", },\n  ]\n}\n');
    expect((await run(['campaign', 'create', '--file', bad])).err).toBe(
      `storewise: ${bad} is not valid JSON: line 4, column 18: expected a double-quoted property name, got "}"\n`,
    );
    expect((await run(['campaign', 'create', '--file', 'nope.json'])).err).toBe(
      `storewise: --file: file not found: ${join(dir, 'nope.json')}\n`,
    );
    expect((await run(['campaign', 'report', 'nope'])).err).toBe('storewise: unknown campaign "nope"\n');
    expect((await run(['campaign', 'start', 'uk-autumn', '--at', 'someday'])).err).toBe(
      'storewise: --at must be a date such as 2011-12-01, got "someday"\n',
    );
  });

  it('takes --fairness-min-group and names --fairness-by in its refusals, as train propensity does', async () => {
    // The 144 UK customers offered (the report's one group) are judged by default, listed only below 200.
    const judged = (await runJson(['campaign', 'report', 'uk-autumn'])).fairness as Record<string, unknown>;
    expect(judged).toMatchObject({ minGroupSize: 30, warnings: [] });
    expect((judged.groups as { small: boolean }[]).map((g) => g.small)).toEqual([false]);
    const small = (await runJson(['campaign', 'report', 'uk-autumn', '--fairness-min-group', '200']))
      .fairness as Record<string, unknown>;
    expect(small.minGroupSize).toBe(200);
    expect(
      (small.groups as { customers: number; small: boolean }[]).map((g) => [g.customers, g.small]),
    ).toEqual([[144, true]]);
    for (const v of ['0', '2.5', '9007199254740993'])
      expect(await run(['campaign', 'report', 'uk-autumn', '--fairness-min-group', v])).toEqual({
        code: 1,
        out: '',
        err: `storewise: --fairness-min-group must be a whole number from 1 to 9007199254740991, got "${v}"\n`,
      });
    expect((await run(['campaign', 'report', 'uk-autumn', '--fairness-by', 'region'])).err).toBe(
      'storewise: --fairness-by must be "country" or "attribute.<name>", got "region"\n',
    );
    // An --as-of outside the range of event times, refused naming the flag (the engine's CampaignError says "asOf").
    expect((await run(['campaign', 'report', 'uk-autumn', '--as-of', '1960-01-01'])).err).toBe(
      'storewise: --as-of must be from 1970-01-01T00:00:00.000Z up to before 2200-01-01T00:00:00.000Z, got 1960-01-01T00:00:00.000Z\n',
    );
    // Each UK customer's own e-mail address: a group per customer, refused naming the flag (the engine's
    // CampaignError says "fairnessBy").
    const storage = await openStorage(db);
    try {
      const uk: string[] = [];
      for await (const batch of storage.scanCustomers())
        for (const c of batch) if (c.country === 'United Kingdom') uk.push(c.externalId);
      await storage.upsertCustomers(
        uk.map((id) => ({
          externalId: id,
          country: 'United Kingdom',
          attributes: { email: `${id}@shop.example` },
        })),
      );
    } finally {
      await storage.close();
    }
    const email = await run(['campaign', 'report', 'uk-autumn', '--fairness-by', 'attribute.email']);
    expect([email.code, email.out]).toEqual([1, '']);
    expect(email.err).toMatch(
      /^storewise: --fairness-by "email" looks like a direct identifier \(e-mail address\): 144 of the 144 rows holding it have a value no other row has/,
    );
    // An attribute nobody holds: reported, with the warning in --json and the text.
    const typo = (await runJson(['campaign', 'report', 'uk-autumn', '--fairness-by', 'attribute.Email']))
      .fairness as Record<string, unknown>;
    expect(typo.warnings).toEqual([
      'no customer holds the attribute "Email": everyone is in the group "(none)"; the attributes they hold: email',
    ]);
  }, 120_000);
});
