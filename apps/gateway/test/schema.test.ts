import { readFileSync } from 'node:fs';
import {
  type GraphQLCompositeType,
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
} from 'graphql/index.js';
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
      customerDataExport: ['write', 'customer'],
      item: ['read', 'storefront'],
      models: ['read'],
      shop: ['read'],
      recommendations: ['read', 'storefront'],
      trainingJob: ['read'],
      trainingJobs: ['read'],
      train: ['admin'],
      activateModel: ['admin'],
      pruneModels: ['admin'],
      trainPropensity: ['admin'],
      apiKeys: ['admin'],
      trackEvents: ['write', 'storefront'],
      upsertItems: ['write'],
      upsertCustomers: ['write'],
      deleteCustomer: ['write'],
      demandBacktest: ['read'],
      demandForecast: ['read'],
      restoreCustomer: ['write'],
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
      privacyReport: ['read'],
    });
  });
});

/** The types whose fields a key of `scope` can select: a field declares scopes, or its type does, or it inherits. */
function reachableTypes(scope: string): Set<string> {
  const schema = buildGatewaySchema();
  const allowed = (scopes: unknown) => !Array.isArray(scopes) || scopes.includes(scope);
  const seen = new Set<string>();
  const visit = (type: GraphQLCompositeType) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    if (isUnionType(type)) return type.getTypes().forEach(visit);
    for (const field of Object.values(type.getFields())) {
      if (!allowed(field.extensions.scopes ?? type.extensions.scopes)) continue;
      const named = getNamedType(field.type);
      if (isObjectType(named) || isInterfaceType(named) || isUnionType(named)) visit(named);
    }
  };
  for (const root of [schema.getQueryType()!, schema.getMutationType()!]) {
    for (const field of Object.values(root.getFields())) {
      const scopes = field.extensions.scopes ?? ['admin'];
      if (!Array.isArray(scopes) || !scopes.includes(scope)) continue;
      const named = getNamedType(field.type);
      if (isObjectType(named) || isInterfaceType(named) || isUnionType(named)) visit(named);
    }
  }
  return seen;
}

describe('scope paths', () => {
  // Because: a recommendation's explanation, the customer's purchases and views that led to it.
  const CUSTOMER_DATA = [
    'Customer',
    'Event',
    'Score',
    'Consent',
    'CustomerProfile',
    'SegmentMemberEdge',
    'Because',
  ];

  it('leaves no path from a write or storefront root field to customer data', () => {
    for (const scope of ['write', 'storefront']) {
      const reached = reachableTypes(scope);
      expect(
        CUSTOMER_DATA.filter((t) => reached.has(t)),
        scope,
      ).toEqual([]);
    }
  });

  it('lets a read key reach all of it', () => {
    const reached = reachableTypes('read');
    expect(CUSTOMER_DATA.filter((t) => !reached.has(t))).toEqual([]);
  });
});
