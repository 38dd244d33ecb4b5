import { Writable } from 'node:stream';
import { openStorage } from '@storewise/storage';
import { postgresTestServer } from '@storewise/storage/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/observability/logger.js';
import { createGateway } from '../src/server/create-gateway.js';
import { codes, dataOf, gql, startTestGateway, type TestGateway } from './harness.js';

const server = await postgresTestServer();

const TRACK = `mutation ($events: [EventInput!]!) { trackEvents(events: $events) { inserted duplicates rejected } }`;
const TARGET = 'target-7f3a9c';
const CONTROL = 'control-2b8e41';

describe.skipIf(!server.available)('the gateway on a PostgreSQL server', () => {
  let gw: TestGateway;
  let db: { url: string; drop: () => Promise<void> };
  let sql: pg.Client;
  let key: string;

  beforeAll(async () => {
    db = await server.freshDatabase();
    gw = await startTestGateway({}, db.url);
    key = await gw.key(['read', 'write']);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await gw?.close();
    await db?.drop();
  });

  it('authenticates, tracks idempotently and pages events', async () => {
    expect((await gql(gw.url, '{ customer(id: "x") { externalId } }')).status).toBe(401);
    const events = [
      { eventId: 'p1', type: 'VIEW', customerId: 'pg-user', sku: 'P1', timestamp: '2024-01-01T00:00:00Z' },
      {
        eventId: 'p2',
        type: 'PURCHASE',
        customerId: 'pg-user',
        sku: 'P2',
        quantity: 1,
        timestamp: '2024-01-02T00:00:00Z',
      },
    ];
    const first = await gql(gw.url, TRACK, { key, variables: { events } });
    expect(dataOf(first, 'trackEvents')).toEqual({ inserted: 2, duplicates: 0, rejected: 0 });
    const again = await gql(gw.url, TRACK, { key, variables: { events } });
    expect(dataOf(again, 'trackEvents')).toEqual({ inserted: 0, duplicates: 2, rejected: 0 });
    const page = await gql(
      gw.url,
      '{ customer(id: "pg-user") { events(first: 1) { edges { node { eventId } } pageInfo { hasNextPage } } } }',
      {
        key,
      },
    );
    expect(dataOf(page, 'customer')).toEqual({
      events: { edges: [{ node: { eventId: 'p1' } }], pageInfo: { hasNextPage: true } },
    });
    const bad = await gql(gw.url, 'mutation { upsertItems(items: [{sku: ""}]) { inserted } }', { key });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  /** Every user table in the database catalog, with its columns. */
  async function catalog(): Promise<Map<string, { name: string; type: string }[]>> {
    const { rows } = await sql.query<{ tbl: string; column_name: string; data_type: string }>(
      `SELECT format('%I.%I', c.table_schema, c.table_name) AS tbl, c.column_name, c.data_type
       FROM information_schema.columns c
       JOIN information_schema.tables t USING (table_schema, table_name)
       WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
       ORDER BY 1, c.ordinal_position`,
    );
    const tables = new Map<string, { name: string; type: string }[]>();
    for (const r of rows)
      tables.set(r.tbl, [...(tables.get(r.tbl) ?? []), { name: r.column_name, type: r.data_type }]);
    return tables;
  }

  /** Rows per table that mention a customer: by external id anywhere in the row, or by integer id in a customer column. */
  async function mentions(externalId: string, index: number): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [table, columns] of await catalog()) {
      const byIndex = columns
        .filter((c) => /customer/i.test(c.name) && ['integer', 'bigint'].includes(c.type))
        .map((c) => `t."${c.name}" = $2`);
      const where = [`row_to_json(t)::text LIKE '%' || $1 || '%'`, ...byIndex].join(' OR ');
      const params = byIndex.length > 0 ? [externalId, index] : [externalId];
      const { rows } = await sql.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${table} t WHERE ${where}`,
        params,
      );
      out[table] = Number(rows[0]?.n ?? 0);
    }
    return out;
  }

  it('deleteCustomer leaves no trace of the target in any table of the catalog, and the control untouched', async () => {
    for (const id of [TARGET, CONTROL]) {
      await gql(gw.url, 'mutation ($c: [CustomerInput!]!) { upsertCustomers(customers: $c) { inserted } }', {
        key,
        variables: { c: [{ externalId: id, country: 'SE', attributes: { note: `${id} vip` } }] },
      });
      const events = ['VIEW', 'ADD_TO_CART', 'PURCHASE'].map((type, i) => ({
        eventId: `${id}-e${i}`,
        type,
        customerId: id,
        sku: 'SKU-1',
        orderId: `${id}-order`,
        sessionId: `${id}-session`,
        quantity: 1,
      }));
      await gql(gw.url, TRACK, { key, variables: { events } });
      await gw.storage.upsertScores([{ customerId: id, model: 'clv', score: 1 }]);
    }
    // Both get an offer (no holdout) in a campaign over their country, stored as an assignment.
    const definition = {
      id: 'se-offers',
      name: 'SE offers',
      audience: { filter: { field: 'country', eq: 'SE' } },
      arms: [{ id: 'ten-off', name: '10% off', coupon: true, costPerConversion: 1 }],
      policy: { type: 'fixed-split' },
      holdout: { fraction: 0 },
      attributionWindowDays: 7,
    };
    await gql(gw.url, 'mutation ($d: JSONObject!) { createCampaign(input: { definition: $d }) { id } }', {
      key,
      variables: { d: definition },
    });
    const started = await gql(gw.url, 'mutation { startCampaign(id: "se-offers") { decided } }', { key });
    expect(dataOf(started, 'startCampaign')).toEqual({ decided: 2 });
    const targetIndex = (await gw.storage.getCustomer(TARGET))!.index;
    const controlIndex = (await gw.storage.getCustomer(CONTROL))!.index;
    const before = await mentions(TARGET, targetIndex);
    const controlBefore = await mentions(CONTROL, controlIndex);
    expect(before['public.customers'] ?? before.customers).toBe(1);
    expect(Object.values(before).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5);

    const r = await gql(
      gw.url,
      `mutation { deleteCustomer(id: "${TARGET}") { found total tables { table rows } } }`,
      { key },
    );
    const report = dataOf<{ found: boolean; total: number }>(r, 'deleteCustomer');
    expect(report.found).toBe(true);
    expect(
      (report as unknown as { tables: { table: string; rows: number }[] }).tables.find(
        (t) => t.table === 'campaignAssignments',
      )?.rows,
    ).toBe(1);

    const after = await mentions(TARGET, targetIndex);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    expect(report.total).toBe(Object.values(before).reduce((a, b) => a + b, 0));
    expect(await mentions(CONTROL, controlIndex)).toEqual(controlBefore);

    const second = await gql(gw.url, `mutation { deleteCustomer(id: "${TARGET}") { found total } }`, { key });
    expect(dataOf(second, 'deleteCustomer')).toEqual({ found: false, total: 0 });
    expect(await mentions(CONTROL, controlIndex)).toEqual(controlBefore);
  });

  it("logs a warning when it loses the store's change notifications", async () => {
    const lines: { level: number; msg: string }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    const storage = await openStorage(db.url);
    const gateway = await createGateway({ storage, logger: createLogger('info', sink) });
    try {
      const { rows } = await sql.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const { pid } of rows) await sql.query('SELECT pg_terminate_backend($1)', [pid]);
      for (const started = Date.now(); !lines.some((l) => /notifications interrupted/.test(l.msg)); ) {
        if (Date.now() - started > 5_000) throw new Error(`no warning in ${JSON.stringify(lines)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(lines.find((l) => /notifications interrupted/.test(l.msg))!.level).toBe(40); // pino's warn
    } finally {
      await gateway.stop();
      await storage.close();
    }
  });
});
