// Item demand on real data, checked against pandas, and the SQL path under a session time zone other than UTC.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type EventInput, openStorage, type Storage, scanItemDemand } from '../src/index.js';
import { createMemoryStorage } from '../src/memory/index.js';
import { createPgliteStorage } from '../src/pglite/index.js';
import { createPostgresStorage } from '../src/postgres/index.js';
import { postgresTestServer } from '../src/testkit/index.js';

const server = await postgresTestServer();

/**
 * The bundled demo shop (packages/engine/data: 24,708 rows of UCI Online Retail, CC BY 4.0), as events by
 * the Online Retail importer's rules: a `C` invoice is a return of |Quantity| units, other rows with a
 * quantity <= 0 and rows with a negative price are left out, an exact duplicate row is the same event,
 * InvoiceDate is UTC.
 */
function demoShopEvents(): EventInput[] {
  const path = new URL('../../engine/data/online-retail-demo.csv.gz', import.meta.url);
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split(/\r?\n/);
  const header = csvFields(lines[0]!);
  const col = (name: string) => header.indexOf(name);
  const [invoiceAt, skuAt, qAt, dateAt, priceAt, customerAt] = [
    'InvoiceNo',
    'StockCode',
    'Quantity',
    'InvoiceDate',
    'UnitPrice',
    'CustomerID',
  ].map(col) as [number, number, number, number, number, number];
  const events: EventInput[] = [];
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const f = csvFields(line);
    const invoice = f[invoiceAt]!.trim();
    const sku = f[skuAt]!.trim();
    const quantity = Number(f[qAt]);
    const price = Number(f[priceAt]);
    const isReturn = /^c/i.test(invoice);
    if (sku === '' || quantity === 0 || (quantity < 0 && !isReturn) || price < 0) continue;
    const customer = f[customerAt]!.trim().replace(/\.0+$/, '');
    events.push({
      eventId: createHash('sha256').update(line).digest('hex'),
      type: isReturn ? 'return' : 'purchase',
      customerId: customer === '' ? null : customer,
      sku,
      timestamp: new Date(`${f[dateAt]!.replace(' ', 'T')}Z`),
      quantity: Math.abs(quantity),
      unitPrice: price,
      orderId: invoice,
    });
  }
  return events;
}

/** One CSV record's fields (RFC 4180 quoting; the demo file has no line breaks inside fields). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

const WEEK = 7 * 86_400_000;
/** Monday 2010-11-29, the ISO week of the data's first day. */
const FIRST_WEEK = Date.UTC(2010, 10, 29);

/** Totals of the weekly demand, each also weighted by the week's number (1 = FIRST_WEEK), and a few rows. */
async function weeklySummary(storage: Storage) {
  const skus = new Map<number, string>();
  for await (const b of storage.scanItems()) for (const i of b) skus.set(i.index, i.sku);
  const s = { rows: 0, items: new Set<string>(), purchased: 0, returned: 0, lines: 0, wp: 0, wr: 0, wl: 0 };
  const picked: Record<string, [number, number, number]> = {};
  for await (const b of scanItemDemand(storage, { period: 'week' })) {
    for (let k = 0; k < b.length; k++) {
      const sku = skus.get(b.itemIndex[k]!)!;
      const week = (b.periodStart[k]! - FIRST_WEEK) / WEEK + 1;
      expect(Number.isInteger(week)).toBe(true);
      s.rows++;
      s.items.add(sku);
      s.purchased += b.purchased[k]!;
      s.returned += b.returned[k]!;
      s.lines += b.purchaseLines[k]!;
      s.wp += week * b.purchased[k]!;
      s.wr += week * b.returned[k]!;
      s.wl += week * b.purchaseLines[k]!;
      const key = `${sku} ${new Date(b.periodStart[k]!).toISOString().slice(0, 10)}`;
      picked[key] = [b.purchased[k]!, b.returned[k]!, b.purchaseLines[k]!];
    }
  }
  return { ...s, items: s.items.size, picked };
}

/*
 * Reference: pandas 1.5.3 (Debian, NumPy 1.24.2), /usr/bin/python3 on the same file and rules:
 *
 *   df = pd.read_csv(path, dtype=str, keep_default_na=False).drop_duplicates()
 *   q = pd.to_numeric(df.Quantity); price = pd.to_numeric(df.UnitPrice)
 *   ret = df.InvoiceNo.str.strip().str.upper().str.startswith('C'); sku = df.StockCode.str.strip()
 *   keep = (q != 0) & ((q > 0) | ret) & (price >= 0) & (sku != '')
 *   df, q, ret, sku = df[keep], q[keep], ret[keep], sku[keep]
 *   week = pd.to_datetime(df.InvoiceDate).dt.to_period('W-SUN').dt.start_time
 *   t = pd.DataFrame({'sku': sku, 'week': week, 'purchased': q.where(~ret, 0),
 *                     'returned': q.abs().where(ret, 0), 'lines': (~ret).astype(int)})
 *   g = t.groupby(['sku', 'week'], as_index=False).sum()
 *   w = (g.week - pd.Timestamp('2010-11-29')).dt.days // 7 + 1
 *   len(g), g.sku.nunique(), g.purchased.sum(), g.returned.sum(), g.lines.sum()
 *   (g.purchased * w).sum(), (g.returned * w).sum(), (g.lines * w).sum()
 *   g.sort_values(['purchased', 'sku'], ascending=[False, True]).head(3); g[g.sku == '85123A'].head(3)
 */
const pandas = {
  rows: 19064,
  items: 2845,
  purchased: 445483,
  returned: 97445,
  lines: 23944,
  wp: 15236955,
  wr: 4736763,
  wl: 759093,
  picked: {
    '23843 2011-12-05': [80995, 80995, 1],
    '21108 2011-01-10': [3114, 0, 1],
    '21108 2011-04-18': [3114, 3114, 1],
    '21175 2011-04-18': [2000, 2000, 1],
    '85123A 2010-11-29': [6, 0, 1],
    '85123A 2010-12-13': [596, 500, 3],
    '85123A 2011-01-03': [265, 1, 2],
  },
};

/** Each adapter, opened on an empty store; `close` also drops a server database. */
const adapters: [string, () => Promise<{ storage: Storage; close: () => Promise<void> }>][] = [
  ['memory (the fallback)', async () => wrap(createMemoryStorage())],
  ['pglite', async () => wrap(await createPgliteStorage())],
];
if (server.available)
  adapters.push([
    'postgres',
    async () => {
      const db = await server.freshDatabase();
      return wrap(await createPostgresStorage({ url: db.url }), db.drop);
    },
  ]);

function wrap(storage: Storage, drop: () => Promise<void> = async () => {}) {
  return {
    storage,
    close: async () => {
      await storage.close();
      await drop();
    },
  };
}

describe('item demand of the demo shop by ISO week, against pandas', () => {
  const events = demoShopEvents();
  for (const [name, open] of adapters)
    it(`agrees on every total and the picked rows: ${name}`, async () => {
      const { storage, close } = await open();
      try {
        for (let i = 0; i < events.length; i += 5000) await storage.appendEvents(events.slice(i, i + 5000));
        const got = await weeklySummary(storage);
        expect(got).toMatchObject({ ...pandas, picked: {} });
        for (const [key, row] of Object.entries(pandas.picked)) expect(got.picked[key]).toEqual(row);
      } finally {
        await close();
      }
    }, 120_000);
});

describe.skipIf(!server.available)('item demand under a session time zone other than UTC', () => {
  it('starts days, weeks and months at UTC midnight', async () => {
    const db = await server.freshDatabase();
    // UTC+14: there, Sunday 2024-03-03 23:59 UTC is already Monday afternoon.
    const storage = await openStorage(`${db.url}?options=-c%20TimeZone%3DPacific%2FKiritimati`);
    try {
      await storage.appendEvents([
        {
          eventId: 'e1',
          type: 'purchase',
          customerId: null,
          sku: 'mug',
          timestamp: new Date('2024-03-31T23:59:00Z'),
        },
      ]);
      const starts: Record<string, string> = {};
      for (const period of ['day', 'week', 'month'] as const)
        for await (const b of scanItemDemand(storage, { period }))
          starts[period] = new Date(b.periodStart[0]!).toISOString();
      expect(starts).toEqual({
        day: '2024-03-31T00:00:00.000Z',
        week: '2024-03-25T00:00:00.000Z',
        month: '2024-03-01T00:00:00.000Z',
      });
    } finally {
      await storage.close();
      await db.drop();
    }
  });
});
