import { Writable } from 'node:stream';
import { openStorage } from '@storewise/storage';
import { describe, expect, it } from 'vitest';
import { generateApiKey, hashSecret } from '../src/auth/api-key.js';
import { createLogger } from '../src/observability/logger.js';
import { createGateway } from '../src/server/create-gateway.js';
import { gql } from './harness.js';

describe('logs and metrics', () => {
  it('logs one JSON line per operation with the key id, never the key, and serves Prometheus metrics', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n')) if (l.trim() !== '') lines.push(JSON.parse(l));
        done();
      },
    });
    const storage = await openStorage('memory:');
    const k = generateApiKey();
    await storage.createApiKey({ keyId: k.keyId, secretHash: hashSecret(k.secret), scopes: ['read'] });
    const gateway = await createGateway({ storage, logger: createLogger('info', sink) });
    const url = await gateway.listen(0, '127.0.0.1');
    await gql(url, 'query Probe { health { status } }', { key: k.key });
    await gql(url, '{ health { status } }', { key: `sw_${k.keyId}_${'x'.repeat(32)}` });
    await gql(url, 'mutation { upsertItems(items: [{sku: "A"}]) { inserted } }', { key: k.key });
    // Refused by storage's checks: the client's mistake (BAD_USER_INPUT), as the client is told.
    const w = generateApiKey();
    await storage.createApiKey({ keyId: w.keyId, secretHash: hashSecret(w.secret), scopes: ['write'] });
    const huge = await gql(
      url,
      'mutation Huge { upsertItems(items: [{sku: "y", price: 1e300}]) { inserted } }',
      {
        key: w.key,
      },
    );
    expect(huge.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const text = JSON.stringify(lines);
    expect(text).not.toContain(k.secret);
    expect(text).not.toContain('x'.repeat(32));
    expect(lines.find((l) => l.msg === 'graphql' && l.operation === 'Probe')).toMatchObject({
      type: 'query',
      outcome: 'ok',
      status: 200,
      cost: 1,
      keyId: k.keyId,
    });
    expect(lines.find((l) => l.msg === 'refused API key')).toMatchObject({
      reason: 'the API key is not valid',
    });
    expect(lines.find((l) => l.msg === 'graphql' && l.type === 'mutation')).toMatchObject({
      outcome: 'FORBIDDEN',
      status: 403,
    });

    expect(lines.find((l) => l.msg === 'graphql' && l.operation === 'Huge')).toMatchObject({
      outcome: 'BAD_USER_INPUT',
    });

    const metrics = await (await fetch(url.replace(/graphql$/, 'metrics'))).text();
    expect(metrics).toContain(
      'storewise_graphql_operations_total{type="mutation",outcome="BAD_USER_INPUT"} 1',
    );
    expect(metrics).toContain('storewise_graphql_operations_total{type="query",outcome="ok"} 1');
    expect(metrics).toContain('storewise_graphql_operations_total{type="mutation",outcome="FORBIDDEN"} 1');
    expect(metrics).toContain(
      'storewise_graphql_operations_total{type="unknown",outcome="UNAUTHENTICATED"} 1',
    );
    expect(metrics).toMatch(/storewise_graphql_operation_duration_seconds_count\{type="query"\} 1/);
    expect(metrics).toContain('storewise_process_cpu_seconds_total');
    // No recommender trained in this store: none served.
    expect(metrics).toContain('storewise_recommender_served_version 0');
    await gateway.stop();
    await storage.close();
  });

  it("logs a failed query's SQL but not its values, which name customers", () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString().split('\n')) if (l.trim() !== '') lines.push(JSON.parse(l));
        done();
      },
    });
    const logger = createLogger('info', sink);
    // As drizzle's DrizzleQueryError carries them: the statement, its values and the driver's error.
    const err = Object.assign(new Error('Failed query: SELECT 1 WHERE x = $1'), {
      query: 'SELECT 1 WHERE x = $1',
      params: ['customer-14078'],
      cause: new Error('Connection terminated unexpectedly'),
    });
    logger.error({ err }, 'internal error');
    const text = JSON.stringify(lines);
    expect(text).not.toContain('customer-14078');
    expect(lines[0]).toMatchObject({ err: { query: 'SELECT 1 WHERE x = $1', params: '[redacted]' } });
  });
});
