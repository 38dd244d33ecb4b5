import { readFileSync } from 'node:fs';
import { type EventInput, openStorage, type Storage } from '@storewise/storage';
import { postgresTestServer } from '@storewise/storage/testkit';
import { afterAll } from 'vitest';

export const fixture = (name: string): string =>
  new URL(`../fixtures/customers/${name}`, import.meta.url).pathname;

export function expected<T>(name: string): T {
  return JSON.parse(readFileSync(fixture(name), 'utf8')) as T;
}

/**
 * memory, PGlite (in memory: the SQL is the same as on disk, which the import tests cover) and PostgreSQL when
 * a test server runs (see postgresTestServer).
 */
export async function adapters(): Promise<[string, () => Promise<Storage>][]> {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });
  const list: [string, () => Promise<Storage>][] = [
    ['memory', () => openStorage('memory:')],
    ['pglite', () => openStorage('pglite:memory')],
  ];
  const server = await postgresTestServer();
  if (server.available) {
    list.push([
      'postgres',
      async () => {
        const db = await server.freshDatabase();
        drops.push(db.drop);
        return openStorage(db.url);
      },
    ]);
  }
  return list;
}

/** An orders fixture (customer,order,timestamp,value: orders-300.csv, ...) as one purchase event per order. */
export function ordersEvents(name: string): EventInput[] {
  const lines = readFileSync(fixture(name), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [customer, order, timestamp, value] = line.split(',') as [string, string, string, string];
    return {
      eventId: order,
      type: 'purchase',
      customerId: customer,
      sku: 'sku-1',
      timestamp: new Date(timestamp),
      quantity: 1,
      unitPrice: Number(value),
      orderId: order,
    };
  });
}
