import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema, printGatewaySchema } from '../src/schema/build-schema.js';

describe('schema snapshot', () => {
  it('matches the committed packages/sdk/schema.graphql (run schema:emit after a deliberate change)', () => {
    const committed = readFileSync(new URL('../../../packages/sdk/schema.graphql', import.meta.url), 'utf8');
    expect(`${printGatewaySchema()}\n`).toBe(committed);
  });

  it('declares access on every root field, and only health is public', () => {
    const schema = buildGatewaySchema();
    const roots = [schema.getQueryType()!, schema.getMutationType()!];
    const access = Object.fromEntries(
      roots.flatMap((t) => Object.values(t.getFields()).map((f) => [f.name, f.extensions.scopes])),
    );
    expect(access).toEqual({
      health: ['public'],
      customer: ['read'],
      item: ['read'],
      models: ['read'],
      shop: ['read'],
      recommendations: ['read', 'storefront'],
      trainingJob: ['read'],
      trainingJobs: ['read'],
      train: ['admin'],
      apiKeys: ['admin'],
      trackEvents: ['write', 'storefront'],
      upsertItems: ['write'],
      upsertCustomers: ['write'],
      deleteCustomer: ['write'],
      createApiKey: ['admin'],
      revokeApiKey: ['admin'],
      segments: ['read'],
      segment: ['read'],
      createSegment: ['write'],
      refreshSegment: ['write'],
      computeCustomerAnalytics: ['admin'],
      campaigns: ['read'],
      campaign: ['read'],
      createCampaign: ['write'],
      startCampaign: ['write'],
      stopCampaign: ['write'],
      offerFor: ['write', 'storefront'],
    });
  });
});
