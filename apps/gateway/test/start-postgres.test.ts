import { openStorage } from '@storewise/storage';
import { postgresTestServer } from '@storewise/storage/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../src/auth/api-key.js';
import { DEFAULT_GATEWAY_CONFIG } from '../src/config/gateway-config.js';
import { type StartOptions, startDemoGateway } from '../src/startup/start-demo.js';
import { unusedPort } from './harness.js';

const server = await postgresTestServer();
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

async function freshUrl(): Promise<string> {
  const db = await server.freshDatabase();
  drops.push(db.drop);
  return db.url;
}

const start = (database: string, extra: Partial<StartOptions> = {}, lines: string[] = []) =>
  startDemoGateway({
    database,
    port: 0,
    host: '127.0.0.1',
    config: DEFAULT_GATEWAY_CONFIG,
    log: (l) => lines.push(l),
    ...extra,
  });

describe.skipIf(!server.available)('the main job on a PostgreSQL server', () => {
  it('loads no demo shop into an empty shop database unless told (STOREWISE_DEMO), and never into one with data', async () => {
    const url = await freshUrl();
    const lines: string[] = [];
    const first = await start(url, {}, lines);
    await first.stop();
    expect(lines.join('\n')).toContain("A PostgreSQL server's database gets no demo data");
    expect(lines.join('\n')).toContain('No recommender yet');
    const storage = await openStorage(url);
    expect(await storage.counts()).toMatchObject({ events: 0, items: 0, customers: 0, models: 0 });
    // A catalog alone is data: even 'always' leaves it alone.
    await storage.upsertItems([{ sku: 'mine', title: 'My own item' }]);
    await storage.close();
    const again: string[] = [];
    await (await start(url, { demo: 'always' }, again)).stop();
    expect(again.join('\n')).toContain('The database holds 0 customers, 1 items, 0 events.');
    // An empty database and 'always': the demo shop.
    const other = await freshUrl();
    const demo: string[] = [];
    await (await start(other, { demo: 'always' }, demo)).stop();
    expect(demo.join('\n')).toContain('importing the bundled demo shop');
  }, 300_000);

  it('lets two gateways starting together take turns: one imports and trains, the other waits and serves it', async () => {
    const url = await freshUrl();
    const key = generateApiKey().key;
    const linesA: string[] = [];
    const linesB: string[] = [];
    const [a, b] = await Promise.all([
      start(url, { demo: 'always', adminKey: key }, linesA),
      start(url, { demo: 'always', adminKey: key }, linesB),
    ]);
    try {
      const logs = [linesA.join('\n'), linesB.join('\n')];
      // One did the work, the other waited for it and then found it done.
      expect(logs.filter((l) => l.includes('importing the bundled demo shop'))).toHaveLength(1);
      expect(logs.filter((l) => l.includes('Another process is doing the first start'))).toHaveLength(1);
      const storage = await openStorage(url);
      try {
        const models = await storage.listModels();
        expect(models.map((m) => `${m.name} v${m.version}`).sort()).toEqual([
          'purchase-propensity v1',
          'recs v1',
        ]);
      } finally {
        await storage.close();
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 300_000);

  it('changes no key when a start fails before it serves; the key a start uses is the only start key left', async () => {
    const url = await freshUrl();
    const first = await start(url);
    const keyA = first.adminKey.split('_')[1]!;
    try {
      // Redis unreachable: refused before anything is written, the running gateway's key stays live.
      const failed = start(url, {
        config: { ...DEFAULT_GATEWAY_CONFIG, redisUrl: `redis://127.0.0.1:${await unusedPort()}` },
      });
      await expect(failed).rejects.toThrow(/STOREWISE_REDIS_URL: cannot connect to Redis/);
      const storage = await openStorage(url);
      expect((await storage.getApiKey(keyA))?.revokedAt).toBeNull();
      expect((await storage.listApiKeys()).map((k) => k.keyId)).toEqual([keyA]);
      await storage.close();
    } finally {
      await first.stop();
    }
    // STOREWISE_ADMIN_KEY B, then C: B and the generated A are revoked; a key made by createApiKey stays.
    const storage = await openStorage(url);
    await storage.createApiKey({
      keyId: '00000000000000aa',
      secretHash: 'a'.repeat(64),
      scopes: ['admin'],
      label: 'ops',
    });
    const [b, c] = [generateApiKey(), generateApiKey()];
    const lines: string[] = [];
    await (await start(url, { adminKey: b.key })).stop();
    await (await start(url, { adminKey: c.key }, lines)).stop();
    const live = (await storage.listApiKeys()).filter((k) => k.revokedAt === null).map((k) => k.keyId);
    expect(live.sort()).toEqual(['00000000000000aa', c.keyId].sort());
    await storage.close();
    // The key from the environment is not printed, not even in the curl example.
    const printed = lines.join('\n');
    expect(printed).not.toContain(c.secret);
    expect(printed).toContain('-H "authorization: Bearer $STOREWISE_ADMIN_KEY"');
  }, 300_000);
});
