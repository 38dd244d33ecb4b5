import { openStorage } from '@storewise/storage';
import { postgresTestServer } from '@storewise/storage/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { testIo } from './cli-io.js';

const server = await postgresTestServer();

describe.skipIf(!server.available)('a query the database refuses', () => {
  let db: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    db = await server.freshDatabase();
  });
  afterAll(() => db?.drop());

  it("says the database's reason (a statement timeout), not the SQL", async () => {
    const storage = await openStorage(db.url);
    const io = testIo(process.cwd());
    try {
      // A first import's bulk load holds events locked until it commits: `info` waits on it, and its
      // statement is ended by the timeout the URL sets.
      await storage.transaction(async (tx) => {
        await tx.appendEvents(
          Array.from({ length: 1_000 }, (_, i) => ({
            eventId: `e${i}`,
            type: 'view' as const,
            customerId: `c${i % 10}`,
            sku: 'mug',
            timestamp: new Date(Date.UTC(2024, 0, 1)),
          })),
        );
        const url = `${db.url}?options=${encodeURIComponent('-c statement_timeout=300')}`;
        expect(await main(['info', '--db', url], io)).toBe(1);
      });
    } finally {
      await storage.close();
    }
    expect(io.err()).toBe(
      'storewise: the database refused a query: canceling statement due to statement timeout (set STOREWISE_DEBUG=1 for details)\n',
    );
  });
});
